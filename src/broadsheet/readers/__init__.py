"""Input readers: each turns one kind of file into the one model.

:func:`kind_of` tells the kind of a path from its suffix and first bytes;
:func:`read` rebuilds it.  Plain text goes through :func:`broadsheet.engine.rebuild`;
geometric inputs (PDF, ALTO, METS, hOCR) through their reader and
:func:`broadsheet.geometry.rebuild_pages`.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from ..errors import UnsupportedInputError

#: file suffixes a batch picks up when it walks a folder
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".pdf", ".xml", ".alto", ".hocr", ".html", ".htm")


def kind_of(path: Path, head: bytes | None = None) -> str:
    """``"text"``, ``"pdf"``, ``"alto"``, ``"mets"`` or ``"hocr"``."""
    if head is None:
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            head = b""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    sniff = head.lower()
    if suffix in (".hocr", ".html", ".htm") or b"ocr_page" in sniff or b"ocr_line" in sniff:
        return "hocr"
    if suffix in (".xml", ".alto") or sniff.lstrip().startswith(b"<?xml"):
        if b"<mets" in sniff or b":mets" in sniff:
            return "mets"
        return "alto"
    return "text"


def read(path: Path, **options: Any) -> Any:
    """Rebuild the document at ``path`` with the reader for its kind."""
    kind = kind_of(path)
    if kind == "pdf":
        return _module("pdf", path).rebuild_pdf(path, **options)
    if kind in ("alto", "mets", "hocr"):
        return _module("ocr", path).rebuild_ocr(path, kind=kind, **options)
    raise UnsupportedInputError("not a geometric input", source=str(path))


def _module(name: str, path: Path) -> Any:
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ImportError as exc:
        raise UnsupportedInputError(f"no reader for this input ({name}): {exc}", source=str(path)) from None


def parse_page_spec(spec: str | None, count: int) -> list[int]:
    """``"1-3,5"`` → ``[0, 1, 2, 4]`` (0-based, in range, in order, no repeats)."""
    if not spec:
        return list(range(count))
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d*))?", part)
        if not m:
            raise UnsupportedInputError(f"bad page range {part!r} (use e.g. 1-3,5)")
        lo = int(m.group(1))
        hi = lo if m.group(2) is None else (int(m.group(2)) if m.group(2) else count)
        for p in range(max(lo, 1), min(hi, count) + 1):
            if p - 1 not in out:
                out.append(p - 1)
    if not out:
        raise UnsupportedInputError(f"page range {spec!r} selects no page of {count}")
    return out
