"""The ``batch``, ``index`` and ``search`` commands (registered on :data:`broadsheet.cli.app`).

::

    broadsheet batch INPUT... --out DIR [--format jsonl,parquet,json,markdown] [--jobs N]
                     [--engine local|dask] [--dask ADDRESS] [--quiet] [--retry-failed]
    broadsheet index OUT_DIR [--db FILE]
    broadsheet search QUERY [--db FILE] [--limit N] [--json] [--literal]

Exit codes of ``batch``: 0 every input done, 1 some inputs failed (listed in
``OUT/errors.jsonl``; the others were written), 2 unusable arguments (B301), 33 the
output folder is in use by another batch (B303).  ``index``/``search``: 32 no results
to index or no index (B302), 34 a query the index cannot parse (B304).
"""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .batch import FORMATS, BatchSummary, Result, run_batch
from .cli import _check_lang, _err, app
from .errors import BroadsheetError
from .textio import MAX_INPUT_BYTES

__all__ = ["Engine", "RichReporter", "batch_cmd", "index_cmd", "search_cmd"]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class RichReporter:
    """A rich progress bar on standard error: files done, pages/s, elapsed, ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[pps]:>7.1f} pages/s"),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task: Any = None
        self._pages = 0
        self._failed = 0
        self._t0 = time.perf_counter()

    def start(self, total: int | None) -> None:
        self._t0 = time.perf_counter()
        self._progress.start()
        self._task = self._progress.add_task("rebuilding", total=total, pps=0.0, failed=0)

    def advance(self, result: Result | None) -> None:
        if result is not None:
            self._pages += result.pages
            if not result.ok:
                self._failed += 1
                self._progress.console.print(f"[{result.code}] {result.message} ({result.key})", markup=False)
        elapsed = time.perf_counter() - self._t0
        self._progress.update(
            self._task, advance=1, pps=self._pages / elapsed if elapsed > 0 else 0.0, failed=self._failed
        )

    def stop(self) -> None:
        self._progress.stop()


class ErrorsOnlyReporter:
    """``--quiet``: one line on standard error per input that fails, nothing else."""

    def start(self, total: int | None) -> None:
        return None

    def advance(self, result: Result | None) -> None:
        if result is not None and not result.ok:
            _err(f"[{result.code}] {result.message} ({result.key})")

    def stop(self) -> None:
        return None


def _summary_line(s: BatchSummary) -> str:
    return (
        f"{s.files} files ({s.processed} rebuilt, {s.skipped} already done), {s.pages} pages, "
        f"{s.articles} articles, {s.failed} failed, {s.seconds:.1f} s "
        f"({s.pages_per_second:.1f} pages/s, {s.engine}, {s.workers} worker{'s' if s.workers != 1 else ''}) -> {s.out}"
    )


@app.command("batch")
def batch_cmd(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (walked recursively) and glob patterns ('pages/**/*.txt').", show_default=False
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder (created if missing).")] = None,
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output formats, repeated or comma-separated: {', '.join(FORMATS)} (default jsonl).",
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")
    ] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local processes, or dask.")] = Engine.local,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on this Dask scheduler (tcp://host:8786); implies --engine dask."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar: only failures and the final summary.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Redo inputs that failed before even if they did not change.")
    ] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Page language; detected when left out.")] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this many bytes (B104).")
    ] = MAX_INPUT_BYTES,
    no_fsync: Annotated[
        bool, typer.Option("--no-fsync", help="Do not fsync outputs (faster; safe against crashes, not power loss).")
    ] = False,
) -> None:
    """Rebuild every page of an archive into OUT: resumable, parallel, on Dask if asked.

    Re-running the same command after a crash or Ctrl-C finishes what is left; inputs
    whose content changed are redone.  Exit code 0: all done; 1: some inputs failed
    (see OUT/errors.jsonl); 2: unusable arguments.
    """
    if not inputs:
        raise typer.BadParameter("give at least one INPUT (file, folder or glob pattern)", param_hint="INPUT")
    if out is None:
        raise typer.BadParameter("give the output folder with --out DIR", param_hint="--out")
    code_lang = _check_lang(lang)
    try:
        summary = run_batch(
            inputs,
            out,
            formats=fmt or ["jsonl"],
            jobs=jobs,
            engine=engine.value,
            dask_address=dask,
            lang=code_lang,
            max_bytes=max_bytes,
            retry_failed=retry_failed,
            fsync=not no_fsync,
            count_first=not quiet,
            reporter=ErrorsOnlyReporter() if quiet else RichReporter(),
        )
    except BroadsheetError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("interrupted: run the same command again to finish")
        raise typer.Exit(130) from None
    print(_summary_line(summary), flush=True)
    if summary.failed:
        _err(f"{summary.failed} input(s) failed: see {Path(out) / 'errors.jsonl'}")
    raise typer.Exit(summary.exit_code)


@app.command("index")
def index_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Output folder of 'broadsheet batch' (articles.jsonl/.parquet).")],
    db: Annotated[
        Path | None, typer.Option("--db", help="Index file to write (default OUT_DIR/search.sqlite).")
    ] = None,
) -> None:
    """Build a full-text search index (SQLite FTS5) over the articles of a batch."""
    from .search import build_index

    target = db if db is not None else out_dir / "search.sqlite"
    t0 = time.perf_counter()
    try:
        n = build_index(out_dir, target)
    except BroadsheetError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    print(f"indexed {n} articles in {time.perf_counter() - t0:.1f} s -> {target}")
    raise typer.Exit(0)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help='Words to find (FTS5 syntax: "a phrase", OR, NOT, headline:word).')],
    db: Annotated[
        Path, typer.Option("--db", help="Index built by 'broadsheet index'.", envvar="BROADSHEET_INDEX")
    ] = Path("search.sqlite"),
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to print.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON Lines.")] = False,
    literal: Annotated[
        bool, typer.Option("--literal", help="Take the query as plain words (no FTS5 operators).")
    ] = False,
) -> None:
    """Print the articles that best match QUERY, best first, with a snippet."""
    from .search import search

    try:
        hits = search(db, query, limit=limit, literal=literal)
    except BroadsheetError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    if as_json:
        for hit in hits:
            print(json.dumps(hit.to_dict(), ensure_ascii=False))
        raise typer.Exit(0)
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    if not hits:
        console.print("no match", markup=False)
    for rank, hit in enumerate(hits, 1):
        head = Text(f"{rank:>3}. ")
        head.append(hit.headline or "(no headline)", style="bold")
        head.append(f"  {hit.source} p{hit.page}  [{hit.id}]  score {hit.score:.2f}", style="dim")
        console.print(head)
        console.print(_snippet(hit.snippet))
    raise typer.Exit(0)


def _snippet(marked: str) -> Any:
    from rich.text import Text

    from .search import MARK_CLOSE, MARK_OPEN

    text = Text("     ")
    bold = False
    for piece in marked.replace(MARK_CLOSE, MARK_OPEN).split(MARK_OPEN):
        text.append(piece, style="bold reverse" if bold else "")
        bold = not bold
    return text
