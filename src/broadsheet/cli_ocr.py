"""OCR commands of the ``broadsheet`` command line.

::

    broadsheet eval-mets ISSUE_METS.xml [--pages 1-3] [--lang xx] [--json]

rebuilds a METS/ALTO issue twice, with the METS ARTICLE divs as the articles
and with broadsheet's own segmentation, and reports how the two compare
(:mod:`broadsheet.metseval`).  Exit codes are those of ``broadsheet rebuild``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .cli import app
from .errors import BroadsheetError

__all__ = ["eval_mets_cmd"]


@app.command("eval-mets")
def eval_mets_cmd(
    mets_file: Annotated[Path, typer.Argument(help="Issue METS file (its ALTO pages next to it).")],
    pages: Annotated[str | None, typer.Option("--pages", help="Pages to read, e.g. '1-3,5'.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Page language; detected when left out.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare broadsheet's own article segmentation of a METS issue with the METS articles."""
    from .metseval import HEADLINE_MATCH_RATIO, compare_mets

    try:
        result = compare_mets(mets_file, lang=lang, pages=pages)
    except BroadsheetError as exc:
        typer.echo(f"[{exc.code}] {exc.message} ({exc.source or mets_file})", err=True)
        raise typer.Exit(exc.exit_code) from None
    d = result.to_dict()
    if as_json:
        typer.echo(json.dumps(d, indent=2, ensure_ascii=False))
        raise typer.Exit(0)
    lines = [
        f"METS issue: {d['source']}",
        f"pages: {d['pages']}   time: {d['seconds']} s ({d['seconds_per_page']} s/page)",
        f"articles: METS {d['mets_articles']}   broadsheet {d['own_articles']}",
        f"headline matches (ratio >= {HEADLINE_MATCH_RATIO:g}): {d['headline_matches']} of {d['mets_titled']} "
        "titled METS articles",
        f"body matches: {d['body_matches']} of {d['mets_articles']} METS articles",
        "scores of broadsheet's articles with the METS articles as gold: "
        + ", ".join(f"{k} {v:.3f}" for k, v in d["score_vs_mets"].items()),
        "per page (METS / broadsheet): " + ", ".join(f"p{p['page']} {p['mets']}/{p['own']}" for p in d["per_page"]),
    ]
    typer.echo("\n".join(lines))
    raise typer.Exit(0)
