"""The one error every discovery parser raises for input it cannot use."""

from __future__ import annotations

# A reason is shown on one line of a run report; past this it is noise, not explanation.
_MAX_REASON_CHARS = 300


class DiscoveryError(Exception):
    """Broken or refused discovery input. str(error) is always one human-readable line."""

    def __init__(self, reason: object) -> None:
        line = " ".join(str(reason).split())
        if len(line) > _MAX_REASON_CHARS:
            line = line[: _MAX_REASON_CHARS - 3] + "..."
        super().__init__(line)
