"""`make bench`: every benchmark in turn, each in its own process so memory figures stay separate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "clause_matching.py",
    "backend_agreement.py",
    "specificity_calibration.py",
    "hedging_bench.py",
    "pipeline_bench.py",
    "batch_bench.py",
    "judgment_bench.py",
    "answer_bench.py",
    "app_bench.py",
)


def main() -> int:
    failures = 0
    for name in BENCHMARKS:
        print(f"\n=== {name}", flush=True)
        module = f"benchmarks.{name.removesuffix('.py')}"
        failures += subprocess.run([sys.executable, "-m", module], cwd=HERE.parent).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
