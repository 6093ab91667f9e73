"""Write files so that readers never see half of one: temporary file, then rename.

Temporary files and folders are named ``.NAME.PID.RANDOM.songngu-tmp`` beside their target, so a run
killed mid-write leaves nothing that looks like output, and the next run can recognise and remove
what it left (:func:`remove_stale_temporaries`): only what a process no longer running made, never
the file another command is writing at that moment (an ``export`` beside a ``translate``). What is finally renamed into place gets the
permissions of a normal write under the user's umask (``mkstemp``/``mkdtemp`` alone would give
0600/0700).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

TEMPORARY_SUFFIX = ".songngu-tmp"
_LEGACY_TEMPORARY = re.compile(
    r"^\.(?:dataset|segments\.jsonl|run\.json|README\.md|dropped\.jsonl)\.(?:[A-Za-z0-9_]+\.tmp|old-\d+)$"
)
"""Temporary names songngu 0.1 used (``mkstemp``/``mkdtemp`` with a ``.tmp`` suffix, ``.dataset.old-PID``)."""
_OWNER = re.compile(r"\.(\d+)\.[^.]+" + re.escape(TEMPORARY_SUFFIX) + "$")
"""The process id in a temporary's name (:func:`temporary_name`): ``.NAME.PID.RANDOM.songngu-tmp``."""


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def give_normal_permissions(path: str | Path, directory: bool) -> None:
    """Give ``path`` the permissions a new file (or ``directory``) gets under the current umask.

    ``mkstemp`` and ``mkdtemp`` create owner-only files; the files songngu renames into place should not be.
    """
    os.chmod(path, (0o777 if directory else 0o666) & ~current_umask())


def temporary_name(target: Path) -> str:
    """The prefix of the temporary files and folders this process makes for ``target``: ``.NAME.PID.``."""
    return f".{target.name}.{os.getpid()}."


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary file path beside ``path``; rename it onto ``path`` only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _naming(target):
        fd, tmp_name = tempfile.mkstemp(prefix=temporary_name(target), suffix=TEMPORARY_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        with _naming(target):  # a write that fails (a full disk) names no file of its own
            yield Path(tmp_name)
            with open(tmp_name, "rb") as handle:
                os.fsync(handle.fileno())
            give_normal_permissions(tmp_name, directory=False)
            os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only if the block succeeds."""
    with atomic_path(path) as temporary:
        with open(temporary, mode, encoding=None if "b" in mode else encoding, newline="" if "b" not in mode else None) as handle:
            yield handle


@contextmanager
def atomic_directory(path: str | Path) -> Iterator[Path]:
    """Yield a temporary directory beside ``path``; swap it into place only if the block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _naming(target):
        tmp_dir = Path(tempfile.mkdtemp(prefix=temporary_name(target), suffix=TEMPORARY_SUFFIX, dir=target.parent))
    try:
        yield tmp_dir
        give_normal_permissions(tmp_dir, directory=True)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=temporary_name(target), suffix=TEMPORARY_SUFFIX, dir=target.parent))
            os.replace(target, retired)
            os.replace(tmp_dir, target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(tmp_dir, target)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise


@contextmanager
def _naming(target: Path) -> Iterator[None]:
    """An OSError while writing ``target`` names ``target``, the file the user asked for: not the
    temporary's random name, nor nothing (a write on a full disk names no file). An error that
    names another file (one being read) keeps its name."""
    try:
        yield
    except OSError as error:
        if error.errno is None or (error.filename is not None and TEMPORARY_SUFFIX not in str(error.filename)):
            raise
        raise type(error)(error.errno, error.strerror, str(target)) from None


def is_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary file or folder songngu makes (being written, or left by a killed run)."""
    return (name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)) or bool(_LEGACY_TEMPORARY.match(name))


def is_stale_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary songngu left when killed mid-write: one whose process is gone.

    A name without a process id (songngu 0.2 and earlier) counts as left behind.
    """
    if not is_temporary(name):
        return False
    owner = _OWNER.search(name)
    return owner is None or not _running(int(owner.group(1)))


def _running(pid: int) -> bool:
    """Whether process ``pid`` is running on this machine (this process included)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # no signal 0 to ask with: a temporary is taken for left behind, as before
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return False
    return True


def remove_stale_temporaries(directory: str | Path, targets: Sequence[Path] | None = None) -> list[Path]:
    """Remove songngu's temporary files and folders left in ``directory`` by a killed command; return them.

    Only names songngu itself makes, of processes no longer running, are touched (see
    :func:`is_stale_temporary`); with ``targets``, only those made for these files.
    """
    removed = []
    folder = Path(directory)
    if not folder.is_dir():
        return removed
    prefixes = tuple(f".{target.name}." for target in targets) if targets is not None else ("",)
    for entry in folder.iterdir():
        if not entry.name.startswith(prefixes) or not is_stale_temporary(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed
