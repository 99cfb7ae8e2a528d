"""What every benchmark records beside its numbers, and where: one JSON line per run appended to
`bench/results/<name>.jsonl`, stamped with the machine and its load (numbers measured on a busy
machine are only comparable as ratios measured in the same run - docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).parent / "results"


def results_file(name: str) -> Path:
    return RESULTS_DIR / f"{name}.jsonl"


def run_facts() -> dict[str, Any]:
    """When and where a run was measured: date, machine, cores, load average, Python."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cores": os.cpu_count(),
        "load_average_at_end": os.getloadavg()[0],
        "python": platform.python_version(),
    }


def record(path: Path, result: dict[str, Any]) -> None:
    """Append one run's result to its results file."""
    path.parent.mkdir(exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(result) + "\n")
