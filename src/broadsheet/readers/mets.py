"""METS issue files: which ALTO pages make the issue, and which blocks make each article.

Read from the METS:

* ``fileSec``: file ID -> the file's location (relative to the METS file);
* the ``PHYSICAL`` structMap: pages in order (``ORDER``), each with its ALTO
  file (the ``fptr`` whose file is XML / in a ``Fulltext`` / ``ALTO`` group);
* the ``LOGICAL`` structMap: ``ARTICLE`` divs (and other content divs such as
  ``ADVERT``), with their title (MODS ``titleInfo/title`` of the div's DMDID,
  else its ``LABEL``), and the ALTO areas each covers.  Areas are found either
  inside the logical div (``fptr/area``, possibly under ``seq``/``par``, as
  Europeana/ENMAP files do) or through the ``structLink`` (``smLinkGrp`` /
  ``smLink``) to physical ``pagearea`` divs (as British Library files do).

An area is ``(alto file ID, BEGIN, END)``: element IDs in the ALTO file (a
block, a line, or the first and last word of a range).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import UnsupportedInputError
from .xmlsafe import localname, parse_safe

__all__ = ["Area", "MetsArticle", "MetsIssue", "MetsPage", "read_mets"]

XLINK = "{http://www.w3.org/1999/xlink}"
#: logical div types that are content units of their own (not containers)
CONTENT_TYPES = frozenset({"ARTICLE", "ADVERT", "ADVERTISEMENT", "ILLUSTRATION", "PICTURE", "TABLE", "ENTRY"})


@dataclass(frozen=True)
class Area:
    file_id: str
    begin: str
    end: str = ""


@dataclass
class MetsArticle:
    id: str
    type: str
    title: str | None
    areas: list[Area] = field(default_factory=list)


@dataclass
class MetsPage:
    order: int
    file_id: str
    path: Path


@dataclass
class MetsIssue:
    path: Path
    title: str | None
    pages: list[MetsPage]
    articles: list[MetsArticle]
    notes: list[str] = field(default_factory=list)

    @property
    def article_divs(self) -> list[MetsArticle]:
        return [a for a in self.articles if a.type == "ARTICLE"]


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if localname(c) == name]


def _descendants(el: Any, name: str) -> list[Any]:
    return [c for c in el.iter() if localname(c) == name]


def _href(el: Any) -> str:
    return el.get(f"{XLINK}href") or el.get("href") or ""


def _resolve(base: Path, href: str) -> Path | None:
    """A local path for a METS file location; None for remote URLs (never fetched)."""
    parsed = urlparse(href)
    if parsed.scheme and parsed.scheme not in ("file",) and len(parsed.scheme) > 1:
        return None
    raw = unquote(parsed.path if parsed.scheme == "file" else href)
    p = Path(raw)
    if not p.is_absolute():
        p = base / p
    if not p.exists():
        # docWorks METS sometimes point at a sibling folder layout: try the bare name
        alt = base / Path(raw).name
        if alt.exists():
            return alt
    return p


def _titles(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for dmd in _descendants(root, "dmdSec"):
        did = dmd.get("ID")
        if not did:
            continue
        for ti in _descendants(dmd, "titleInfo"):
            parts = [" ".join((t.text or "").split()) for t in ti if localname(t) in ("title", "subTitle")]
            text = " ".join(p for p in parts if p)
            if text:
                out[did] = text
                break
    return out


def _areas(el: Any) -> list[Area]:
    out = []
    for area in _descendants(el, "area"):
        begin = area.get("BEGIN")
        if begin and area.get("FILEID"):
            out.append(Area(area.get("FILEID"), begin, area.get("END") or ""))
    return out


def read_mets(path: Path, *, max_bytes: int | None = None) -> MetsIssue:
    """Read a METS issue file (no ALTO is read here)."""
    root = parse_safe(path, max_bytes=max_bytes)
    if localname(root) != "mets":
        raise UnsupportedInputError(f"not a METS file (root element <{localname(root)}>)", source=str(path))
    base = path.parent
    notes: list[str] = []
    files: dict[str, tuple[Path | None, str, str]] = {}  # id -> (path, mimetype, group USE)
    for grp in _descendants(root, "fileGrp"):
        use = (grp.get("USE") or grp.get("ID") or "").lower()
        for f in _children(grp, "file"):
            loc = next(iter(_descendants(f, "FLocat")), None)
            href = _href(loc) if loc is not None else ""
            files[f.get("ID") or ""] = (_resolve(base, href) if href else None, (f.get("MIMETYPE") or "").lower(), use)

    def is_alto(fid: str) -> bool:
        p, mime, use = files.get(fid, (None, "", ""))
        if p is None:
            return False
        return "xml" in mime or p.suffix.lower() in (".xml", ".alto") or "text" in use or "alto" in use

    structmaps = _descendants(root, "structMap")
    physical = [s for s in structmaps if (s.get("TYPE") or "").upper() == "PHYSICAL"]
    logical = [s for s in structmaps if (s.get("TYPE") or "").upper() == "LOGICAL"]

    pages: list[MetsPage] = []
    page_areas: dict[str, list[Area]] = {}  # physical div ID -> its ALTO areas
    if physical:
        page_divs = [
            d for d in _descendants(physical[0], "div") if (d.get("TYPE") or "").lower() == "page"
        ]
        for k, d in enumerate(page_divs, start=1):
            alto = next((fp.get("FILEID") for fp in _children(d, "fptr") if is_alto(fp.get("FILEID") or "")), None)
            if alto is None:
                alto = next((a.file_id for a in _areas(d) if is_alto(a.file_id)), None)
            if alto is None:
                continue
            try:
                order = int(d.get("ORDER") or k)
            except ValueError:
                order = k
            p = files[alto][0]
            assert p is not None
            pages.append(MetsPage(order, alto, p))
        for d in _descendants(physical[0], "div"):
            if d.get("ID"):
                page_areas[d.get("ID")] = [a for a in _areas(d) if is_alto(a.file_id)]
    else:  # no physical map: every ALTO file of the fileSec, in order
        for k, (fid, _) in enumerate((fid, v) for fid, v in files.items() if is_alto(fid)):
            p = files[fid][0]
            assert p is not None
            pages.append(MetsPage(k + 1, fid, p))
    pages.sort(key=lambda pg: pg.order)
    if not pages:
        raise UnsupportedInputError("the METS file lists no ALTO pages", source=str(path))

    # structLink: logical div ID -> physical div IDs, in link order
    links: dict[str, list[str]] = {}
    for grp in _descendants(root, "smLinkGrp"):
        locs = {
            (loc.get(f"{XLINK}label") or ""): _href(loc).lstrip("#") for loc in _children(grp, "smLocatorLink")
        }
        for arc in _children(grp, "smArcLink"):
            src = locs.get(arc.get(f"{XLINK}from") or "")
            dst = locs.get(arc.get(f"{XLINK}to") or "")
            if src and dst:
                links.setdefault(src, []).append(dst)
    for sm in _descendants(root, "smLink"):
        src = (sm.get(f"{XLINK}from") or "").lstrip("#")
        dst = (sm.get(f"{XLINK}to") or "").lstrip("#")
        if src and dst:
            links.setdefault(src, []).append(dst)

    titles = _titles(root)
    articles: list[MetsArticle] = []
    issue_title: str | None = None
    if logical:
        for d in _descendants(logical[0], "div"):
            dtype = (d.get("TYPE") or "").upper()
            if dtype == "ISSUE" and issue_title is None:
                issue_title = d.get("LABEL")
            if dtype not in CONTENT_TYPES:
                continue
            # a content div nested in another content div belongs to the outer one
            parent = d.getparent()
            nested = False
            while parent is not None:
                if localname(parent) == "div" and (parent.get("TYPE") or "").upper() in CONTENT_TYPES:
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            areas = [a for a in _areas(d) if is_alto(a.file_id)]
            for target in links.get(d.get("ID") or "", []):
                areas += page_areas.get(target, [])
            title = None
            for dmd in (d.get("DMDID") or "").split():
                if dmd in titles:
                    title = titles[dmd]
                    break
            if title is None and d.get("LABEL"):
                title = " ".join((d.get("LABEL") or "").split()) or None
            articles.append(MetsArticle(d.get("ID") or f"div{len(articles) + 1}", dtype, title, areas))
    missing = [pg for pg in pages if not pg.path.exists()]
    if missing:
        notes.append(f"{len(missing)} ALTO file(s) named in the METS are missing: {missing[0].path.name} ...")
    return MetsIssue(path, issue_title, pages, articles, notes)
