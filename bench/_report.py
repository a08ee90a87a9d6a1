"""What every benchmark script writes: the machine it ran on, and its results
as Markdown (for people) beside JSON (for tools)."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any


def machine(*extra: str) -> str:
    """The machine line of a report: architecture, CPUs, Python, and any ``extra`` parts."""
    parts = [f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}", *extra]
    return ", ".join(parts)


def write_results(out: Path, markdown: str, result: dict[str, Any]) -> None:
    """Write ``markdown`` to ``out`` as .md and ``result`` beside it as .json, and print the Markdown."""
    print(markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(markdown, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
