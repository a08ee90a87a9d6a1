"""Typed exceptions with stable codes.

Every error broadsheet raises on purpose is a :class:`BroadsheetError` whose
``code`` never changes between releases, so scripts can match on it.  The CLI
prints ``[CODE] message`` and exits with :data:`EXIT_CODES` of the error class.

| code | class                | meaning                                         |
|------|----------------------|-------------------------------------------------|
| B100 | BroadsheetError      | generic failure                                 |
| B101 | EmptyInputError      | the input has no text at all                    |
| B102 | BinaryInputError     | the input looks like a binary file, not text    |
| B103 | EncodingError        | the bytes could not be decoded as text          |
| B104 | InputTooLargeError   | the input exceeds the configured size limit     |
| B105 | InputNotFoundError   | the path does not exist or cannot be read       |
| B106 | UnsupportedInputError| a format broadsheet does not read (yet)         |
| B107 | MalformedInputError  | a PDF/XML file is truncated or not well formed  |
| B108 | EncryptedInputError  | a PDF is encrypted and cannot be opened         |
| B109 | UnsafeInputError     | XML with a DTD, external entities or an entity  |
|      |                      | bomb, refused before parsing                    |
| B201 | CorpusError          | an evaluation corpus is missing or malformed    |
"""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base class: an error with a stable code."""

    code = "B100"
    exit_code = 10

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"[{self.code}] {self.message}{where}"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "source": self.source}


class EmptyInputError(BroadsheetError):
    code = "B101"
    exit_code = 11


class BinaryInputError(BroadsheetError):
    code = "B102"
    exit_code = 12


class EncodingError(BroadsheetError):
    code = "B103"
    exit_code = 13


class InputTooLargeError(BroadsheetError):
    code = "B104"
    exit_code = 14


class InputNotFoundError(BroadsheetError):
    code = "B105"
    exit_code = 15


class UnsupportedInputError(BroadsheetError):
    code = "B106"
    exit_code = 16


class MalformedInputError(BroadsheetError):
    code = "B107"
    exit_code = 17


class EncryptedInputError(BroadsheetError):
    code = "B108"
    exit_code = 18


class UnsafeInputError(BroadsheetError):
    code = "B109"
    exit_code = 19


class CorpusError(BroadsheetError):
    code = "B201"
    exit_code = 21


ALL_ERRORS: tuple[type[BroadsheetError], ...] = (
    BroadsheetError,
    EmptyInputError,
    BinaryInputError,
    EncodingError,
    InputTooLargeError,
    InputNotFoundError,
    UnsupportedInputError,
    MalformedInputError,
    EncryptedInputError,
    UnsafeInputError,
    CorpusError,
)
