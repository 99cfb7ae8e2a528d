"""Where an export is written, without ever destroying what is already at that path.

- A regular file (or a new one) is written to a hidden temporary file beside it and renamed over
  it only when complete, so a reader never sees half an export and a failed export keeps the
  previous one. The new file gets the old file's permissions (or 0666 minus the umask, as any
  program's new file does), not the 0600 of a private temporary file.
- A symlink is followed: the file it points to is written (atomically, as above) and the link
  stays a link — what `>` in a shell does; replacing the link with a file would silently cut it.
- Anything else (a device such as /dev/full or a tape, a FIFO, a socket) is written in place: it
  cannot be replaced by a file and renamed over, so writes go to it and their errors are reported.
- `-` is standard output.

Every `OSError` becomes one `UserError` line naming the path the user gave and the reason.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from crawlers.errors import UserError

STDOUT = "-"


def _unwritable(name: str, err: OSError) -> UserError:
    reason = err.strerror or str(err)
    return UserError(f"cannot write export to {name}: {reason}; choose a writable output path")


class OutputFile:
    """`with OutputFile(path) as fh:` — a binary file for the export; committed on a clean exit,
    discarded (the previous content kept) when the block raises."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.name = os.fspath(out)
        self.is_stdout = self.name == STDOUT
        self._fh: BinaryIO | None = None
        self._tmp: Path | None = None
        self._target: Path | None = None
        self._mode: int | None = None

    @property
    def display_name(self) -> str:
        return "stdout" if self.is_stdout else self.name

    def open(self) -> BinaryIO:
        if self.is_stdout:
            self._fh = sys.stdout.buffer
            return self._fh
        try:
            target = Path(os.path.realpath(self.name))  # follows symlinks, dangling ones too
            try:
                info = os.stat(target)
            except FileNotFoundError:
                info = None
            if info is not None and stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            if info is not None and not stat.S_ISREG(info.st_mode):
                self._fh = open(target, "wb")  # noqa: SIM115 - a device or FIFO: in place
                return self._fh
            tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
            # O_EXCL: never through a file (or link) someone else put there; 0o666 minus the
            # umask, like any new file.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as err:
            raise _unwritable(self.name, err) from None
        self._tmp, self._target = tmp, target
        self._mode = stat.S_IMODE(info.st_mode) if info is not None else None
        self._fh = os.fdopen(fd, "wb")
        return self._fh

    def commit(self) -> None:
        fh = self._fh
        assert fh is not None
        try:
            fh.flush()
            if self.is_stdout:
                return
            if self._tmp is None:
                fh.close()  # a device reports a failed write (ENOSPC) at the latest here
                return
            os.fsync(fh.fileno())
            if self._mode is not None:
                os.fchmod(fh.fileno(), self._mode)
            fh.close()
            assert self._target is not None
            os.replace(self._tmp, self._target)
        except OSError as err:
            self.discard()
            raise _unwritable(self.name, err) from None

    def discard(self) -> None:
        if self._fh is not None and not self.is_stdout:
            try:
                self._fh.close()
            except OSError:
                pass  # the export failed already; this is the second symptom
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def __enter__(self) -> BinaryIO:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.commit()
            return
        self.discard()
        if isinstance(exc, OSError):
            raise _unwritable(self.name, exc) from None
