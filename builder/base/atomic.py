"""Files that are never seen half written: the build lock, atomic writes, checked cache files, and the swap of
site/ in one step.

One build at a time per project (`build_lock`): a second `rapport build`, or a rebuild in `rapport serve`,
waits. A new site is built beside the old one and the two folders are exchanged in one system call
(Linux renameat2, macOS renamex_np), so there is no moment without a site and a failed or killed build
leaves the last good one. Cache files carry a checksum: a torn or damaged one is a cache miss, not output.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".bygglas"
WAITING = "Ett annat bygge pågår i projektet; väntar tills det är klart …"


@contextlib.contextmanager
def build_lock(build_dir: Path, stream=None) -> Iterator[None]:
    """Hold the project's build lock, saying so on `stream` (stderr) when another build holds it first."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / LOCK_FILE, "a+b") as handle:
        # A POSIX lock (lockf), not flock: it belongs to this process alone, so a worker process forked by the
        # build never holds it, and it is gone the moment this process ends, however it ends.
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(WAITING, file=stream or sys.stderr, flush=True)
            fcntl.lockf(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never a part; with `mode` (an
    editor's file, 0o644) instead of the private 0o600 of a cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if mode is not None:
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


_MAGIC = b"rapport-cache-1\n"


def store(path: Path, data: bytes) -> None:
    """A cache file: written atomically, with a checksum that `fetch` verifies."""
    write_atomic(path, _MAGIC + hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data)


def fetch(path: Path) -> bytes | None:
    """A cache file's data, or None when it is missing or does not match its checksum (then it is removed)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    header = len(_MAGIC) + 65
    if raw.startswith(_MAGIC) and len(raw) >= header:
        data = raw[header:]
        if hashlib.sha256(data).hexdigest().encode("ascii") == raw[len(_MAGIC):header - 1]:
            return data
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return None


def _exchange_function():
    """The system call that swaps two paths in one step, or None where there is none."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        at_fdcwd, rename_exchange = -100, 2

        def exchange(a: bytes, b: bytes) -> int:
            return libc.renameat2(at_fdcwd, a, at_fdcwd, b, rename_exchange)

        return exchange
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rename_swap = 2

        def exchange(a: bytes, b: bytes) -> int:
            return libc.renamex_np(a, b, rename_swap)

        return exchange
    return None


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder `new` in the place of `target` in one step, then remove the old one. Where the system
    cannot swap two folders, the old one is moved aside first (a short moment without `target`)."""
    if not target.exists():
        new.rename(target)
        return
    old = new.with_name(new.name + ".gammal")
    shutil.rmtree(old, ignore_errors=True)
    exchange = _exchange_function()
    if exchange is not None and exchange(os.fsencode(new), os.fsencode(target)) == 0:
        new.rename(old)  # `new` now holds the previous site
    else:
        target.rename(old)
        new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
