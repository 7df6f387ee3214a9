"""The weekly digest: Markdown, a self-contained HTML page and JSON for one ISO week.

    digest = build_digest(db_path, last_complete_week())
    paths = write_digest(digest, folder)       # digest-2026-W47.md / .html / .json
    deliver(digest, paths, config.digest)      # email and webhook, when configured
"""

from flows.digest.data import DEFAULT_TOP, build_digest
from flows.digest.deliver import deliver
from flows.digest.errors import DeliveryError, DigestError
from flows.digest.records import Digest
from flows.digest.render import load_digest, render_html, render_json, render_markdown, write_digest
from flows.digest.weeks import last_complete_week, parse_week

__all__ = ["DEFAULT_TOP", "DeliveryError", "Digest", "DigestError", "build_digest", "deliver",
           "last_complete_week", "load_digest", "parse_week", "render_html", "render_json",
           "render_markdown", "write_digest"]
