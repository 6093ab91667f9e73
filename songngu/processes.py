"""Whether another process is still running, for cleaning up after killed runs and ending with a parent;
and the run a worker process must not start while it imports the user's script."""
from __future__ import annotations

import multiprocessing
import os


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


UNGUARDED_SCRIPT = (
    "a run was started while one of songngu's worker processes imported your script again: "
    'start runs under `if __name__ == "__main__":` (worker processes import the main script)'
)
UNGUARDED_SCRIPT_EXIT = 78
"""How a worker process that was importing the user's script ends when that script starts a run
(EX_CONFIG): the pool that started the worker (``songngu.run.local``) reads it and stops with :data:`UNGUARDED_SCRIPT`."""


def refuse_in_a_starting_worker() -> None:
    """End a worker process that is importing the user's script again, as Python's worker processes
    do, when the script starts a run there: its unguarded call would start a second run, fail on the
    first run's folder lock, and break the workers (it was reported as workers dying of memory).
    The worker ends with :data:`UNGUARDED_SCRIPT_EXIT` and says nothing: the run that started it
    says :data:`UNGUARDED_SCRIPT` once."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        os._exit(UNGUARDED_SCRIPT_EXIT)
