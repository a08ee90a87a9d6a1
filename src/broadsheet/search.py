"""Full-text search over the articles of a batch: an embedded SQLite FTS5 index.

:func:`build_index` reads ``OUT/articles.jsonl`` (or ``OUT/articles.parquet``) of
``broadsheet batch`` into one FTS5 table with the columns headline, byline, dateline,
body and source; :func:`search` ranks matches with BM25, a headline hit weighing more
than a byline hit, which weighs more than a body hit, and returns a snippet of each.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batch import ARTICLES_JSONL, ARTICLES_PARQUET
from .errors import BroadsheetError

__all__ = [
    "COLUMN_WEIGHTS",
    "MARK_CLOSE",
    "MARK_OPEN",
    "Hit",
    "SearchIndexError",
    "SearchQueryError",
    "build_index",
    "iter_result_articles",
    "search",
]

#: BM25 weight of each indexed column (headline, byline, dateline, body, source)
COLUMN_WEIGHTS: tuple[float, ...] = (10.0, 4.0, 2.0, 1.0, 0.5)
#: marks around matched words in :attr:`Hit.snippet`
MARK_OPEN = "\x02"
MARK_CLOSE = "\x03"
SNIPPET_TOKENS = 20

_WORD = re.compile(r"\w+")
_BATCH = 1000


class SearchIndexError(BroadsheetError):
    """B302: nothing to index, or no usable index."""

    code = "B302"
    exit_code = 32


class SearchQueryError(BroadsheetError):
    """B304: a query the index cannot parse (FTS5 syntax)."""

    code = "B304"
    exit_code = 34


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    page: int
    headline: str | None
    byline: str | None
    dateline: str | None
    score: float
    #: text around the match, matched words between :data:`MARK_OPEN` and :data:`MARK_CLOSE`
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "page": self.page,
            "headline": self.headline,
            "byline": self.byline,
            "dateline": self.dateline,
            "score": round(self.score, 4),
            "snippet": self.snippet.replace(MARK_OPEN, "**").replace(MARK_CLOSE, "**"),
        }


def iter_result_articles(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The article rows of a batch output folder, from articles.jsonl or articles.parquet."""
    jsonl = out_dir / ARTICLES_JSONL
    parquet = out_dir / ARTICLES_PARQUET
    if jsonl.is_file():
        with jsonl.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                try:
                    yield json.loads(line)
                except ValueError:
                    raise SearchIndexError(f"line {n} is not JSON", source=str(jsonl)) from None
    elif parquet.is_file():
        try:
            pq: Any = importlib.import_module("pyarrow.parquet")
        except ImportError:
            raise SearchIndexError("reading articles.parquet needs pyarrow", source=str(parquet)) from None
        for batch in pq.ParquetFile(parquet).iter_batches(batch_size=_BATCH):
            yield from batch.to_pylist()
    else:
        raise SearchIndexError(
            f"no {ARTICLES_JSONL} or {ARTICLES_PARQUET} here: run 'broadsheet batch ... --out DIR' first",
            source=str(out_dir),
        )


def _body(row: dict[str, Any]) -> str:
    parts = [*(row.get("decks") or []), *(row.get("paragraphs") or []), *(row.get("captions") or [])]
    return "\n\n".join(p for p in parts if p)


def build_index(out_dir: str | os.PathLike[str], db: str | os.PathLike[str]) -> int:
    """Index every article of the batch in ``out_dir`` into the SQLite file ``db``
    (replaced atomically); return the number of articles."""
    src, target = Path(out_dir), Path(db)
    if not src.is_dir():
        raise SearchIndexError("the batch output folder does not exist", source=str(src))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    n = 0
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute(
                "CREATE VIRTUAL TABLE articles USING fts5("
                "headline, byline, dateline, body, source, id UNINDEXED, page UNINDEXED,"
                " tokenize = 'unicode61 remove_diacritics 2')"
            )
            weights = ", ".join(str(w) for w in (*COLUMN_WEIGHTS, 0.0, 0.0))
            conn.execute("INSERT INTO articles (articles, rank) VALUES ('rank', ?)", (f"bm25({weights})",))
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            batch: list[tuple[Any, ...]] = []
            for row in iter_result_articles(src):
                batch.append(
                    (
                        row.get("headline") or "",
                        row.get("byline") or "",
                        row.get("dateline") or "",
                        _body(row),
                        row.get("source") or "",
                        row.get("id") or "",
                        int(row.get("page") or 1),
                    )
                )
                if len(batch) >= _BATCH:
                    n += _insert(conn, batch)
            n += _insert(conn, batch)
            conn.execute("INSERT INTO articles (articles) VALUES ('optimize')")
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("articles", str(n)), ("source", str(src.resolve())), ("built", str(time.time()))],
            )
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise SearchIndexError(f"cannot write the index: {exc}", source=str(target)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _insert(conn: sqlite3.Connection, batch: list[tuple[Any, ...]]) -> int:
    conn.executemany(
        "INSERT INTO articles (headline, byline, dateline, body, source, id, page) VALUES (?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    n = len(batch)
    batch.clear()
    return n


def literal_query(text: str) -> str:
    """``text`` as FTS5 query of its words, each quoted (all must match)."""
    return " ".join(f'"{w}"' for w in _WORD.findall(text))


def open_index(db: str | os.PathLike[str]) -> sqlite3.Connection:
    path = Path(db)
    if not path.is_file():
        raise SearchIndexError(
            "no search index here: build one with 'broadsheet index OUT_DIR --db FILE'", source=str(path)
        )
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        conn.execute("SELECT COUNT(*) FROM articles WHERE articles MATCH 'x' LIMIT 1").fetchone()
    except sqlite3.Error as exc:
        raise SearchIndexError(f"not a broadsheet search index: {exc}", source=str(path)) from None
    return conn


def search(
    db: str | os.PathLike[str] | sqlite3.Connection, query: str, *, limit: int = 10, literal: bool = False
) -> list[Hit]:
    """The ``limit`` best articles for ``query`` (FTS5 syntax unless ``literal``), best first."""
    fts = literal_query(query) if literal else query.strip()
    if not fts:
        raise SearchQueryError("the query has no words", source=query)
    conn = db if isinstance(db, sqlite3.Connection) else open_index(db)
    try:
        rows = conn.execute(
            "SELECT id, source, page, headline, byline, dateline, rank,"
            " snippet(articles, -1, ?, ?, '…', ?) FROM articles WHERE articles MATCH ? ORDER BY rank LIMIT ?",
            (MARK_OPEN, MARK_CLOSE, SNIPPET_TOKENS, fts, limit),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise SearchQueryError(f"cannot parse the query ({exc}); quote words or use --literal", source=query) from None
    finally:
        if not isinstance(db, sqlite3.Connection):
            conn.close()
    return [
        Hit(
            id=r[0],
            source=r[1],
            page=int(r[2]),
            headline=r[3] or None,
            byline=r[4] or None,
            dateline=r[5] or None,
            score=-float(r[6]),
            snippet=r[7] or "",
        )
        for r in rows
    ]
