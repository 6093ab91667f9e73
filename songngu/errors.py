"""Errors songngu raises on purpose, each carrying a one-line message and the exit code it means.

Exit codes (the CLI returns them; scripts can rely on them):

| code | meaning |
| --- | --- |
| 0 | everything worked |
| 1 | some inputs failed (each named on stderr); the others were processed |
| 2 | usage or setup error: a wrong option, a missing model, an output folder that cannot be written |
| 3 | Hugging Face Hub authentication: no token, or the Hub rejected it or refused it the rights (403) |
| 4 | the Hub refused or failed a request while publishing |
| 130 | interrupted (Ctrl-C); what was finished is kept and the same command resumes |
"""
from __future__ import annotations

import json
import re
from pathlib import Path

EXIT_OK = 0
EXIT_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_HUB_AUTH = 3
EXIT_HUB = 4
EXIT_INTERRUPTED = 130
SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair, never text: how Python holds the bytes of a file name that are not UTF-8,
and what a JSON ``\\ud800`` escape gives."""


class SongnguError(Exception):
    """Base class: a problem songngu can explain in one line. Usage and setup errors exit with 2."""

    exit_code = EXIT_USAGE


class UsageError(SongnguError):
    """A command-line option or argument is wrong."""


class SetupError(SongnguError):
    """The environment cannot do the work: output folder, disk, memory file, model files."""


class InputError(SongnguError):
    """An input cannot be used (an article file, a test set, an output folder to export)."""

    exit_code = EXIT_INPUTS_FAILED

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = printable(str(path))
        self.problem = printable(problem)
        super().__init__(f"{self.path}: {self.problem}")


class ModelNotAvailableError(SetupError):
    """A model is neither a local directory nor in the Hugging Face cache.

    ``local_option`` names how the caller can pass a local model directory instead
    (``model=PATH`` in Python, ``--model PATH`` on the command line); the message ends with it.
    """

    def __init__(self, message: str, local_option: str | None = None) -> None:
        self.message = message
        self.local_option = local_option
        super().__init__(f"{message}, or pass {local_option} (a local model directory)" if local_option else message)

    def naming(self, local_option: str) -> "ModelNotAvailableError":
        """The same error, its hint naming ``local_option`` (the option or argument the user gave the model with)."""
        return ModelNotAvailableError(self.message, local_option) if self.local_option else self


class ModelIntegrityError(SetupError):
    """A model file does not match the size or sha256 pinned in models.lock."""


class ConversionError(SetupError):
    """A model cannot be converted for the CTranslate2 backend."""

    def __init__(self, model: str, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(f"model {model}: CTranslate2 cannot convert it ({reason}); try --backend transformers")


class Interrupted(SongnguError):
    """The user pressed Ctrl-C; the message says what was kept and how to go on."""

    exit_code = EXIT_INTERRUPTED


def printable(text: str) -> str:
    """``text`` as valid UTF-8: the bytes of a file name that is not UTF-8 (which Python holds as lone
    surrogates, ``\\udcff``) shown as ``\\xff``; other text unchanged. For messages and the files a run writes."""
    if not SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def first_line(error: BaseException) -> str:
    """``Type: first line of its message`` (200 characters at most), for a one-line report of a foreign error."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


def json_problem(error: json.JSONDecodeError) -> str:
    """What is wrong with a JSON text and where (``Invalid control character at column 10``; ``of line N``
    past the first line): Python's message alone can end in a bare "at"."""
    where = f"column {error.colno}" + (f" of line {error.lineno}" if error.lineno > 1 else "")
    return f"{error.msg.removesuffix(' at')} at {where}"
