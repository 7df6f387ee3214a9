"""The digest's errors, each said in one line."""


class DigestError(Exception):
    """A digest that cannot be built as asked (a malformed week, a missing database)."""


class DeliveryError(Exception):
    """A delivery that failed; `done` lists the deliveries that went through before it."""

    def __init__(self, message: str, done: list[str] | None = None):
        super().__init__(message)
        self.done = done or []
