"""The ``broadsheet`` command line: a thin layer over :func:`broadsheet.rebuild` and
:mod:`broadsheet.evaluate`.

Commands::

    broadsheet rebuild FILE... [--format json|markdown|text] [--explain] [--lang xx]
                               [--output PATH] [--max-bytes N] [--sample]
    broadsheet sample [--format ...] [--explain] [--show-input]
    broadsheet eval CORPUS [--input page.txt] [--scores FILE.tsv|FILE.jsonl]
                           [--baseline] [--json]
    broadsheet batch INPUT... --out DIR [--format jsonl,parquet,json,markdown] [--jobs N]
                             [--engine local|dask] [--dask ADDRESS] [--quiet] [--retry-failed]
    broadsheet index OUT_DIR [--db FILE]
    broadsheet search QUERY [--db FILE] [--limit N] [--json] [--literal]

(``batch``, ``index`` and ``search`` live in :mod:`broadsheet.cli_batch`.)

``FILE`` ``-`` reads standard input.  One file prints one document; several files
print JSON Lines (one document per line) for ``--format json``, or the documents
one after another, each under a ``==> FILE <==`` header, for markdown and text.

Exit codes:

| code | meaning                                                                   |
|------|---------------------------------------------------------------------------|
| 0    | success                                                                   |
| 1    | several files were given and at least one of them failed (the others     |
|      | were still rebuilt and printed); batch: some inputs failed (listed in     |
|      | OUT/errors.jsonl, the others were written)                                |
| 2    | unusable arguments (unknown option, missing file argument, bad --format, |
|      | unsupported --lang, unknown --scores suffix; batch: B301, no input       |
|      | matched, a missing path, an unknown format or engine)                     |
| 10   | B100: unexpected internal failure (a bug: please report it)               |
| 11   | B101: the input has no text at all                                        |
| 12   | B102: the input is a binary file (PDF, image, ...), not text             |
| 13   | B103: the bytes could not be decoded as text                              |
| 14   | B104: the input exceeds the size limit (64 MiB, or --max-bytes)          |
| 15   | B105: the file does not exist or cannot be read                          |
| 16   | B106: a format broadsheet does not read                                   |
| 17   | B107: a PDF or XML file is truncated or malformed                         |
| 18   | B108: the PDF is encrypted                                                |
| 19   | B109: XML refused for safety (DTD, external entity, entity bomb)          |
| 21   | B201: the evaluation corpus is missing or has no samples with gold.json   |
| 32   | B302: index/search: no articles.jsonl/.parquet to index, or no index      |
| 33   | B303: batch: another batch is running on the same output folder          |
| 34   | B304: search: the query cannot be parsed (FTS5 syntax; try --literal)     |

With a single file the exit code is that file's error's code; every error is
reported on standard error as ``[CODE] message (file)`` and never as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .engine import rebuild
from .errors import BroadsheetError, CorpusError
from .lexicon import SUPPORTED_LANGUAGES
from .model import Document
from .textio import MAX_INPUT_BYTES
from .writers import to_json, to_markdown, to_text

__all__ = ["EXIT_BATCH_FAILED", "EXIT_INTERNAL", "EXIT_USAGE", "app", "main", "sample_text"]

#: Several files were given and at least one failed.
EXIT_BATCH_FAILED = 1
#: Unusable arguments (click/typer's own code).
EXIT_USAGE = 2
#: A failure that is not a :class:`BroadsheetError`: a bug.
EXIT_INTERNAL = BroadsheetError.exit_code

STDIN = "-"
SAMPLE_NAME = "sample_page.txt"

app = typer.Typer(
    name="broadsheet",
    help="Rebuild clean articles from the broken text a PDF/OCR extractor printed for a newspaper page.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    text = "text"


# --------------------------------------------------------------------------
# helpers


def sample_text() -> str:
    """The bundled sample page (an invented two-article page as pdftotext prints it)."""
    return resources.files("broadsheet").joinpath("samples", SAMPLE_NAME).read_text(encoding="utf-8")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class _Outcome:
    name: str
    doc: Document | None = None
    exit_code: int = 0


def _read_stdin(max_bytes: int) -> bytes:
    # read at most one byte past the limit: enough to report "too large" without
    # holding an unbounded stream in memory
    return sys.stdin.buffer.read(max_bytes + 1)


def _rebuild_one(
    name: str, *, lang: str | None, max_bytes: int, stdin_data: bytes | None, pages: str | None = None
) -> _Outcome:
    shown = "<stdin>" if name == STDIN else name
    try:
        if name == STDIN:
            data = stdin_data if stdin_data is not None else _read_stdin(max_bytes)
            doc = rebuild(data, lang=lang, max_bytes=max_bytes)
            doc.page.source = shown
        else:
            doc = rebuild(Path(name), lang=lang, max_bytes=max_bytes, pages=pages)
    except BroadsheetError as exc:
        _err(f"[{exc.code}] {exc.message} ({shown})")
        return _Outcome(shown, None, exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug must not end the batch with a traceback
        _err(f"[{BroadsheetError.code}] internal error, please report it: {type(exc).__name__}: {exc} ({shown})")
        return _Outcome(shown, None, EXIT_INTERNAL)
    return _Outcome(shown, doc, 0)


def _render(doc: Document, fmt: OutputFormat, explain: bool, *, single_line: bool) -> str:
    if fmt is OutputFormat.json:
        return to_json(doc, explain=explain, indent=None if single_line else 2) + "\n"
    if fmt is OutputFormat.markdown:
        return to_markdown(doc, explain=explain)
    return to_text(doc, explain=explain)


def _header(name: str, fmt: OutputFormat) -> str:
    if fmt is OutputFormat.markdown:
        return f"<!-- broadsheet: {name} -->\n\n**File:** `{name}`\n\n"
    return f"==> {name} <==\n\n"


def _check_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    code = lang.strip().lower()
    if code not in SUPPORTED_LANGUAGES:
        raise typer.BadParameter(
            f"{lang!r} is not supported; use one of {', '.join(SUPPORTED_LANGUAGES)} or leave it out to detect",
            param_hint="--lang",
        )
    return code


class _Sink:
    """Standard output, or a file given with --output (written as results arrive)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8") if path is not None else None

    def write(self, text: str) -> None:
        if self._handle is not None:
            self._handle.write(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _open_sink(output: Path | None) -> _Sink:
    try:
        return _Sink(output)
    except OSError as exc:
        raise typer.BadParameter(f"cannot write {output}: {exc.strerror}", param_hint="--output") from None


def _run_rebuild(
    names: Sequence[str],
    *,
    fmt: OutputFormat,
    explain: bool,
    lang: str | None,
    output: Path | None,
    max_bytes: int,
    sample: bool,
    pages: str | None = None,
) -> int:
    """Rebuild every input in turn, printing each result as it is ready; return the exit code."""
    jobs: list[tuple[str, bytes | None]] = []
    if sample:
        jobs.append(("<sample>", sample_text().encode("utf-8")))
    jobs += [(name, None) for name in names]
    if sum(1 for name, _ in jobs if name == STDIN) > 1:
        raise typer.BadParameter("standard input ('-') can be read only once", param_hint="FILE")
    batch = len(jobs) > 1
    sink = _open_sink(output)
    failed: list[_Outcome] = []
    try:
        for name, data in jobs:
            if name == "<sample>":
                outcome = _rebuild_one(STDIN, lang=lang, max_bytes=max_bytes, stdin_data=data)
                outcome.name = name
                if outcome.doc is not None:
                    outcome.doc.page.source = name
            else:
                outcome = _rebuild_one(name, lang=lang, max_bytes=max_bytes, stdin_data=None, pages=pages)
            if outcome.doc is None:
                failed.append(outcome)
                continue
            text = _render(outcome.doc, fmt, explain, single_line=batch)
            if batch and fmt is not OutputFormat.json:
                text = _header(outcome.name, fmt) + text + "\n"
            sink.write(text)
    finally:
        sink.close()
    if not failed:
        return 0
    if batch:
        _err(f"{len(failed)} of {len(jobs)} inputs failed: {', '.join(o.name for o in failed)}")
        return EXIT_BATCH_FAILED
    return failed[0].exit_code


# --------------------------------------------------------------------------
# commands

FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
ExplainOpt = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Include every repair and why it was made (JSON: a 'repairs' list; "
        "markdown/text: an Explanations section).",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help=f"Page language ({', '.join(SUPPORTED_LANGUAGES)}); detected when left out."),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
]
MaxBytesOpt = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this many bytes (error B104)."),
]


def _version(value: bool) -> None:
    if value:
        print(f"broadsheet {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Rebuild clean articles from the broken text a PDF/OCR extractor printed for a newspaper page."""


@app.command("rebuild")
def rebuild_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Page text files ('-' for standard input).", show_default=False),
    ] = None,
    fmt: FormatOpt = OutputFormat.json,
    explain: ExplainOpt = False,
    lang: LangOpt = None,
    output: OutputOpt = None,
    max_bytes: MaxBytesOpt = MAX_INPUT_BYTES,
    sample: Annotated[bool, typer.Option("--sample", help="Rebuild the bundled sample page.")] = False,
    pages: Annotated[
        str | None, typer.Option("--pages", help="Pages of a PDF or METS issue to read, e.g. '1-3,5'.")
    ] = None,
) -> None:
    """Rebuild the articles of one or more pages.

    One file prints one document; several print JSON Lines (json) or the documents
    one after another under '==> FILE <==' headers (markdown, text).
    """
    names = list(files or [])
    if not names and not sample:
        raise typer.BadParameter("give at least one FILE ('-' for standard input) or --sample", param_hint="FILE")
    code = _run_rebuild(
        names,
        fmt=fmt,
        explain=explain,
        lang=_check_lang(lang),
        output=output,
        max_bytes=max_bytes,
        sample=sample,
        pages=pages,
    )
    raise typer.Exit(code)


@app.command("sample")
def sample_cmd(
    fmt: FormatOpt = OutputFormat.markdown,
    explain: ExplainOpt = False,
    show_input: Annotated[
        bool, typer.Option("--show-input", help="Print the bundled sample page as the extractor printed it.")
    ] = False,
) -> None:
    """Rebuild the bundled sample page (or print it as extracted with --show-input)."""
    if show_input:
        sys.stdout.write(sample_text())
        raise typer.Exit(0)
    code = _run_rebuild([], fmt=fmt, explain=explain, lang=None, output=None, max_bytes=MAX_INPUT_BYTES, sample=True)
    raise typer.Exit(code)


def _predictor(baseline: bool) -> Callable[[Path], Mapping[str, Any]]:
    from .evaluate import baseline_predict

    if baseline:
        return lambda path: baseline_predict(path.read_text(encoding="utf-8"))
    return lambda path: rebuild(path).to_dict(offsets=False)


def _print_scores(title: str, overall: Mapping[str, float], by_extractor: Mapping[str, Mapping[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from .evaluate import METRICS

    table = Table(title=title)
    table.add_column("extractor")
    table.add_column("samples", justify="right")
    for metric in METRICS:
        table.add_column(metric, justify="right")
    rows: list[tuple[str, Mapping[str, float]]] = [*by_extractor.items(), ("ALL", overall)]
    for n, (name, metrics) in enumerate(rows):
        table.add_row(
            name,
            str(int(metrics["samples"])),
            *(f"{metrics[m]:.4f}" for m in METRICS),
            end_section=n == len(rows) - 2,
        )
    Console(width=max(120, Console().width)).print(table)


@app.command("eval")
def eval_cmd(
    corpus: Annotated[Path, typer.Argument(help="Corpus folder: <sample_id>/page.txt and gold.json.")],
    input_name: Annotated[
        str,
        typer.Option(
            "--input",
            help="Input file in each sample folder: a name (page.txt) or a kind (txt, pdf, hocr, alto = page.<kind>). "
            "A file shared by several samples (page.pdf) is scored once.",
        ),
    ] = "page.txt",
    scores: Annotated[
        Path | None, typer.Option("--scores", help="Write per-sample scores to FILE.tsv or FILE.jsonl.")
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Score the do-little baseline instead of broadsheet.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON instead of a table.")] = False,
) -> None:
    """Score broadsheet (or the baseline) on a corpus with gold, overall and per extractor."""
    from .evaluate import evaluate_corpus

    if scores is not None and scores.suffix.lower() not in (".tsv", ".jsonl"):
        raise typer.BadParameter("the scores file must end in .tsv or .jsonl", param_hint="--scores")
    try:
        if not corpus.is_dir():
            raise CorpusError("corpus folder not found", source=str(corpus))
        if not any(corpus.glob("*/gold.json")):
            raise CorpusError("no <sample>/gold.json in the corpus folder", source=str(corpus))
        if "." not in input_name:
            input_name = {"alto": "page.xml"}.get(input_name, f"page.{input_name}")
        report = evaluate_corpus(corpus, _predictor(baseline), input_name=input_name)
    except BroadsheetError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code) from None
    except (OSError, ValueError, TypeError) as exc:  # unreadable or malformed gold.json
        err = CorpusError(f"cannot read the corpus: {type(exc).__name__}: {exc}", source=str(corpus))
        _err(str(err))
        raise typer.Exit(err.exit_code) from None
    if scores is not None:
        if scores.suffix.lower() == ".tsv":
            report.write_tsv(scores)
        else:
            report.write_jsonl(scores)
    who = "baseline" if baseline else "broadsheet"
    if as_json:
        payload = {
            "predictor": who,
            "corpus": str(corpus),
            "overall": report.overall(),
            "by_extractor": report.by_extractor(),
            "errors": report.errors(),
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_scores(f"{who} on {corpus}", report.overall(), report.by_extractor())
    failures = report.errors()
    if failures:
        first_id, first_msg = next(iter(failures.items()))
        _err(f"{len(failures)} sample(s) could not be rebuilt (scored as empty); first: {first_id}: {first_msg}")
    raise typer.Exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="broadsheet", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0

# the OCR commands (eval-mets) and the batch, index and search commands register
# themselves on ``app``
from . import cli_batch  # noqa: E402, F401
from . import cli_ocr as _cli_ocr  # noqa: E402,F401
