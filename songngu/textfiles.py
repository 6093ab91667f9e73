"""Reading a text file a user named: its text, or one line that names the file and the problem."""
from __future__ import annotations

from pathlib import Path

from songngu.errors import InputError


def read_text_file(path: str | Path, expected: str) -> str:
    """The UTF-8 text of ``path`` (a BOM is dropped); ``expected`` says what the file should be, for the folder case.

    A missing, unreadable or non-UTF-8 file, or a folder, raises :class:`InputError` naming ``path``.
    """
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, f"is a folder; give {expected}") from None
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
