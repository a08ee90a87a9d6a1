"""Batch throughput, scaling, memory and single-file equivalence of ``broadsheet batch``.

Usage::

    python bench/bench_batch.py [CORPUS] [--runs 3] [--jobs 2] [--files 100,1000,10000]
                                [--skip-memory] [--out bench/results/batch.md]

``CORPUS`` is a folder of ``<sample>/page.txt`` and ``<sample>/page.pdf`` (default
``../shared/corpora/dev`` from the repository root).  Measured, each with the real
command line in a subprocess (interpreter start, pool or cluster start and fsync
included):

1. throughput: ``broadsheet batch`` over every page.txt and page.pdf of the corpus with
   ``--jobs 1``, ``--jobs N`` and ``--engine dask --jobs N`` (a LocalCluster of N worker
   processes); median of ``--runs`` runs; scaling efficiency = pps(N) / (N * pps(1));
2. equivalence: the articles of the batch's ``articles.jsonl`` against those of the
   single-file command (``broadsheet rebuild FILE...``) for every input;
3. memory: peak resident memory of the batch (the parent and all its worker processes,
   sampled every 50 ms) over 100, 1,000 and 10,000 input files (copies of 100 generated pages
   from ``tests/fixtures/pagegen.py`` in folders of 100).

The result is printed and written to ``--out`` (Markdown) and the same name ``.json``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _report import machine, write_results  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "dev"
DEFAULT_OUT = ROOT / "bench" / "results" / "batch.md"
ARTICLE_KEYS = ("page", "headline", "byline", "dateline", "decks", "paragraphs", "pull_quotes", "captions")


# --------------------------------------------------------------------------
# helpers


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "broadsheet", *args]


def _tree_rss(pid: int) -> tuple[int, int]:
    """(RSS of ``pid``, RSS of ``pid`` and all its descendants) in bytes."""
    try:
        import psutil
    except ImportError:
        return _proc_tree_rss(pid)
    try:
        proc = psutil.Process(pid)
        own = proc.memory_info().rss
        total = own
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return own, total
    except psutil.Error:
        return 0, 0


def _proc_tree_rss(pid: int) -> tuple[int, int]:
    """The same from /proc when psutil is missing (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * page
        except (OSError, ValueError, IndexError):
            continue
    tree = {pid}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                changed = True
    return rss.get(pid, 0), sum(rss.get(p, 0) for p in tree)


def run_measured(cmd: list[str], sample_every: float = 0.05) -> dict[str, Any]:
    """Run ``cmd``; wall time, exit code and peak RSS (own and with all descendants)."""
    peak_own = peak_tree = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_own, peak_tree
        while not done.is_set():
            own, tree = _tree_rss(proc.pid)
            peak_own, peak_tree = max(peak_own, own), max(peak_tree, tree)
            done.wait(sample_every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    return {
        "cmd": cmd,
        "code": proc.returncode,
        "wall": wall,
        "stdout": out,
        "stderr": err,
        "peak_rss_parent_mb": peak_own / 2**20,
        "peak_rss_total_mb": peak_tree / 2**20,
    }


def _summary(out: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return result


def _pdf_readable(corpus: Path) -> bool:
    from broadsheet import BroadsheetError, rebuild

    pdf = next(corpus.glob("*/page.pdf"), None)
    if pdf is None:
        return False
    try:
        rebuild(pdf)
    except BroadsheetError as exc:
        print(f"page.pdf not readable here ({exc}); PDFs left out", file=sys.stderr)
        return False
    return True


# --------------------------------------------------------------------------
# 1. throughput


def throughput(inputs: list[str], jobs: int, runs: int, work: Path) -> list[dict[str, Any]]:
    configs = [("local, --jobs 1", ["-j", "1"]), (f"local, --jobs {jobs}", ["-j", str(jobs)])]
    configs.append((f"dask LocalCluster, {jobs} workers", ["--engine", "dask", "-j", str(jobs)]))
    rows: list[dict[str, Any]] = []
    for label, extra in configs:
        walls: list[float] = []
        summary: dict[str, Any] = {}
        for n in range(runs):
            out = work / f"tp-{len(rows)}-{n}"
            res = run_measured(_cli("batch", *inputs, "--out", str(out), "-q", *extra))
            if res["code"] not in (0, 1):
                raise SystemExit(f"{label}: batch failed ({res['code']}): {res['stderr'][-2000:]}")
            walls.append(res["wall"])
            summary = _summary(out)
            if n < runs - 1:
                shutil.rmtree(out)
        wall = statistics.median(walls)
        rows.append(
            {
                "config": label,
                "files": summary["files"],
                "pages": summary["pages"],
                "articles": summary["articles"],
                "failed": summary["failed"],
                "wall_s": round(wall, 2),
                "walls_s": [round(w, 2) for w in walls],
                "files_per_s": round(summary["files"] / wall, 1),
                "pages_per_s": round(summary["pages"] / wall, 1),
                "out": str(work / f"tp-{len(rows)}-{runs - 1}"),
            }
        )
        print(f"  {label}: {rows[-1]['pages_per_s']} pages/s ({wall:.1f} s)", file=sys.stderr)
    return rows


# --------------------------------------------------------------------------
# 2. equivalence with the single-file command


def equivalence(inputs: list[str], corpus: Path, batch_out: Path) -> dict[str, Any]:
    batch: dict[str, list[dict[str, Any]]] = {}
    with (batch_out / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            batch.setdefault(row["source"], []).append({k: row[k] for k in ARTICLE_KEYS})
    files = sorted(p for pattern in inputs for p in glob.glob(pattern))
    single: dict[str, list[dict[str, Any]]] = {}
    chunk = 200
    for i in range(0, len(files), chunk):
        part = files[i : i + chunk]
        res = subprocess.run(_cli("rebuild", *part), capture_output=True, text=True, check=False)
        if res.returncode not in (0, 1):
            raise SystemExit(f"broadsheet rebuild failed ({res.returncode}): {res.stderr[-2000:]}")
        lines = res.stdout.splitlines() if len(part) > 1 else [json.dumps(json.loads(res.stdout))]
        for line in lines:
            doc = json.loads(line)
            key = Path(doc["source"]).resolve().relative_to(corpus.resolve()).as_posix()
            single[key] = [{k: a[k] for k in ARTICLE_KEYS} for a in doc["articles"]]
    same = sorted(k for k in single if batch.get(k, []) == single[k])
    differ = sorted(k for k in single if batch.get(k, []) != single[k])
    only_batch = sorted(set(batch) - set(single))
    return {
        "inputs": len(files),
        "single_file_docs": len(single),
        "same_articles": len(same),
        "different": differ,
        "only_in_batch": only_batch,
        "articles_batch": sum(len(v) for v in batch.values()),
        "articles_single": sum(len(v) for v in single.values()),
    }


# --------------------------------------------------------------------------
# 3. memory with 100 to 10,000 input files


def make_files(folder: Path, n: int, pages: list[str]) -> None:
    for i in range(n):
        sub = folder / f"d{i // 100:04d}"
        if i % 100 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{i:06d}.txt").write_text(pages[i % len(pages)], encoding="utf-8")


def memory(counts: list[int], jobs: int, work: Path) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.pagegen import generate_page  # type: ignore[import-not-found]

    pages = [generate_page(5000 + s)[0] for s in range(100)]
    rows: list[dict[str, Any]] = []
    for n in counts:
        folder = work / f"mem-in-{n}"
        make_files(folder, n, pages)
        out = work / f"mem-out-{n}"
        res = run_measured(_cli("batch", str(folder), "--out", str(out), "-q", "-j", str(jobs), "-f", "jsonl,parquet"))
        summary = _summary(out)
        rows.append(
            {
                "files": n,
                "pages": summary["pages"],
                "articles": summary["articles"],
                "wall_s": round(res["wall"], 1),
                "pages_per_s": round(summary["pages"] / res["wall"], 1),
                "peak_rss_parent_mb": round(res["peak_rss_parent_mb"], 1),
                "peak_rss_total_mb": round(res["peak_rss_total_mb"], 1),
            }
        )
        print(f"  {n} files: peak RSS {rows[-1]['peak_rss_total_mb']} MB ({res['wall']:.1f} s)", file=sys.stderr)
        shutil.rmtree(folder)
        shutil.rmtree(out)
    return rows


# --------------------------------------------------------------------------
# report


def report(result: dict[str, Any]) -> str:
    out = ["# Batch benchmark", ""]
    out.append(f"- machine: {result['machine']}")
    out.append(f"- inputs: {result['inputs_note']}")
    out.append(
        "- every number is the real command line in a subprocess (interpreter start, worker pool or "
        "Dask cluster start, fsync of every output, collection of articles.jsonl); median of "
        f"{result['runs']} runs"
    )
    out += ["", "## Throughput", ""]
    out.append("| engine | files | pages | articles | wall (s) | files/s | pages/s |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in result["throughput"]:
        out.append(
            f"| {r['config']} | {r['files']} | {r['pages']} | {r['articles']} | {r['wall_s']} "
            f"| {r['files_per_s']} | {r['pages_per_s']} |"
        )
    out.append("")
    out.append(
        f"Scaling efficiency with {result['jobs']} processes: **{result['efficiency']:.2f}** "
        f"(pages/s with {result['jobs']} / ({result['jobs']} x pages/s with 1)); "
        f"Dask vs local with the same number of workers: {result['dask_vs_local']:.2f}."
    )
    eq = result["equivalence"]
    out += ["", "## Batch vs single-file command", ""]
    out.append(
        f"{eq['same_articles']} of {eq['single_file_docs']} inputs give the same articles in "
        f"`articles.jsonl` as `broadsheet rebuild FILE` ({eq['articles_batch']} vs {eq['articles_single']} "
        f"articles); different: {len(eq['different'])}, only in the batch: {len(eq['only_in_batch'])}."
    )
    identical = result.get("identical_outputs")
    if identical is not None:
        out.append("")
        out.append(f"`articles.jsonl` byte-identical across --jobs 1, --jobs N and Dask: {identical}.")
    if result.get("memory"):
        out += ["", "## Memory: 100 to 10,000 input files", ""]
        out.append(
            "| files | pages | articles | wall (s) | pages/s | peak RSS parent (MB) | peak RSS all processes (MB) |"
        )
        out.append("|---:|---:|---:|---:|---:|---:|---:|")
        for r in result["memory"]:
            out.append(
                f"| {r['files']} | {r['pages']} | {r['articles']} | {r['wall_s']} | {r['pages_per_s']} "
                f"| {r['peak_rss_parent_mb']} | {r['peak_rss_total_mb']} |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--files", default="100,1000,10000", help="input-file counts for the memory test")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    corpus: Path = args.corpus.resolve()
    if not any(corpus.glob("*/page.txt")):
        raise SystemExit(f"no <sample>/page.txt under {corpus}")
    inputs = [str(corpus / "*" / "page.txt")]
    note = f"{len(list(corpus.glob('*/page.txt')))} page.txt"
    if _pdf_readable(corpus):
        inputs.append(str(corpus / "*" / "page.pdf"))
        note += f" + {len(list(corpus.glob('*/page.pdf')))} page.pdf"
    else:
        note += " (page.pdf left out: no PDF reader in this build)"
    note += f" of {corpus.name}"
    result: dict[str, Any] = {
        "machine": machine(),
        "inputs_note": note,
        "runs": args.runs,
        "jobs": args.jobs,
    }
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        print("throughput", file=sys.stderr)
        tp = throughput(inputs, args.jobs, args.runs, work)
        result["throughput"] = tp
        result["efficiency"] = tp[1]["pages_per_s"] / (args.jobs * tp[0]["pages_per_s"])
        result["dask_vs_local"] = tp[2]["pages_per_s"] / tp[1]["pages_per_s"]
        outs = [Path(r["out"]) / "articles.jsonl" for r in tp]
        result["identical_outputs"] = len({p.read_bytes() for p in outs}) == 1
        print("equivalence", file=sys.stderr)
        result["equivalence"] = equivalence(inputs, corpus, Path(tp[1]["out"]))
        if not args.skip_memory:
            print("memory", file=sys.stderr)
            result["memory"] = memory([int(n) for n in args.files.split(",")], args.jobs, work)
    for r in result["throughput"]:
        r.pop("out", None)
    write_results(args.out, report(result), result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
