"""The command line: formats, standard input, batches, errors and exit codes, eval."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from broadsheet import rebuild
from broadsheet.cli import EXIT_BATCH_FAILED, EXIT_USAGE, app, main, sample_text
from broadsheet.errors import CorpusError, EmptyInputError, InputNotFoundError
from broadsheet.evaluate import METRICS, baseline_predict
from broadsheet.writers import RULE, to_json, to_markdown, to_text

SRC_DIR = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "sample.txt"
    path.write_text(sample_text(), encoding="utf-8")
    return path


def _json(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------
# rebuild: formats


def test_rebuild_sample_json_matches_library(runner: CliRunner, sample_file: Path) -> None:
    result = runner.invoke(app, ["rebuild", str(sample_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == to_json(rebuild(sample_file)) + "\n"
    data = _json(result.stdout)
    assert data["articles"], "the sample page has articles"
    for article in data["articles"]:
        assert {"headline", "byline", "dateline", "paragraphs", "pull_quotes", "captions"} <= set(article)
    assert "repairs" not in data


@pytest.mark.parametrize(
    ("fmt", "writer"),
    [("markdown", to_markdown), ("text", to_text), ("MARKDOWN", to_markdown)],
)
def test_rebuild_sample_markdown_and_text(runner: CliRunner, sample_file: Path, fmt: str, writer: Any) -> None:
    result = runner.invoke(app, ["rebuild", "--format", fmt, str(sample_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == writer(rebuild(sample_file))


def test_rebuild_sample_flag_and_sample_command(runner: CliRunner) -> None:
    by_flag = runner.invoke(app, ["rebuild", "--sample", "-f", "text"])
    by_command = runner.invoke(app, ["sample", "--format", "text"])
    assert by_flag.exit_code == by_command.exit_code == 0
    assert by_flag.stdout == by_command.stdout
    assert RULE in by_flag.stdout
    default = runner.invoke(app, ["sample"])
    assert default.stdout.startswith("# ")  # markdown by default
    raw = runner.invoke(app, ["sample", "--show-input"])
    assert raw.stdout == sample_text()


def test_rebuild_stdin(runner: CliRunner) -> None:
    data = sample_text().encode("utf-8")
    result = runner.invoke(app, ["rebuild", "-"], input=data)
    assert result.exit_code == 0, result.stderr
    out = _json(result.stdout)
    assert out["source"] == "<stdin>"
    expected = rebuild(data).to_dict()
    assert out["articles"] == expected["articles"]
    assert out["furniture"] == expected["furniture"]


def test_rebuild_stdin_error_names_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rebuild", "-"], input=b"   \n\n")
    assert result.exit_code == EmptyInputError.exit_code
    assert result.stderr.strip() == "[B101] input is empty (<stdin>)"
    assert result.stdout == ""


def test_rebuild_output_file(runner: CliRunner, sample_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    result = runner.invoke(app, ["rebuild", "-f", "markdown", "-o", str(target), str(sample_file)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == to_markdown(rebuild(sample_file))


# --------------------------------------------------------------------------
# --explain


def test_explain_json_has_repairs(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rebuild", "--sample", "--explain"])
    assert result.exit_code == 0
    repairs = _json(result.stdout)["repairs"]
    stages = {r["stage"] for r in repairs}
    assert {"hyphen", "role"} <= stages
    hyphens = {r["before"]: r for r in repairs if r["stage"] == "hyphen"}
    # every line-end hyphen of the sample is explained (the decisions themselves
    # are checked in test_sample.py)
    assert {"long-\\nterm", "soci-\\nety", "river-\\nside"} <= set(hyphens)
    assert hyphens["soci-\\nety"]["after"] == "society"
    assert all(r["why"] for r in repairs)
    assert all(isinstance(r["offset"], int) for r in repairs if r["stage"] == "hyphen")
    roles = {r["action"] for r in repairs if r["stage"] == "role"}
    assert {"headline", "byline", "furniture"} <= roles


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_explain_markdown_and_text_append_section(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["rebuild", "--sample", "--explain", "-f", fmt])
    assert result.exit_code == 0
    out = result.stdout
    assert "Explanations" in out
    assert out.index("Explanations") > out.index("Page furniture")
    assert "[hyphen] " in out and " 'long-\\nterm' -> 'long" in out
    assert "[role] " in out and " headline '" in out
    plain = runner.invoke(app, ["rebuild", "--sample", "-f", fmt]).stdout
    assert "Explanations" not in plain
    assert out.startswith(plain.rstrip("\n"))


# --------------------------------------------------------------------------
# batches


def test_several_files_give_json_lines(runner: CliRunner, sample_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("A short page.\n\nIt has two paragraphs of text.\n", encoding="utf-8")
    result = runner.invoke(app, ["rebuild", str(sample_file), str(other)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    docs = [_json(line) for line in lines]
    assert [d["source"] for d in docs] == [str(sample_file), str(other)]
    assert docs[0] == rebuild(sample_file).to_dict()


def test_several_files_markdown_have_headers(runner: CliRunner, sample_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(sample_text(), encoding="utf-8")
    md = runner.invoke(app, ["rebuild", "-f", "markdown", str(sample_file), str(other)])
    assert md.exit_code == 0
    assert md.stdout.count("**File:**") == 2
    assert f"**File:** `{other}`" in md.stdout
    text = runner.invoke(app, ["rebuild", "-f", "text", str(sample_file), str(other)])
    assert text.stdout.index(f"==> {sample_file} <==") < text.stdout.index(f"==> {other} <==")


def test_bad_file_in_batch_continues_and_exits_1(runner: CliRunner, sample_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["rebuild", str(sample_file), str(empty), str(missing), str(sample_file)])
    assert result.exit_code == EXIT_BATCH_FAILED
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # both good files were still rebuilt
    assert all(_json(line)["articles"] for line in lines)
    err = result.stderr.splitlines()
    assert f"[B101] input is empty ({empty})" in err
    assert any(line.startswith("[B105] ") and line.endswith(f"({missing})") for line in err)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", EmptyInputError.exit_code), (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 17)],
)
def test_single_bad_file_exit_code_is_the_errors(runner: CliRunner, tmp_path: Path, content: bytes, code: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["rebuild", str(path)])
    assert result.exit_code == code
    assert result.stderr.startswith("[B10")
    assert result.stderr.rstrip().endswith(f"({path})")


def test_missing_file_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["rebuild", str(tmp_path / "nope.txt")])
    assert result.exit_code == InputNotFoundError.exit_code == 15
    assert result.stderr.startswith("[B105] cannot read file")


def test_max_bytes_option(runner: CliRunner, sample_file: Path) -> None:
    result = runner.invoke(app, ["rebuild", "--max-bytes", "100", str(sample_file)])
    assert result.exit_code == 14
    assert result.stderr.startswith("[B104] ")


@pytest.mark.parametrize(
    "args",
    [
        ["rebuild"],
        ["rebuild", "--format", "xml", "--sample"],
        ["rebuild", "--lang", "xx", "--sample"],
        ["rebuild", "--max-bytes", "0", "--sample"],
        ["rebuild", "-", "-"],
        ["rebuild", "--no-such-option"],
        ["no-such-command"],
        ["eval"],
    ],
)
def test_unusable_arguments_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args, input=b"text")
    assert result.exit_code == EXIT_USAGE, (args, result.stdout, result.stderr)


def test_lang_option_is_used(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rebuild", "--sample", "--lang", "DE"])
    assert result.exit_code == 0
    assert _json(result.stdout)["language"] == "de"


# --------------------------------------------------------------------------
# eval


def _tiny_corpus(root: Path) -> Path:
    """Two samples whose gold is exactly what the baseline predicts (so its wer is 0)."""
    pages = {
        "tiny-0001-alpha": "Rain fell on the town all day.\n\nThe river rose by a metre.\n",
        "tiny-0002-beta": "Ferry service resumes\n\nThe night ferry ran again on Monday after a long pause.\n",
    }
    for sample_id, text in pages.items():
        folder = root / sample_id
        folder.mkdir(parents=True)
        (folder / "page.txt").write_text(text, encoding="utf-8")
        gold = {"sample_id": sample_id, **baseline_predict(text)}
        (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_eval_baseline_json_on_tiny_corpus(runner: CliRunner, tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["eval", str(corpus), "--baseline", "--json"])
    assert result.exit_code == 0, result.stderr
    data = _json(result.stdout)
    assert data["predictor"] == "baseline"
    assert data["overall"]["samples"] == 2
    assert data["overall"]["wer"] == 0.0
    assert data["overall"]["artcount"] == 1.0
    assert sorted(data["by_extractor"]) == ["alpha", "beta"]
    assert data["errors"] == {}


def test_eval_broadsheet_table_and_scores(runner: CliRunner, tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path / "corpus")
    tsv = tmp_path / "scores.tsv"
    jsonl = tmp_path / "scores.jsonl"
    result = runner.invoke(app, ["eval", str(corpus), "--scores", str(tsv)])
    assert result.exit_code == 0, result.stderr
    for metric in METRICS:
        assert metric in result.stdout
    assert "ALL" in result.stdout and "alpha" in result.stdout
    rows = tsv.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and rows[0].startswith("sample_id\t")
    runner.invoke(app, ["eval", str(corpus), "--scores", str(jsonl), "--json"])
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["sample_id"] for r in records] == ["tiny-0001-alpha", "tiny-0002-beta"]


def test_eval_other_input_name(runner: CliRunner, tmp_path: Path) -> None:
    corpus = _tiny_corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["eval", str(corpus), "--input", "absent.txt", "--json"])
    assert result.exit_code == 0
    assert set(_json(result.stdout)["errors"]) == {"tiny-0001-alpha", "tiny-0002-beta"}
    assert "2 sample(s) could not be rebuilt" in result.stderr


def test_eval_errors(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["eval", str(tmp_path / "nothing")])
    assert missing.exit_code == CorpusError.exit_code == 21
    assert missing.stderr.startswith("[B201] ")
    (tmp_path / "empty").mkdir()
    assert runner.invoke(app, ["eval", str(tmp_path / "empty")]).exit_code == 21
    bad = tmp_path / "bad" / "s-0001-x"
    bad.mkdir(parents=True)
    (bad / "gold.json").write_text("{not json", encoding="utf-8")
    broken = runner.invoke(app, ["eval", str(tmp_path / "bad")])
    assert broken.exit_code == 21
    assert "Traceback" not in broken.stderr
    corpus = _tiny_corpus(tmp_path / "corpus")
    assert runner.invoke(app, ["eval", str(corpus), "--scores", str(tmp_path / "s.csv")]).exit_code == EXIT_USAGE


# --------------------------------------------------------------------------
# processes


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC_DIR), env.get("PYTHONPATH", "")) if p)
    return env


def test_python_dash_m(sample_file: Path, tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "broadsheet", "--version"], capture_output=True, text=True, env=_env(), check=False
    )
    assert version.returncode == 0
    assert version.stdout.startswith("broadsheet ")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "broadsheet", "rebuild", "-f", "text", str(empty), "-", str(sample_file)],
        input=sample_text().encode("utf-8"),
        capture_output=True,
        env=_env(),
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.decode("utf-8").count("==> ") == 2
    assert proc.stderr.decode("utf-8").startswith(f"[B101] input is empty ({empty})")


def test_main_returns_exit_code(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rebuild", str(sample_file)]) == 0
    assert _json(capsys.readouterr().out)["articles"]
    assert main(["rebuild", str(sample_file) + ".missing"]) == 15
    assert main([]) in (0, EXIT_USAGE)  # help is printed (click's no_args_is_help)
