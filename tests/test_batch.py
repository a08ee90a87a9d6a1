"""``broadsheet batch``: outputs, identical results on 1/2 processes and Dask, resume,
per-document errors, exit codes and a kill -9 at random moments."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from broadsheet import rebuild
from broadsheet.batch import (
    ARTICLE_FIELDS,
    BatchArgumentError,
    BatchLockedError,
    doc_id_for,
    iter_inputs,
    run_batch,
)
from broadsheet.cli import app
from broadsheet.writers import to_json, to_markdown

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def make_corpus(root: Path, n: int, seed: int = 0, *, bad: bool = False) -> list[Path]:
    """``n`` generated pages in nested folders under ``root`` (+ a binary and an empty file)."""
    from fixtures.pagegen import generate_page

    paths: list[Path] = []
    for i in range(n):
        path = root / f"issue-{i % 3}" / ("sub" if i % 2 else "") / f"page-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_page(seed + i)[0], encoding="utf-8")
        paths.append(path)
    if bad:
        (root / "issue-0" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
        (root / "issue-1" / "blank.txt").write_text("", encoding="utf-8")
    return paths


def key_of(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def tree_files(out: Path) -> dict[str, bytes]:
    """Every output file except the ones that record a run (manifest, summary, lock)."""
    skip = {"manifest.sqlite", "summary.json", ".lock"}
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in skip and not p.name.startswith("manifest.sqlite")
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("corpus") / "in"
    return root, make_corpus(root, 14, seed=400, bad=True)


# --------------------------------------------------------------------------
# outputs


def test_outputs_match_the_single_file_rebuild(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    root, pages = corpus
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["batch", str(root), "--out", str(out), "-f", "jsonl,parquet", "-f", "json,markdown", "-j", "1", "-q"]
    )
    assert result.exit_code == 1, result.output  # the two bad files
    rows = read_jsonl(out / "articles.jsonl")
    assert rows and all(tuple(row) == ARTICLE_FIELDS for row in rows)
    # sorted by input key, then article number
    assert [(r["source"], r["n"]) for r in rows] == sorted((r["source"], r["n"]) for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    for page in pages:
        key = key_of(page, root)
        doc = rebuild(page)
        expected = doc.to_dict(offsets=False)["articles"]
        got = [r for r in rows if r["source"] == key]
        assert len(got) == len(expected) == len(doc.articles)
        for n, (row, art) in enumerate(zip(got, expected, strict=True), 1):
            assert row["id"] == f"{doc_id_for(key)}-{n}"
            assert {k: row[k] for k in art} == art
        doc.page.source = key
        assert (out / "json" / f"{key}.json").read_text(encoding="utf-8") == to_json(doc) + "\n"
        assert (out / "markdown" / f"{key}.md").read_text(encoding="utf-8") == to_markdown(doc)
    # Parquet holds the same rows in the same order
    import pyarrow.parquet as pq

    assert pq.read_table(out / "articles.parquet").to_pylist() == rows
    errors = read_jsonl(out / "errors.jsonl")
    assert [(e["file"], e["code"]) for e in errors] == [("issue-0/scan.txt", "B102"), ("issue-1/blank.txt", "B101")]
    assert all(e["message"] and Path(e["path"]).is_file() for e in errors)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["files"] == len(pages) + 2
    assert summary["failed"] == 2
    assert summary["articles"] == len(rows)
    assert "2 failed" in result.stdout
    assert not (out / ".tmp").exists()
    assert not any((out / "json").rglob("scan.txt.json"))


def test_same_bytes_on_one_process_two_processes_and_dask(corpus: tuple[Path, list[Path]], tmp_path: Path) -> None:
    from distributed import LocalCluster

    root, _pages = corpus
    fmts = ("jsonl", "parquet", "json", "markdown")
    one = run_batch([str(root)], tmp_path / "one", formats=fmts, jobs=1)
    two = run_batch([str(root)], tmp_path / "two", formats=fmts, jobs=2)
    assert two.workers == 2 and one.workers == 1
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        on_dask = run_batch([str(root)], tmp_path / "dask", formats=fmts, dask_address=cluster.scheduler_address)
    assert on_dask.engine == "dask"
    reference = tree_files(tmp_path / "one")
    assert "articles.parquet" in reference and "articles.jsonl" in reference
    assert tree_files(tmp_path / "two") == reference
    assert tree_files(tmp_path / "dask") == reference
    assert (one.articles, one.failed) == (two.articles, two.failed) == (on_dask.articles, on_dask.failed)


# --------------------------------------------------------------------------
# resume


def test_resume_skips_done_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    from fixtures.pagegen import generate_page

    root = tmp_path / "in"
    pages = make_corpus(root, 6, seed=900)
    out = tmp_path / "out"
    first = run_batch([str(root)], out, formats=["jsonl", "json"], jobs=1)
    assert (first.processed, first.skipped, first.failed) == (6, 0, 0)

    again = run_batch([str(root)], out, formats=["jsonl", "json"], jobs=1)
    assert (again.processed, again.skipped) == (0, 6)
    assert again.articles == first.articles

    changed, broken = pages[2], pages[4]
    changed.write_text(generate_page(12345)[0], encoding="utf-8")
    broken.write_bytes(b"")
    new = root / "issue-9" / "late.txt"
    new.parent.mkdir()
    new.write_text(generate_page(777)[0], encoding="utf-8")
    third = run_batch([str(root)], out, formats=["jsonl", "json"], jobs=1)
    assert (third.processed, third.skipped, third.failed) == (3, 4, 1)

    rows = read_jsonl(out / "articles.jsonl")
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    assert set(by_source) == {key_of(p, root) for p in [*pages, new] if p != broken}
    assert [r["headline"] for r in by_source[key_of(changed, root)]] == [
        a.headline.text if a.headline else None for a in rebuild(changed).articles
    ]
    # the empty file's earlier outputs are gone, its error recorded
    assert not (out / "json" / f"{key_of(broken, root)}.json").exists()
    broken_id = doc_id_for(key_of(broken, root))
    assert not (out / "parts" / broken_id[:2] / f"{broken_id}.jsonl").exists()
    assert [e["file"] for e in read_jsonl(out / "errors.jsonl")] == [key_of(broken, root)]

    # asking for one more format redoes every file for it
    fourth = run_batch([str(root)], out, formats=["jsonl", "json", "markdown"], jobs=1)
    assert (fourth.processed, fourth.skipped) == (6, 1)  # the failed file is not retried
    assert len(list((out / "markdown").rglob("*.md"))) == 6
    fifth = run_batch([str(root)], out, formats=["jsonl"], jobs=1, retry_failed=True)
    assert (fifth.processed, fifth.skipped, fifth.failed) == (1, 6, 1)


def test_resume_repairs_what_a_crash_left(tmp_path: Path) -> None:
    root = tmp_path / "in"
    pages = make_corpus(root, 5, seed=60)
    out = tmp_path / "out"
    run_batch([str(root)], out, formats=["jsonl"], jobs=1)
    reference = (out / "articles.jsonl").read_bytes()

    # a crash after a part was written but before the manifest recorded it, another
    # while a file was half written, a lost part file, a half-written collected file
    key = key_of(pages[1], root)
    with sqlite3.connect(out / "manifest.sqlite") as conn:
        conn.execute("DELETE FROM docs WHERE key = ?", (key,))
    conn.close()
    part = out / "parts" / doc_id_for(key)[:2] / f"{doc_id_for(key)}.jsonl"
    part.write_text('{"half": ', encoding="utf-8")
    (out / ".tmp").mkdir()
    (out / ".tmp" / "0123.tmp").write_text("half", encoding="utf-8")
    lost = key_of(pages[3], root)
    (out / "parts" / doc_id_for(lost)[:2] / f"{doc_id_for(lost)}.jsonl").unlink()
    (out / "articles.jsonl").write_text("garbage", encoding="utf-8")

    summary = run_batch([str(root)], out, formats=["jsonl"], jobs=1)
    assert (summary.processed, summary.skipped) == (2, 3)
    assert (out / "articles.jsonl").read_bytes() == reference
    assert not (out / ".tmp").exists()


# --------------------------------------------------------------------------
# inputs, errors, exit codes


def test_inputs_files_folders_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "in"
    pages = make_corpus(root, 6, seed=5)
    (root / "issue-0" / "notes.md").write_text("not a page", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    keys = [item.key for item in iter_inputs(["in"])]
    assert sorted(keys) == sorted(key_of(p, root) for p in pages)
    assert [i.key for i in iter_inputs(["in/**/page-00[0-2].txt"])] == sorted(key_of(p, root) for p in pages[:3])
    # a folder, a file inside it and a glob: each file once, keys from the common folder
    mixed = list(iter_inputs(["in/issue-1", str(pages[1]), "in/issue-2/*.txt"]))
    assert len({i.key for i in mixed}) == len(mixed)
    assert all(i.key.startswith(("issue-1/", "issue-2/")) for i in mixed)
    # the output folder is never read as input
    out = root / "out"
    run_batch(["in"], out, formats=["jsonl"], jobs=1)
    (out / "stray.txt").write_text("written by someone", encoding="utf-8")
    assert all(not i.key.startswith("out/") for i in iter_inputs(["in"], exclude=out))


@pytest.mark.parametrize(
    "args",
    [
        ["missing-folder"],
        ["in/*.nothing"],
        ["in", "-f", "xml"],
        ["in", "--engine", "spark"],
        [],
    ],
)
def test_unusable_arguments_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    make_corpus(tmp_path / "in", 1)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["batch", *args, "--out", "out", "-q"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_no_out_is_exit_2(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 1)
    assert runner.invoke(app, ["batch", str(tmp_path / "in")]).exit_code == 2
    with pytest.raises(BatchArgumentError):
        run_batch([str(tmp_path / "in")], tmp_path / "out", formats=["csv"])


def test_a_bug_in_one_document_is_b100_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import broadsheet.batch as batch

    pages = make_corpus(tmp_path / "in", 3, seed=1)
    real = batch.rebuild

    def flaky(path: Path, **kw: Any) -> Any:
        if path.name == pages[1].name:
            raise ZeroDivisionError("boom")
        return real(path, **kw)

    monkeypatch.setattr(batch, "rebuild", flaky)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert [e["code"] for e in errors] == ["B100"]
    assert "ZeroDivisionError: boom" in errors[0]["message"]
    assert {r["source"] for r in read_jsonl(tmp_path / "out" / "articles.jsonl")} == {
        key_of(p, tmp_path / "in") for p in (pages[0], pages[2])
    }


def test_all_done_is_exit_0_and_the_summary_is_printed(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 2, seed=3)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "2 files" in result.stdout and "0 failed" in result.stdout and "articles" in result.stdout


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    import fcntl

    make_corpus(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with (out / ".lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(BatchLockedError):
            run_batch([str(tmp_path / "in")], out, jobs=1)
        result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "-q"])
        assert result.exit_code == 33
        assert "[B303]" in result.output


# --------------------------------------------------------------------------
# kill -9


def _manifest(out: Path) -> list[tuple[str, str, str, int, str]]:
    conn = sqlite3.connect(out / "manifest.sqlite")
    try:
        return conn.execute("SELECT key, sha256, status, articles, outputs FROM docs ORDER BY key").fetchall()
    finally:
        conn.close()


def test_issue_4_kill9(tmp_path: Path) -> None:
    """SIGKILL the batch (and its workers) at random moments, re-run until it completes:
    every input has its articles exactly once, nothing half-written is left."""
    root = tmp_path / "in"
    pages = make_corpus(root, 48, seed=2000, bad=True)
    fmts = "jsonl,parquet,json"
    reference = tmp_path / "reference"
    run_batch([str(root)], reference, formats=fmts.split(","), jobs=1)

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "broadsheet", "batch", str(root), "--out", str(out), "-f", fmts, "-j", "2", "-q"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    rng = random.Random(4)
    interrupted = 0
    for delay in [rng.uniform(0.2, 1.6) for _ in range(4)]:
        proc = subprocess.Popen(
            cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            proc.wait(timeout=delay)  # finished before the kill (a resumed run has less to do)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the batch and every worker it started
            proc.wait()
            interrupted += 1
    assert interrupted >= 1, "no run was killed before it finished: the test proves nothing"
    final = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 1, final.stderr  # the two bad files

    rows = read_jsonl(out / "articles.jsonl")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "an article is duplicated"
    assert {r["source"] for r in rows} == {key_of(p, root) for p in pages}, "a page is lost"
    assert tree_files(out) == tree_files(reference)  # same bytes as an uninterrupted run
    import pyarrow.parquet as pq

    assert pq.read_table(out / "articles.parquet").to_pylist() == rows
    assert not (out / ".tmp").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    # the manifest lists each input once, with its hash and its outputs, all present
    manifest = _manifest(out)
    bad = ["issue-0/scan.txt", "issue-1/blank.txt"]
    assert [m[0] for m in manifest] == sorted([*(key_of(p, root) for p in pages), *bad])
    for key, sha, status, n_articles, outputs in manifest:
        assert sha == hashlib.sha256((root / key).read_bytes()).hexdigest()
        assert status == ("error" if key.endswith(("scan.txt", "blank.txt")) else "ok")
        assert n_articles == sum(1 for r in rows if r["source"] == key)
        assert all((out / rel).is_file() for rel in json.loads(outputs))
    parts = sorted(p.relative_to(out).as_posix() for p in (out / "parts").rglob("*.jsonl"))
    assert parts == sorted(rel for m in manifest for rel in json.loads(m[4]) if rel.startswith("parts/"))
    assert _manifest(out) == _manifest(reference)
