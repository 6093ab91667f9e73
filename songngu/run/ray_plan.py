"""How the Ray engine shares a cluster's CPUs and GPUs between its translator actors and its CPU tasks.

The actors hold their resources for a whole window of chunks, while every chunk also needs a
prepare and a finish task (``TASK_CPUS`` each). A plan that gives the actors every CPU leaves
those tasks waiting for ever, so the default plan keeps ``TASK_ROOM_CPUS`` out of the actors'
share, and :func:`shortage` says when a plan leaves no room, so the engine can refuse it in one line.
"""
from __future__ import annotations

from dataclasses import dataclass

from songngu.translate.threads import ThreadSplit, beyond_cores_note, check_fits

CPUS_PER_ACTOR = 4
"""Threads of a CPU translator actor when ``--actor-threads`` is not given (fewer when fewer CPUs)."""
TASK_CPUS = 0.5
"""Logical CPUs a prepare or finish task asks Ray for: they are light next to translation."""
TASK_ROOM_CPUS = 1.0
"""CPUs the default plan leaves to the prepare and finish tasks (two at a time)."""


@dataclass(frozen=True)
class ActorPlan:
    """``actors`` translators of ``threads`` CPU threads each, and ``gpus`` GPUs each (0 or 1)."""

    actors: int
    threads: int
    gpus: float

    @property
    def cpus(self) -> float:
        """CPUs the actors hold, all of them together."""
        return self.actors * self.threads

    def describe(self) -> str:
        """``3 translator actors × 4 threads each``, for messages."""
        gpu = f" and {amount(self.gpus, 'GPU')}" if self.gpus else ""
        return f"{amount(self.actors, 'translator actor')} × {amount(self.threads, 'thread')}{gpu} each"


def amount(value: float, unit: str) -> str:
    """``1 CPU``, ``0.5 CPU``, ``16 CPUs``."""
    return f"{value:g} {unit}{'s' if value > 1 else ''}"


def resources(cpus: float, gpus: float) -> str:
    """``16 CPUs``, or ``16 CPUs and 2 GPUs`` when there are GPUs."""
    return amount(cpus, "CPU") + (f" and {amount(gpus, 'GPU')}" if gpus else "")


def private_instance_cpus(cores: int, actors: int | None, threads: int | None) -> float:
    """Logical CPUs of a Ray instance started for one run on ``cores`` cores.

    The actors' share is every core (or what ``actors`` × ``threads`` asks, when more), and
    ``TASK_ROOM_CPUS`` more are added for the light CPU tasks, which share the cores.
    """
    return max(cores, (actors or 1) * (threads or 1)) + TASK_ROOM_CPUS


def check_private_plan(cores: int, actors: int | None, threads: int | None) -> str | None:
    """A note when the actors of a Ray instance started for one run on ``cores`` cores hold more threads than
    the cores, else None; a usage error beyond the local engine's limit (see :func:`~songngu.translate.threads.check_fits`).

    :func:`private_instance_cpus` gives such an instance as many logical CPUs as ``actors`` × ``threads``
    ask for, so Ray itself never refuses them: 16 × 8 threads on 2 cores ran four times slower, in silence.
    """
    plan = plan_actors(private_instance_cpus(cores, actors, threads), 0.0, actors, threads)
    given = " ".join(f"{option} {value}" for option, value in (("--actors", actors), ("--actor-threads", threads)) if value)
    asked = f"{given} ({plan.describe()})"
    default = plan_actors(private_instance_cpus(cores, None, None), 0.0).describe()
    split = ThreadSplit(plan.actors, plan.threads)
    check_fits(split, cores=cores, asked=asked, default=default)
    return beyond_cores_note(split, cores, asked=asked, default=default)


def plan_actors(cpus: float, gpus: float, actors: int | None = None, threads: int | None = None) -> ActorPlan:
    """The translator actors for ``cpus`` CPUs and ``gpus`` GPUs, given the user's ``--actors`` and ``--actor-threads``.

    With GPUs: one actor per GPU, one thread each. Without: the CPUs less ``TASK_ROOM_CPUS``
    are cut into actors of ``CPUS_PER_ACTOR`` threads (fewer on a small machine; with
    ``actors`` given, that many actors share them). :func:`shortage` says whether it fits.
    """
    if gpus >= 1:
        return ActorPlan(actors or int(gpus), threads or 1, 1.0)
    share = max(1, int(cpus - TASK_ROOM_CPUS))
    if threads is None:
        threads = max(1, min(CPUS_PER_ACTOR, share // (actors or 1)))
    return ActorPlan(actors or max(1, share // threads), threads, 0.0)


def shortage(plan: ActorPlan, cpus: float, gpus: float) -> str | None:
    """What running ``plan`` with one CPU task beside it needs, when ``cpus`` and ``gpus`` are too few; else None."""
    wanted_cpus = plan.cpus + TASK_CPUS
    wanted_gpus = plan.actors * plan.gpus
    if wanted_cpus <= cpus and wanted_gpus <= gpus:
        return None
    return f"{plan.describe()} and {amount(TASK_CPUS, 'CPU')} for a read or write task need {resources(wanted_cpus, wanted_gpus)}"
