"""Safe XML parsing for the OCR readers (ALTO, METS, hOCR).

Three layers of defence, each enough on its own for the attack it names:

1. The file size is checked before anything is read (error B104), so a huge
   file never reaches the parser.
2. The prolog (everything before the root element) is scanned before parsing.
   A DOCTYPE with an internal subset or any ``<!ENTITY`` declaration is
   refused (B109): that is where billion-laughs bombs and external entities
   (``file://``, ``http://``) are declared.  A DOCTYPE that names an external
   DTD is refused too (loading it would mean file or network access), except
   the standard W3C (X)HTML public identifiers that hOCR files carry; those are
   accepted and never fetched.
3. lxml runs with ``resolve_entities=False, no_network=True, load_dtd=False,
   huge_tree=False``: no entity is expanded, nothing is fetched, and libxml2's
   own limits on depth and text-node size stay on (B104 when hit).

Parser errors come out as :class:`~broadsheet.errors.MalformedInputError`
(B107), never as raw lxml exceptions.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..errors import (
    InputNotFoundError,
    InputTooLargeError,
    MalformedInputError,
    UnsafeInputError,
)
from ..textio import MAX_INPUT_BYTES

__all__ = [
    "MAX_PROLOG_BYTES",
    "check_prolog",
    "check_size",
    "iterparse_safe",
    "localname",
    "parse_safe",
]

#: The prolog (XML declaration, comments, DOCTYPE) must end within this many
#: bytes.  Real ALTO/METS/hOCR prologs are under 1 KB; a longer one is either
#: a crafted file or not XML at all.
MAX_PROLOG_BYTES = 64 * 1024

#: Public identifiers of DTDs that may be named (never loaded): the XHTML and
#: HTML doctypes that hOCR writers (Tesseract, OCRopus, kraken) print.
ALLOWED_PUBLIC_IDS = ("-//W3C//DTD XHTML", "-//W3C//DTD HTML")

_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PUBLIC_RE = re.compile(r"\bPUBLIC\s+([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_SYSTEM_RE = re.compile(r"\bSYSTEM\b", re.IGNORECASE)

# libxml2 messages that mean "too big", not "broken"
_TOO_LARGE_MARKERS = ("excessive depth", "huge text node", "huge input", "maximum depth", "xml_parse_huge")
_UNSAFE_MARKERS = ("entity reference loop", "amplification", "entity loop")


def check_size(path: Path, max_bytes: int | None) -> int:
    """The file's size; B105 when it cannot be read, B104 over the limit."""
    limit = MAX_INPUT_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputNotFoundError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from None
    if not path.is_file():
        raise InputNotFoundError("not a file", source=str(path))
    if size > limit:
        raise InputTooLargeError(f"{size} bytes is over the limit of {limit} bytes", source=str(path))
    return size


def _decode_head(head: bytes) -> str:
    """The head as text, good enough to read markup in (UTF-16 aware)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    if len(head) > 1 and head[0] == 0 and head[1] == ord("<"):
        return head.decode("utf-16-be", errors="replace")
    if len(head) > 1 and head[0] == ord("<") and head[1] == 0:
        return head.decode("utf-16-le", errors="replace")
    return head.decode("latin-1")


def _prolog_end(text: str) -> int | None:
    """Index where the root element starts, or None when the head ends first."""
    i = 0
    n = len(text)
    while i < n:
        j = text.find("<", i)
        if j < 0 or j + 1 >= n:
            return None
        if text.startswith("<?", j):
            k = text.find("?>", j + 2)
            if k < 0:
                return None
            i = k + 2
        elif text.startswith("<!--", j):
            k = text.find("-->", j + 4)
            if k < 0:
                return None
            i = k + 3
        elif text.startswith("<!", j):
            decl_end = _declaration_end(text, j)
            if decl_end is None:
                return None
            i = decl_end
        else:
            return j
    return None


def _declaration_end(text: str, start: int) -> int | None:
    """End of a ``<!...>`` declaration, skipping quoted strings and a ``[...]`` subset."""
    quote = ""
    depth = 0
    for k in range(start + 2, len(text)):
        ch = text[k]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == ">" and depth <= 0:
            return k + 1
    return None


def check_prolog(head: bytes, *, source: str | None = None) -> None:
    """Refuse (B109) a prolog that declares entities, has an internal DTD subset or names an external DTD."""
    text = _decode_head(head)
    if _ENTITY_RE.search(head) or "<!ENTITY" in text.upper():
        raise UnsafeInputError(
            "XML with ENTITY declarations is refused (entity bombs, external entities)", source=source
        )
    end = _prolog_end(text)
    if end is None:
        if _DOCTYPE_RE.search(head) or "<!DOCTYPE" in text.upper():
            raise UnsafeInputError("DOCTYPE declaration does not end within the first 64 KB: refused", source=source)
        if len(head) >= MAX_PROLOG_BYTES:
            raise UnsafeInputError("no root element within the first 64 KB: refused", source=source)
        return  # a short file without a root element: the parser reports it as malformed
    prolog = text[:end]
    m = re.search(r"<!DOCTYPE", prolog, re.IGNORECASE)
    if m is None:
        return
    decl_end = _declaration_end(prolog, m.start()) or end
    decl = prolog[m.start() : decl_end]
    if "[" in decl:
        raise UnsafeInputError("DOCTYPE with an internal subset is refused (entity declarations)", source=source)
    public = _PUBLIC_RE.search(decl)
    if public is not None:
        if public.group(2).strip().startswith(ALLOWED_PUBLIC_IDS):
            return  # a standard (X)HTML doctype: named, never loaded
        raise UnsafeInputError(
            f"DOCTYPE naming an external DTD ({public.group(2).strip()!r}) is refused: it is never fetched",
            source=source,
        )
    if _SYSTEM_RE.search(decl):
        raise UnsafeInputError(
            "DOCTYPE naming an external DTD by SYSTEM identifier is refused (file or network access)", source=source
        )


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_PROLOG_BYTES)
    except OSError as exc:
        raise InputNotFoundError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from None


def _parser_kwargs() -> dict[str, Any]:
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def _translate(exc: Exception, source: str) -> Exception:
    message = str(exc)
    low = message.lower()
    if any(m in low for m in _TOO_LARGE_MARKERS):
        return InputTooLargeError(f"XML exceeds the parser's safety limits: {message}", source=source)
    if any(m in low for m in _UNSAFE_MARKERS):
        return UnsafeInputError(f"XML entity expansion refused: {message}", source=source)
    return MalformedInputError(f"not well-formed XML: {message}", source=source)


def parse_safe(path: Path, *, max_bytes: int | None = None) -> etree._Element:
    """Parse a whole (small) XML file safely; return its root element."""
    check_size(path, max_bytes)
    check_prolog(_read_head(path), source=str(path))
    parser = etree.XMLParser(**_parser_kwargs())
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise _translate(exc, str(path)) from None
    except OSError as exc:
        raise InputNotFoundError(f"cannot read the file: {exc}", source=str(path)) from None
    return tree.getroot()


@contextmanager
def iterparse_safe(path: Path, *, max_bytes: int | None = None) -> Iterator[Iterator[tuple[str, Any]]]:
    """``start``/``end`` events over a file, for readers that free elements as they go.

    Errors raised while iterating are translated into broadsheet errors.
    """
    check_size(path, max_bytes)
    check_prolog(_read_head(path), source=str(path))
    try:
        with path.open("rb") as fh:
            events = etree.iterparse(fh, events=("start", "end"), **_parser_kwargs())
            yield _guarded(events, str(path))
    except OSError as exc:
        raise InputNotFoundError(f"cannot read the file: {exc}", source=str(path)) from None


def _guarded(events: Any, source: str) -> Iterator[tuple[str, Any]]:
    try:
        yield from events
    except etree.XMLSyntaxError as exc:
        raise _translate(exc, source) from None


def localname(el: Any) -> str:
    """The tag without its namespace (``{ns}String`` gives ``String``); '' for comments/PIs."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
