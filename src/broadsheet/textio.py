"""Turning user input (str, bytes, path) into clean page text, or a clear error."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
)

#: Largest input accepted by default (bytes).  A broadsheet page is a few tens
#: of kilobytes; 64 MiB leaves room for whole-issue text dumps while keeping
#: memory bounded (the engine holds a few copies of the text).
MAX_INPUT_BYTES = 64 * 1024 * 1024

#: Longest line kept as it is.  Real extractor lines are < 1,000 characters;
#: longer "lines" (a file with no newlines) are wrapped at spaces first so the
#: line-based stages stay linear.  The longest dev-corpus line is < 200
#: characters; layout-preserving extractors print up to ~300.
MAX_LINE_CHARS = 1000

#: A UTF-8 text with at most this many invalid bytes, and at least this many
#: well-formed non-ASCII characters per invalid byte, stays UTF-8 (a stray
#: byte from a bad copy-paste must not send the page to another code page).
STRAY_BYTES_MAX = 20
STRAY_GOOD_RATIO = 2

#: Share of control characters (other than tab/newline/CR/FF) above which the
#: input is taken as binary.  Text from extractors has none; 5 % tolerates a
#: few stray bytes in otherwise good text.
BINARY_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()


_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
)


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_share(text: str) -> float:
    """Share of control characters (other than tab/newline/CR/FF/VT) and U+FFFD."""
    if not text:
        return 0.0
    sample = text[:200_000]
    return len(_CONTROL_RE.findall(sample)) / len(sample)


def decode_bytes(data: bytes, *, source: str | None = None, max_bytes: int = MAX_INPUT_BYTES) -> DecodedText:
    """Decode raw bytes to text, detecting the encoding; raise a coded error if impossible."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"input is {len(data):,} bytes, over the limit of {max_bytes:,}", source=source
        )
    if not data.strip():
        raise EmptyInputError("input is empty", source=source)
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            kind = "a PDF" if magic == b"%PDF" else "a binary file"
            raise BinaryInputError(
                f"input is {kind}, not text (starts with {magic[:4]!r})", source=source
            )
    notes: list[str] = []
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        loose = data.decode(encoding, errors="replace")
        bad = loose.count("\ufffd")
        good = sum(1 for ch in loose if ord(ch) > 0x7F) - bad
        if bad <= STRAY_BYTES_MAX and good >= STRAY_GOOD_RATIO * bad:
            # UTF-8 with a few stray bytes: keep UTF-8, mark the bad bytes
            notes.append(f"{bad} byte(s) are not valid UTF-8 (first at byte {exc.start}); replaced by U+FFFD")
            text = loose
        else:
            guess = _guess_encoding(data)
            if guess is None:
                raise EncodingError(
                    f"input is not valid UTF-8 (byte {exc.start}) and no other encoding fits",
                    source=source,
                ) from None
            encoding = guess
            text = data.decode(guess, errors="replace")
            notes.append(f"input is not UTF-8; decoded as {guess}")
    if "\x00" in text:
        nul = text.count("\x00")
        if nul > len(text) * BINARY_CONTROL_SHARE:
            raise BinaryInputError(
                f"input has {nul:,} NUL bytes: a binary file, not text", source=source
            )
        text = text.replace("\x00", " ")
        notes.append(f"{nul} NUL byte(s) replaced by spaces")
    if _control_share(text) > BINARY_CONTROL_SHARE:
        raise BinaryInputError("input is mostly control characters: a binary file, not text", source=source)
    return DecodedText(text, encoding, tuple(notes))


#: Characters a Western European news page is made of: the share of them in a
#: decoding is how plausible it is.
_PLAUSIBLE = re.compile("[\x20-\x7e\n\r\t\u00a0-\u00ff\u2010-\u2026\u20ac\u0152\u0153]")


def _plausibility(text: str) -> float:
    sample = text[:200_000]
    return len(_PLAUSIBLE.findall(sample)) / max(len(sample), 1)


def _guess_encoding(data: bytes) -> str | None:
    """The encoding that turns ``data`` into the most plausible text.

    charset-normalizer's best guess competes with the Western code pages that
    most non-UTF-8 news text is in; a guess wins only if its text is more
    plausible (charset detectors confuse Latin-1 with Baltic/Central European
    pages on short French or German text).
    """
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is not None:
            candidates.append(str(best.encoding))
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        pass
    candidates += ["cp1252", "latin-1"]
    scored: list[tuple[float, int, str]] = []
    for rank, enc in enumerate(candidates):
        try:
            text = data[:1_000_000].decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_plausibility(text), -rank, enc))
    if not scored:
        return None
    return max(scored)[2]


def read_source(source: str | bytes | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> DecodedText:
    """Accept page text as ``str``, raw ``bytes`` or a ``Path`` to a text file."""
    if isinstance(source, Path):
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise InputNotFoundError(f"cannot read file: {exc.strerror}", source=str(source)) from None
        if size > max_bytes:
            raise InputTooLargeError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}", source=str(source)
            )
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise InputNotFoundError(f"cannot read file: {exc.strerror}", source=str(source)) from None
        return decode_bytes(data, source=str(source), max_bytes=max_bytes)
    if isinstance(source, bytes):
        return decode_bytes(source, max_bytes=max_bytes)
    if len(source) > max_bytes:
        raise InputTooLargeError(f"input is {len(source):,} characters, over the limit of {max_bytes:,}")
    if not source.strip():
        raise EmptyInputError("input is empty")
    if "\x00" in source:
        nul = source.count("\x00")
        if nul > len(source) * BINARY_CONTROL_SHARE:
            raise BinaryInputError(f"input has {nul:,} NUL characters: binary data, not text")
        return DecodedText(source.replace("\x00", " "), "str", (f"{nul} NUL character(s) replaced by spaces",))
    if _control_share(source) > BINARY_CONTROL_SHARE:
        raise BinaryInputError("input is mostly control characters: binary data, not text")
    return DecodedText(source, "str")
