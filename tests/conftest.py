"""Shared test set-up: ``tests/`` on sys.path (for ``fixtures.pagegen``), Hypothesis profiles."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

# The engine's speed depends on the machine: no per-example deadline.  On CI the
# examples are derandomized so a red run can be repeated exactly.
settings.register_profile("dev", deadline=None, max_examples=150)
settings.register_profile(
    "ci", deadline=None, max_examples=150, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# HYPOTHESIS_PROFILE=thorough for a long bug hunt.
settings.register_profile("thorough", deadline=None, max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
