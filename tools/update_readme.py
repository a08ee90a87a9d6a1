"""Refresh the README's before/after example from the bundled sample's real output.

Usage: python tools/update_readme.py [--check]

Rewrites the blocks between ``<!-- sample:NAME -->`` and ``<!-- /sample:NAME -->``
markers in README.md (NAME: input, output, explain).  ``--check`` only reports
whether the README is up to date (exit 1 if not).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: Explanation lines shown in the README (a few of each stage, not all of them).
EXPLAIN_PICKS = ("headline 'Town", "inline-dateline", " caption ", "'river-", "'long-", "'soci-", "'estuary.'", "folio")


def _cli(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "broadsheet", *args], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout


def blocks() -> dict[str, str]:
    explain = _cli("sample", "--format", "text", "--explain")
    lines = explain[explain.index("Explanations") :].splitlines()[1:]
    picked = [line.strip() for line in lines if any(key in line for key in EXPLAIN_PICKS)]
    return {
        "input": "```text\n" + _cli("sample", "--show-input") + "```\n",
        "output": "```markdown\n" + _cli("sample", "--format", "markdown") + "```\n",
        "explain": "```text\n" + "\n".join(picked) + "\n```\n",
    }


def render(readme: str, new: dict[str, str]) -> str:
    for name, body in new.items():
        pattern = re.compile(rf"(<!-- sample:{name} -->\n).*?(<!-- /sample:{name} -->)", re.DOTALL)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- sample:{name} --> block")
        readme = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), readme)
    return readme


def main(argv: list[str]) -> int:
    old = README.read_text(encoding="utf-8")
    new = render(old, blocks())
    if "--check" in argv:
        print("README example is up to date" if new == old else "README example is out of date")
        return 0 if new == old else 1
    README.write_text(new, encoding="utf-8")
    print("README example refreshed" if new != old else "README example already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
