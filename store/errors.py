"""Errors the store raises. Each carries a message a person can act on."""


class StoreError(Exception):
    """Base class: anything that goes wrong in the store, said in one line."""


class NoStoreError(StoreError):
    """The store directory has no root file yet."""


class SchemaTooNewError(StoreError):
    """The store was written by a newer okr-checkin."""


class CorruptFileError(StoreError):
    """A store file does not parse or does not validate. It is never overwritten."""


class MissingFileError(CorruptFileError):
    """A cycle the root file lists has no file: restored from a backup, never recreated empty."""


class _Detailed(StoreError):
    """``str(e)`` is the one line; the attributes say the same for callers that need not parse it:
    ``field`` the field the user knows, ``limit`` the bound broken, ``value_id`` the id concerned."""

    def __init__(self, message: str, *, field: str = "", limit: object = None, value_id: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.limit = limit
        self.value_id = value_id


class NotFoundError(_Detailed):
    """An id, cycle or meeting that does not exist (``value_id``)."""


class InvalidInputError(_Detailed):
    """User input outside what the store accepts."""


class LimitError(_Detailed):
    """The OKR guide's limits (5 objectives, 4 key results) would be exceeded."""
