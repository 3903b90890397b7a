"""Errors the store raises. Each carries a message a person can act on."""


class StoreError(Exception):
    """Base class: anything that goes wrong in the store, said in one line."""


class NoStoreError(StoreError):
    """The store directory has no root file yet."""


class SchemaTooNewError(StoreError):
    """The store was written by a newer okr-checkin."""


class CorruptFileError(StoreError):
    """A store file does not parse or does not validate. It is never overwritten."""


class NotFoundError(StoreError):
    """An id, cycle or meeting that does not exist."""


class InvalidInputError(StoreError):
    """User input outside what the store accepts."""


class LimitError(StoreError):
    """The OKR guide's limits (5 objectives, 4 key results) would be exceeded."""
