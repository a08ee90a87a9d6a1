"""Batch runs over whole archives: resumable, crash-safe, parallel (processes or Dask).

:func:`run_batch` rebuilds every input file (files, folders walked recursively, glob
patterns) into an output folder::

    OUT/
      manifest.sqlite      what is done: key, content sha256, status, counts, outputs
      parts/ab/<id>.jsonl  the articles of one input (one JSON object a line)
      json/<key>.json      with format "json": the document JSON, mirroring the input tree
      markdown/<key>.md    with format "markdown": the document as Markdown
      articles.jsonl       with format "jsonl": every article, sorted by input key
      articles.parquet     with format "parquet": the same rows (needs pyarrow)
      errors.jsonl         one line per input that failed: file, path, code, message
      summary.json         the counts of the last complete run

Crash safety: every file is written to ``OUT/.tmp`` first, fsynced and moved into
place with :func:`os.replace`; an input is recorded in the manifest (SQLite, WAL)
only once its outputs are in place.  A killed run leaves at most temporary files
(removed by the next run) and outputs of inputs the manifest does not list (rewritten
by the next run, under the same names).  The collected files (``articles.jsonl``,
``articles.parquet``, ``errors.jsonl``) are rebuilt from the manifest at the end of
each run, sorted by input key, so a resumed run, a run on more processes and a run on
Dask give byte-identical files.

An input is skipped when the manifest holds it with the same content hash (and its
outputs exist); a changed input is redone.  Inputs that failed are not retried unless
``retry_failed`` is set (their content has not changed, so they would fail again).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import importlib
import json
import os
import shutil
import signal
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from .engine import rebuild
from .errors import BroadsheetError
from .model import Document
from .readers import SUPPORTED_SUFFIXES
from .writers import to_json, to_markdown

__all__ = [
    "ARTICLE_FIELDS",
    "FORMATS",
    "BatchArgumentError",
    "BatchLockedError",
    "BatchSummary",
    "InputFile",
    "Reporter",
    "Result",
    "Task",
    "article_records",
    "doc_id_for",
    "iter_inputs",
    "parse_formats",
    "process_document",
    "run_batch",
]

#: output formats: two collected files and two per-input trees
FORMATS: tuple[str, ...] = ("jsonl", "parquet", "json", "markdown")
TREE_FORMATS: dict[str, str] = {"json": ".json", "markdown": ".md"}

#: the fields of one article row, in order (JSON Lines and Parquet)
ARTICLE_FIELDS: tuple[str, ...] = (
    "id",
    "doc_id",
    "source",
    "page",
    "pages",
    "n",
    "language",
    "headline",
    "byline",
    "dateline",
    "decks",
    "paragraphs",
    "pull_quotes",
    "captions",
)

MANIFEST = "manifest.sqlite"
LOCK = ".lock"
TMP = ".tmp"
PARTS = "parts"
ARTICLES_JSONL = "articles.jsonl"
ARTICLES_PARQUET = "articles.parquet"
ERRORS_JSONL = "errors.jsonl"
SUMMARY_JSON = "summary.json"

_GLOB_CHARS = frozenset("*?[")
_HASH_CHUNK = 1 << 20
#: a Parquet row group is written once this much article JSON is buffered (memory stays flat)
_PARQUET_GROUP_BYTES = 2 << 20


class BatchArgumentError(BroadsheetError):
    """B301: unusable batch arguments (no input matched, a missing path, a bad format)."""

    code = "B301"
    exit_code = 2


class BatchLockedError(BroadsheetError):
    """B303: another batch is running on the same output folder."""

    code = "B303"
    exit_code = 33


def _optional(module: str) -> Any:
    """An optional dependency (pyarrow, distributed), imported when first needed."""
    return importlib.import_module(module)


# --------------------------------------------------------------------------
# inputs


@dataclass(frozen=True, order=True)
class InputFile:
    """One input: ``key`` is its path relative to the inputs' common folder (``/``-separated)."""

    key: str
    path: str


def _is_glob(arg: str) -> bool:
    return any(c in _GLOB_CHARS for c in arg) and not os.path.exists(arg)


def _glob_base(pattern: str) -> str:
    """The folder a glob pattern starts from: its components before the first wildcard."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if any(c in _GLOB_CHARS for c in part):
            break
        base.append(part)
    if len(base) == len(parts):  # no wildcard in any component: the file's folder
        base = base[:-1]
    return os.path.abspath(os.path.join(*base)) if base else os.path.abspath(os.curdir)


def input_root(args: Sequence[str]) -> str:
    """The common folder of the inputs; keys are relative to it.

    Raises :class:`BatchArgumentError` when there is no argument or a path (not a glob
    pattern) does not exist.
    """
    if not args:
        raise BatchArgumentError("give at least one INPUT (file, folder or glob pattern)")
    roots: list[str] = []
    for arg in args:
        if _is_glob(arg):
            roots.append(_glob_base(arg))
        elif os.path.isdir(arg):
            roots.append(os.path.abspath(arg))
        elif os.path.exists(arg):
            roots.append(os.path.dirname(os.path.abspath(arg)))
        else:
            raise BatchArgumentError("no such file or folder", source=arg)
    return os.path.commonpath(roots)


def _walk(top: str, exclude: str | None) -> Iterator[str]:
    """Supported files under ``top``, lazily, each folder's files in sorted order.

    Hidden files and folders (``.name``) and the ``exclude`` folder are left out.
    """
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and os.path.join(dirpath, d) != exclude)
        for name in sorted(filenames):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES:
                yield os.path.join(dirpath, name)


def _expand(arg: str, exclude: str | None) -> Iterator[str]:
    if _is_glob(arg):
        for match in sorted(glob.glob(arg, recursive=True)):
            if os.path.isdir(match):
                yield from _walk(os.path.abspath(match), exclude)
            elif os.path.isfile(match):
                yield os.path.abspath(match)
    elif os.path.isdir(arg):
        yield from _walk(os.path.abspath(arg), exclude)
    else:
        yield os.path.abspath(arg)  # named explicitly: taken whatever its suffix


def iter_inputs(args: Sequence[str], *, exclude: str | os.PathLike[str] | None = None) -> Iterator[InputFile]:
    """Every input file named by ``args`` (files, folders, glob patterns), lazily.

    Folders are walked recursively for the suffixes in
    :data:`broadsheet.readers.SUPPORTED_SUFFIXES`.  With several arguments a file
    named twice is given once.
    """
    root = input_root(args)
    skip = os.path.abspath(exclude) if exclude is not None else None
    seen: set[str] | None = set() if len(args) > 1 else None
    for arg in args:
        for path in _expand(arg, skip):
            key = Path(os.path.relpath(path, root)).as_posix()
            if seen is not None:
                if key in seen:
                    continue
                seen.add(key)
            yield InputFile(key, path)


def doc_id_for(key: str) -> str:
    """A stable id for an input key: 16 hex digits of its SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """``["jsonl,parquet", "json"]`` -> ``("jsonl", "parquet", "json")`` (checked, deduplicated)."""
    out: list[str] = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if name in ("md",):
                name = "markdown"
            if not name:
                continue
            if name not in FORMATS:
                raise BatchArgumentError(f"unknown format {name!r}; use {', '.join(FORMATS)}")
            if name not in out:
                out.append(name)
    if not out:
        raise BatchArgumentError(f"give at least one format ({', '.join(FORMATS)})")
    return tuple(out)


# --------------------------------------------------------------------------
# one document (runs in a worker: a process of the pool, a Dask worker, or in-process)


@dataclass(frozen=True)
class Task:
    key: str
    path: str
    doc_id: str
    formats: tuple[str, ...]
    lang: str | None = None
    max_bytes: int | None = None


@dataclass
class Result:
    """What a worker sends back for one input: everything the writer needs, as text."""

    key: str
    path: str
    doc_id: str
    sha256: str
    size: int
    pages: int = 0
    articles: int = 0
    jsonl: str = ""
    trees: dict[str, str] = field(default_factory=dict)
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code is None


def _digest(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def article_records(doc: Document, *, key: str, doc_id: str) -> list[dict[str, Any]]:
    """The article rows of ``doc`` (fields :data:`ARTICLE_FIELDS`); ids are ``<doc_id>-<n>``."""
    rows: list[dict[str, Any]] = []
    for n, article in enumerate(doc.articles, 1):
        d = article.to_dict(offsets=False)
        rows.append(
            {
                "id": f"{doc_id}-{n}",
                "doc_id": doc_id,
                "source": key,
                "page": d["page"],
                "pages": d["pages"],
                "n": n,
                "language": doc.language,
                "headline": d["headline"],
                "byline": d["byline"],
                "dateline": d["dateline"],
                "decks": d["decks"],
                "paragraphs": d["paragraphs"],
                "pull_quotes": d["pull_quotes"],
                "captions": d["captions"],
            }
        )
    return rows


def _dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def process_document(task: Task) -> Result:
    """Rebuild one input and render its outputs; never raises for a bad input.

    A :class:`BroadsheetError` is returned as its code and message; any other exception
    is a bug, returned as B100.
    """
    start = time.perf_counter()
    result = Result(task.key, task.path, task.doc_id, sha256="", size=0)
    try:
        result.sha256, result.size = _digest(task.path)
        doc = rebuild(Path(task.path), lang=task.lang, max_bytes=task.max_bytes)
    except BroadsheetError as exc:
        result.code, result.message = exc.code, exc.message
    except OSError as exc:
        result.code, result.message = "B105", f"cannot read the file: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - a bug in one document must not end the batch
        result.code = BroadsheetError.code
        result.message = f"internal error, please report it: {type(exc).__name__}: {exc}"
    else:
        doc.page.source = task.key
        rows = article_records(doc, key=task.key, doc_id=task.doc_id)
        result.pages = doc.page_count
        result.articles = len(rows)
        result.jsonl = "".join(_dumps(row) + "\n" for row in rows)
        if "json" in task.formats:
            result.trees["json"] = to_json(doc, indent=2) + "\n"
        if "markdown" in task.formats:
            result.trees["markdown"] = to_markdown(doc)
    result.seconds = time.perf_counter() - start
    return result


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: the parent stops the pool, workers ignore it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --------------------------------------------------------------------------
# runners: in-process, a process pool, a Dask cluster


class Runner(Protocol):
    workers: int

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        """Results of ``tasks`` in completion order, pulling tasks lazily."""
        ...

    def close(self) -> None: ...


class InProcessRunner:
    workers = 1

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        for task in tasks:
            yield process_document(task)

    def close(self) -> None:
        return None


class PoolRunner:
    """A pool of ``jobs`` processes (spawned) with at most ``window`` tasks in flight."""

    def __init__(self, jobs: int, window: int | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = jobs
        self.window = window or 4 * jobs
        self._pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
        )

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        from concurrent.futures import FIRST_COMPLETED, Future, wait

        pending: dict[Future[Result], Task] = {}
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.window:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                else:
                    pending[self._pool.submit(process_document, task)] = task
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f].key):
                task = pending.pop(future)
                yield _future_result(task, future.result)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _future_result(task: Task, get: Callable[[], Result]) -> Result:
    """The result of a finished task; a crashed worker is the task's B100 error."""
    try:
        return get()
    except Exception as exc:  # noqa: BLE001 - a dead worker fails its document, not the batch
        return Result(
            task.key,
            task.path,
            task.doc_id,
            sha256="",
            size=0,
            code=BroadsheetError.code,
            message=f"internal error, the worker failed: {type(exc).__name__}: {exc}",
        )


class DaskRunner:
    """Tasks on a Dask cluster: ``address`` of a running scheduler, or a LocalCluster."""

    def __init__(self, address: str | None, jobs: int, window: int | None = None) -> None:
        try:
            distributed = _optional("distributed")
        except ImportError:
            raise BatchArgumentError("the Dask engine needs dask.distributed: pip install 'broadsheet[dask]'") from None
        self._cluster: Any = None
        if address is None:
            self._cluster = distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client: Any = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(address, timeout="30s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise BatchArgumentError(f"cannot reach the Dask scheduler: {exc}", source=address) from None
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.window = window or 4 * self.workers

    def run(self, tasks: Iterator[Task]) -> Iterator[Result]:
        pending: dict[str, Task] = {}
        queue = _optional("distributed").as_completed()

        def submit() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            future = self._client.submit(process_document, task, pure=False)
            pending[future.key] = task
            queue.add(future)
            return True

        while len(pending) < self.window and submit():
            pass
        for future in queue:
            task = pending.pop(future.key)
            result = _future_result(task, future.result)
            future.release()
            submit()
            yield result

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# --------------------------------------------------------------------------
# output folder: atomic files, manifest, lock


class _Out:
    def __init__(self, root: Path, *, fsync: bool) -> None:
        self.root = root
        self.tmp = root / TMP
        self.fsync = fsync

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        # what a killed run left half-written: never moved into place, so never read
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()

    def finish(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def part(self, doc_id: str) -> str:
        return f"{PARTS}/{doc_id[:2]}/{doc_id}.jsonl"

    def tree(self, fmt: str, key: str) -> str:
        return f"{fmt}/{key}{TREE_FORMATS[fmt]}"

    @contextlib.contextmanager
    def atomic(self, rel: str) -> Iterator[IO[str]]:
        """A text file at ``OUT/rel`` that appears whole or not at all."""
        target = self.root / rel
        tmp = self.tmp / f"{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            if self.fsync:
                os.fsync(fh.fileno())
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)

    def write(self, rel: str, text: str) -> None:
        with self.atomic(rel) as fh:
            fh.write(text)

    def remove(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / rel).unlink()

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    key      TEXT PRIMARY KEY,
    doc_id   TEXT NOT NULL,
    path     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    size     INTEGER NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('ok', 'error')),
    pages    INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    outputs  TEXT NOT NULL,
    code     TEXT,
    message  TEXT,
    run      INTEGER NOT NULL,
    seconds  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_run ON docs (run, key);
CREATE TABLE IF NOT EXISTS runs (
    run      INTEGER PRIMARY KEY AUTOINCREMENT,
    started  REAL NOT NULL,
    finished REAL,
    args     TEXT NOT NULL
);
"""


def open_manifest(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.executescript(_SCHEMA)
    return conn


class _Lock:
    """An exclusive lock on the output folder (released by the OS if the process dies)."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "a+")  # held for the whole run
        try:
            import fcntl
        except ImportError:  # no flock (Windows): no protection against a second run
            return
        try:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._fh.close()
            raise BatchLockedError("another batch is running on this output folder", source=str(path.parent)) from None

    def release(self) -> None:
        self._fh.close()


# --------------------------------------------------------------------------
# progress


class Reporter(Protocol):
    def start(self, total: int | None) -> None: ...

    def advance(self, result: Result | None) -> None:
        """One input finished (``None``: skipped, already done)."""
        ...

    def stop(self) -> None: ...


class _Silent:
    def start(self, total: int | None) -> None:
        return None

    def advance(self, result: Result | None) -> None:
        return None

    def stop(self) -> None:
        return None


@dataclass
class BatchSummary:
    files: int = 0
    processed: int = 0
    skipped: int = 0
    pages: int = 0
    articles: int = 0
    failed: int = 0
    seconds: float = 0.0
    #: pages rebuilt in this run (skipped inputs not counted) per second
    pages_per_second: float = 0.0
    engine: str = "local"
    workers: int = 1
    formats: tuple[str, ...] = ()
    out: str = ""
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "processed": self.processed,
            "skipped": self.skipped,
            "pages": self.pages,
            "articles": self.articles,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 2),
            "engine": self.engine,
            "workers": self.workers,
            "formats": list(self.formats),
            "outputs": self.outputs,
        }

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


# --------------------------------------------------------------------------
# the batch


def _reusable(row: sqlite3.Row | None, item: InputFile, out: _Out, want: set[str], retry_failed: bool) -> bool:
    """Whether the manifest row for ``item`` still stands: same content, outputs in place."""
    if row is None:
        return False
    if row["status"] == "error":
        if retry_failed:
            return False
    else:
        outputs = set(json.loads(row["outputs"]))
        if not want <= outputs or not all(out.exists(rel) for rel in outputs):
            return False
    try:
        sha, size = _digest(item.path)
    except OSError:
        return False
    return bool(size == row["size"] and sha == row["sha256"])


def _record(conn: sqlite3.Connection, out: _Out, result: Result, run: int) -> None:
    """Put the outputs of ``result`` in place, then record it in the manifest."""
    old = conn.execute("SELECT outputs FROM docs WHERE key = ?", (result.key,)).fetchone()
    outputs: list[str] = []
    if result.ok:
        part = out.part(result.doc_id)
        out.write(part, result.jsonl)
        outputs.append(part)
        for fmt, text in sorted(result.trees.items()):
            rel = out.tree(fmt, result.key)
            out.write(rel, text)
            outputs.append(rel)
    if old is not None:  # outputs of an earlier version this one no longer has
        for rel in set(json.loads(old[0])) - set(outputs):
            out.remove(rel)
    conn.execute(
        "INSERT OR REPLACE INTO docs (key, doc_id, path, sha256, size, status, pages, articles, outputs,"
        " code, message, run, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            result.key,
            result.doc_id,
            result.path,
            result.sha256,
            result.size,
            "ok" if result.ok else "error",
            result.pages,
            result.articles,
            json.dumps(outputs),
            result.code,
            result.message,
            run,
            result.seconds,
        ),
    )


def _collect_jsonl(conn: sqlite3.Connection, out: _Out, run: int) -> None:
    with out.atomic(ARTICLES_JSONL) as dst:
        for (doc_id,) in conn.execute("SELECT doc_id FROM docs WHERE run = ? AND status = 'ok' ORDER BY key", (run,)):
            with open(out.root / out.part(doc_id), encoding="utf-8") as src:
                shutil.copyfileobj(src, dst)


def parquet_schema() -> Any:
    pa = _optional("pyarrow")
    text_list = pa.list_(pa.string())
    return pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("source", pa.string()),
            ("page", pa.int32()),
            ("pages", pa.list_(pa.int32())),
            ("n", pa.int32()),
            ("language", pa.string()),
            ("headline", pa.string()),
            ("byline", pa.string()),
            ("dateline", pa.string()),
            ("decks", text_list),
            ("paragraphs", text_list),
            ("pull_quotes", text_list),
            ("captions", text_list),
        ]
    )


def _collect_parquet(conn: sqlite3.Connection, out: _Out, run: int) -> None:
    pa = _optional("pyarrow")
    pq = _optional("pyarrow.parquet")

    schema = parquet_schema()
    tmp = out.tmp / f"{uuid.uuid4().hex}.tmp"
    pool = pa.default_memory_pool()
    rows: list[dict[str, Any]] = []
    buffered = 0
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for (doc_id,) in conn.execute("SELECT doc_id FROM docs WHERE run = ? AND status = 'ok' ORDER BY key", (run,)):
            with open(out.root / out.part(doc_id), encoding="utf-8") as src:
                for line in src:
                    rows.append(json.loads(line))
                    buffered += len(line)
            if buffered >= _PARQUET_GROUP_BYTES:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows.clear()
                buffered = 0
                pool.release_unused()  # else the allocator keeps every row group's memory
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    if out.fsync:
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
    os.replace(tmp, out.root / ARTICLES_PARQUET)


def _collect_errors(conn: sqlite3.Connection, out: _Out, run: int) -> None:
    with out.atomic(ERRORS_JSONL) as dst:
        for key, path, code, message in conn.execute(
            "SELECT key, path, code, message FROM docs WHERE run = ? AND status = 'error' ORDER BY key", (run,)
        ):
            dst.write(_dumps({"file": key, "path": path, "code": code, "message": message}) + "\n")


def make_runner(engine: str, jobs: int, dask_address: str | None) -> Runner:
    if engine == "dask" or dask_address is not None:
        return DaskRunner(dask_address, jobs)
    if engine != "local":
        raise BatchArgumentError(f"unknown engine {engine!r}; use local or dask")
    if jobs <= 1:
        return InProcessRunner()
    return PoolRunner(jobs)


def run_batch(
    inputs: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = ("jsonl",),
    jobs: int | None = None,
    engine: str = "local",
    dask_address: str | None = None,
    lang: str | None = None,
    max_bytes: int | None = None,
    retry_failed: bool = False,
    fsync: bool = True,
    count_first: bool = True,
    reporter: Reporter | None = None,
    runner: Runner | None = None,
) -> BatchSummary:
    """Rebuild every input into ``out_dir``; resume what an earlier run left undone.

    Raises :class:`BatchArgumentError` (B301) for unusable arguments and
    :class:`BatchLockedError` (B303) when another run holds ``out_dir``.
    """
    started = time.perf_counter()
    fmts = parse_formats(formats)
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    root = Path(out_dir)
    if next(iter_inputs(inputs, exclude=root), None) is None:  # before touching out_dir
        raise BatchArgumentError("no input file matched", source=" ".join(inputs))
    if "parquet" in fmts:
        try:
            _optional("pyarrow.parquet")
        except ImportError:
            raise BatchArgumentError("the parquet format needs pyarrow: pip install 'broadsheet[parquet]'") from None
    out = _Out(root, fsync=fsync)
    root.mkdir(parents=True, exist_ok=True)
    lock = _Lock(root / LOCK)
    report: Reporter = reporter or _Silent()
    summary = BatchSummary(formats=fmts, out=str(root), engine="dask" if dask_address or engine == "dask" else "local")
    try:
        out.prepare()
        conn = open_manifest(root / MANIFEST)
        conn.row_factory = sqlite3.Row
    except BaseException:
        lock.release()
        raise
    try:
        run = conn.execute(
            "INSERT INTO runs (started, args) VALUES (?, ?)",
            (time.time(), json.dumps({"inputs": list(inputs), "formats": list(fmts)})),
        ).lastrowid
        assert run is not None
        total = sum(1 for _ in iter_inputs(inputs, exclude=root)) if count_first else None
        if total == 0:
            raise BatchArgumentError("no input file matched", source=" ".join(inputs))
        want = {"part", *(f for f in fmts if f in TREE_FORMATS)}

        def tasks() -> Iterator[Task]:
            for item in iter_inputs(inputs, exclude=root):
                summary.files += 1
                doc_id = doc_id_for(item.key)
                row = conn.execute("SELECT * FROM docs WHERE key = ?", (item.key,)).fetchone()
                wanted = {out.part(doc_id) if w == "part" else out.tree(w, item.key) for w in want}
                if _reusable(row, item, out, wanted, retry_failed):
                    conn.execute("UPDATE docs SET run = ? WHERE key = ?", (run, item.key))
                    summary.skipped += 1
                    report.advance(None)
                    continue
                yield Task(item.key, item.path, doc_id, fmts, lang, max_bytes)

        active = runner or make_runner(engine, jobs, dask_address)
        summary.workers = active.workers
        report.start(total)
        pages_now = 0
        try:
            for result in active.run(tasks()):
                _record(conn, out, result, run)
                summary.processed += 1
                pages_now += result.pages
                report.advance(result)
        finally:
            if runner is None:
                active.close()
            report.stop()
        if summary.files == 0:
            raise BatchArgumentError("no input file matched", source=" ".join(inputs))

        if "jsonl" in fmts:
            _collect_jsonl(conn, out, run)
        if "parquet" in fmts:
            _collect_parquet(conn, out, run)
        _collect_errors(conn, out, run)
        counts = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(pages), 0), COALESCE(SUM(articles), 0),"
            " COALESCE(SUM(status = 'error'), 0) FROM docs WHERE run = ?",
            (run,),
        ).fetchone()
        summary.files, summary.pages, summary.articles, summary.failed = (int(x) for x in counts)
        summary.seconds = time.perf_counter() - started
        summary.pages_per_second = pages_now / summary.seconds if summary.seconds > 0 else 0.0
        summary.outputs = [
            name
            for name, fmt in (
                (ARTICLES_JSONL, "jsonl"),
                (ARTICLES_PARQUET, "parquet"),
                ("json/", "json"),
                ("markdown/", "markdown"),
            )
            if fmt in fmts
        ] + [ERRORS_JSONL]
        out.write(SUMMARY_JSON, json.dumps(summary.to_dict(), indent=2) + "\n")
        conn.execute("UPDATE runs SET finished = ? WHERE run = ?", (time.time(), run))
        out.finish()
    finally:
        conn.close()
        lock.release()
    return summary
