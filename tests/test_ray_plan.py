"""The Ray engine's resource plan: the translator actors never take the CPUs the read and write tasks need."""
from __future__ import annotations

import pytest

from songngu.errors import UsageError
from songngu.run.ray_plan import (
    TASK_CPUS, TASK_ROOM_CPUS, ActorPlan, check_private_plan, plan_actors, private_instance_cpus, shortage,
)


@pytest.mark.parametrize("cpus", [1, 2, 3, 4, 5, 8, 16, 17, 64, 96.5])
def test_the_default_plan_always_leaves_a_task_room(cpus: float) -> None:
    plan = plan_actors(cpus, 0)
    assert plan.actors >= 1 and plan.threads >= 1
    if cpus >= 1 + TASK_CPUS:
        assert shortage(plan, cpus, 0) is None
        assert cpus - plan.cpus >= min(TASK_ROOM_CPUS, cpus - 1)


@pytest.mark.parametrize("cores", [1, 2, 4, 16])
def test_a_private_instance_gives_the_actors_every_core_and_the_tasks_room_beside_them(cores: int) -> None:
    cpus = private_instance_cpus(cores, None, None)
    plan = plan_actors(cpus, 0)
    assert plan.cpus == min(cores, plan.cpus) and shortage(plan, cpus, 0) is None
    assert cores - plan.cpus < plan.threads  # no whole actor's worth of cores left idle


def test_the_plans_of_the_issue() -> None:
    assert plan_actors(private_instance_cpus(2, None, None), 0) == ActorPlan(1, 2, 0.0)
    assert plan_actors(16, 0) == ActorPlan(3, 4, 0.0)
    assert plan_actors(2, 0) == ActorPlan(1, 1, 0.0)
    assert plan_actors(private_instance_cpus(2, 2, 1), 0, 2, 1) == ActorPlan(2, 1, 0.0)
    assert plan_actors(private_instance_cpus(2, 1, None), 0, 1) == ActorPlan(1, 2, 0.0)
    assert plan_actors(private_instance_cpus(2, None, 1), 0, None, 1) == ActorPlan(2, 1, 0.0)


def test_actors_given_share_the_cpus() -> None:
    assert plan_actors(17, 0, actors=8) == ActorPlan(8, 2, 0.0)


def test_gpus_get_one_actor_each() -> None:
    assert plan_actors(8, 2) == ActorPlan(2, 1, 1.0)
    assert shortage(plan_actors(8, 2), 8, 2) is None
    assert "need 3.5 CPUs and 3 GPUs" in shortage(ActorPlan(3, 1, 1.0), 8, 2)


def test_a_shortage_names_what_is_wanted() -> None:
    assert shortage(ActorPlan(5, 4, 0.0), 16, 0) == (
        "5 translator actors × 4 threads each and 0.5 CPU for a read or write task need 20.5 CPUs")
    assert shortage(ActorPlan(1, 2, 0.0), 2, 0) is not None  # the deadlock of issue 13: no CPU left for a task


@pytest.mark.parametrize("cores", [1, 2, 16])
def test_a_private_instance_has_the_local_engines_thread_limits(cores: int) -> None:
    """Up to the cores: no note; up to 4 threads a core: a note naming the options; beyond: refused in one line."""
    assert check_private_plan(cores, None, None) is None
    assert check_private_plan(cores, cores, 1) is None
    note = check_private_plan(cores, cores + 1, 1)
    assert note is not None and note.startswith(f"--actors {cores + 1} --actor-threads 1 ")
    assert f"{cores + 1} threads on {cores} core" in note
    assert check_private_plan(cores, 1, 4 * cores) is not None
    with pytest.raises(UsageError, match=f"^--actors 1 --actor-threads {4 * cores + 1} .*give at most {4 * cores} in all"):
        check_private_plan(cores, 1, 4 * cores + 1)
    with pytest.raises(UsageError, match=f"^--actors {4 * cores + 1} \\({4 * cores + 1} translator actors × 1 thread each\\)"):
        check_private_plan(cores, 4 * cores + 1, None)
