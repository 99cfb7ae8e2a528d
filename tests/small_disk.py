"""A real, small filesystem for disk-full tests: a tmpfs of a given size, mounted for one test.

tmpfs answers a write past its size with ENOSPC, exactly as a full disk does, and needs no
image file or loop device. Mounting needs root (CI runs as root); anywhere else the test fails
with what to do, rather than passing without having filled a disk.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """Mount a tmpfs of `size` (mount syntax: "3m", "256k") on `where`; unmount on exit."""
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        raise RuntimeError("disk-full tests mount a small tmpfs and must run as root "
                           "(as CI does): run them with sudo or in the CI container")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                   check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True, capture_output=True)


def resize(where: Path, size: str) -> None:
    """Give a mounted tmpfs more (or less) room: "space is back" without touching its files."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(where)], check=True,
                   capture_output=True)
