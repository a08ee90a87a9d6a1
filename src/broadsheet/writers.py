"""Render a :class:`~broadsheet.model.Document` as JSON, Markdown or plain text.

Every writer is a pure function of the document: no I/O, no global state.

* :func:`to_json` - the article JSON of ``shared/FORMAT.md`` (plus offsets, notes and,
  with ``explain=True``, the repairs); ``json.loads(to_json(doc)) == doc.to_dict()``.
* :func:`to_markdown` - one ``#`` section per article, furniture listed at the end.
* :func:`to_text` - plain text, articles separated by a rule.
* :func:`explain_lines` - one human-readable line per repair, grouped by stage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .model import Article, Document, Repair

__all__ = [
    "RULE",
    "explain_lines",
    "group_repairs",
    "markdown_explanations",
    "text_explanations",
    "to_json",
    "to_markdown",
    "to_text",
]

#: The rule between articles in plain text.
RULE = "-" * 72

#: Stages listed first, in this order, by :func:`explain_lines`; any other stage
#: follows in alphabetical order.
STAGE_ORDER: tuple[str, ...] = ("role", "hyphen", "dropcap", "fused-compound", "paragraph")

#: Longest before/after text shown in one explanation line.
EXPLAIN_MAX_CHARS = 60


# --------------------------------------------------------------------------
# JSON


def to_json(doc: Document, explain: bool = False, *, indent: int | None = 2, offsets: bool = True) -> str:
    """The article JSON of ``doc``; ``indent=None`` gives a single line (for JSON Lines)."""
    separators = (",", ":") if indent is None else None
    return json.dumps(
        doc.to_dict(offsets=offsets, explain=explain),
        ensure_ascii=False,
        indent=indent,
        separators=separators,
    )


# --------------------------------------------------------------------------
# Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")


def _md(text: str) -> str:
    """Escape ``text`` so Markdown shows it as written (inline markup and block starts)."""
    text = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _byline_line(article: Article) -> str | None:
    parts: list[str] = []
    if article.byline is not None and article.byline.text.strip():
        parts.append("By " + article.byline.text.strip())
    if article.dateline is not None and article.dateline.text.strip():
        parts.append(article.dateline.text.strip())
    return " · ".join(parts) if parts else None


def _article_markdown(article: Article, number: int) -> list[str]:
    out: list[str] = []
    if article.headline is not None and article.headline.text.strip():
        out.append("# " + _md(article.headline.text))
    else:
        out.append(f"# Article {number} (no headline)")
    out.append("")
    for deck in article.decks:
        out += ["## " + _md(deck.text), ""]
    meta = _byline_line(article)
    if meta is not None:
        out += [f"*{_md(meta)}*", ""]
    for para in article.paragraphs:
        out += [_md(para.text), ""]
    for quote in article.pull_quotes:
        out += ["> " + _md(quote.text), ""]
    for caption in article.captions:
        out += [f"*{_md(caption.text)}*", ""]
    return out


def to_markdown(doc: Document, *, explain: bool = False) -> str:
    """Markdown: ``#`` headline, italic byline/dateline line, paragraphs, ``>`` pull quotes,
    italic captions; furniture, unassigned text and notes listed at the end."""
    out: list[str] = []
    for n, article in enumerate(doc.articles, 1):
        if n > 1:
            out += ["---", ""]
        out += _article_markdown(article, n)
    if not doc.articles:
        out += ["*No articles found.*", ""]
    if doc.furniture:
        out += ["---", "", "## Page furniture", ""]
        out += [f"- {_md(item.text)}" for item in doc.furniture]
        out.append("")
    if doc.unassigned:
        out += ["## Unassigned text", ""]
        out += [f"- {_md(item.text)}" for item in doc.unassigned]
        out.append("")
    if doc.notes:
        out += ["## Notes", ""]
        out += [f"- {_md(note)}" for note in doc.notes]
        out.append("")
    if explain:
        out += markdown_explanations(doc)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# Plain text


def _article_text(article: Article) -> list[str]:
    out: list[str] = []
    if article.headline is not None and article.headline.text.strip():
        out.append(article.headline.text.strip())
    out += [deck.text.strip() for deck in article.decks]
    meta = _byline_line(article)
    if meta is not None:
        out.append(meta)
    if out:
        out.append("")
    for para in article.paragraphs:
        out += [para.text, ""]
    for quote in article.pull_quotes:
        out += [f"[pull quote] {quote.text}", ""]
    for caption in article.captions:
        out += [f"[caption] {caption.text}", ""]
    return out


def to_text(doc: Document, *, explain: bool = False) -> str:
    """Plain text: each article's headline, byline, paragraphs; articles separated by a rule."""
    out: list[str] = []
    for n, article in enumerate(doc.articles):
        if n:
            out += [RULE, ""]
        out += _article_text(article)
    if not doc.articles:
        out += ["(no articles found)", ""]
    if doc.furniture:
        out += [RULE, "", "Page furniture:"]
        out += [f"  {item.text}" for item in doc.furniture]
        out.append("")
    if doc.unassigned:
        out += ["Unassigned text:"]
        out += [f"  {item.text}" for item in doc.unassigned]
        out.append("")
    if doc.notes:
        out += ["Notes:"]
        out += [f"  {note}" for note in doc.notes]
        out.append("")
    if explain:
        out += text_explanations(doc)
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# Explanations


def _short(text: str) -> str:
    """``text`` quoted on one line (a real line break shown as ``\\n``), cut to EXPLAIN_MAX_CHARS."""
    text = " ".join(text.replace("\n", "\\n").split())
    if len(text) > EXPLAIN_MAX_CHARS:
        text = text[: EXPLAIN_MAX_CHARS - 1] + "…"
    return f"'{text}'"


def _stage_key(stage: str) -> tuple[int, str]:
    return (STAGE_ORDER.index(stage), "") if stage in STAGE_ORDER else (len(STAGE_ORDER), stage)


def group_repairs(repairs: Iterable[Repair]) -> dict[str, list[Repair]]:
    """Repairs by stage (known stages first), each group in page order (by offset)."""
    groups: dict[str, list[Repair]] = {}
    for repair in repairs:
        groups.setdefault(repair.stage, []).append(repair)
    ordered: dict[str, list[Repair]] = {}
    for stage in sorted(groups, key=_stage_key):
        # stable sort: repairs without an offset keep their order, after the others
        ordered[stage] = sorted(groups[stage], key=lambda r: (r.offset is None, r.offset or 0))
    return ordered


def _describe(repair: Repair) -> str:
    where = f"@{repair.offset}" if repair.offset is not None else "@?"
    if repair.before and repair.after:
        change = f"{_short(repair.before)} -> {_short(repair.after)}"
    elif repair.after:
        change = _short(repair.after)
    elif repair.before:
        change = f"{_short(repair.before)} -> (removed)"
    else:
        change = ""
    why = f": {repair.why}" if repair.why else ""
    return f"[{repair.stage}] {where} {repair.action} {change}".rstrip() + why


def explain_lines(doc: Document) -> list[str]:
    """One human-readable line per repair, grouped by stage, in page order within a stage.

    Example: ``[hyphen] @195 join 'deci-\\nsion' -> 'decision': 'decision' is a word``.
    """
    return [_describe(r) for group in group_repairs(doc.all_repairs()).values() for r in group]


def markdown_explanations(doc: Document) -> list[str]:
    """The ``## Explanations`` section of the Markdown output, as lines."""
    out = ["## Explanations", ""]
    groups = group_repairs(doc.all_repairs())
    if not groups:
        return [*out, "No repairs were made.", ""]
    for stage, repairs in groups.items():
        out += [f"### {stage} ({len(repairs)})", ""]
        out += ["- `" + _describe(r).replace("`", "'") + "`" for r in repairs]
        out.append("")
    return out


def text_explanations(doc: Document) -> list[str]:
    """The ``Explanations`` section of the plain-text output, as lines."""
    lines = explain_lines(doc)
    out = [RULE, "", f"Explanations ({len(lines)} repairs):"]
    out += [f"  {line}" for line in lines] if lines else ["  no repairs were made"]
    out.append("")
    return out
