"""Storage: the only package that opens the database (see db.py for why it stays short)."""

from flows.store.db import (
    SQL_DIR,
    DatabaseBusy,
    StoreError,
    connect,
    migrate,
    transaction,
)

__all__ = ["SQL_DIR", "DatabaseBusy", "StoreError", "connect", "migrate", "transaction"]
