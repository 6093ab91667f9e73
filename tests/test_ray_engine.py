"""The Ray engine: a local Ray instance runs the same stages and writes the same rows as the local engine.

Two kinds of Ray instance: one that ``songngu translate --engine ray`` starts for itself (this
machine's cores), and one 16-CPU cluster that ``ray start --head`` starts for the whole module,
on 127.0.0.1 with its own ports and temp folder, which runs join with ``--address``.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, SEEDS, output_rows, run_cli, start_paused
from tests.tinymodels import MEMORISED_PAIRS

pytest.importorskip("ray")

CLUSTER_CPUS = 16


def translate(out: Path, model: Path, inputs: list[str], *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli("translate", *inputs, "--model", str(model), "-o", str(out), "--no-progress", "--no-memory",
                   "--chunk-size", "1", *extra, env=env, timeout=600)


def translate_args(out: Path, model: Path, inputs: list[str], *extra: str) -> list[str]:
    return [sys.executable, "-m", "songngu", "translate", *inputs, "--model", str(model), "-o", str(out), "--no-progress",
            "--no-memory", "--chunk-size", "1", *extra]


def on_two_cores() -> None:
    """Run the child on two of this machine's cores, so its private Ray instance is a 2-CPU one."""
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:2])


def assert_only_songngu_lines(stderr: str) -> None:
    """Nothing of Ray's own (warnings, log lines, tracebacks, stack dumps) reached the terminal."""
    foreign = [line for line in stderr.splitlines() if line.strip() and not line.startswith("songngu: ")]
    assert not foreign, stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds (captions, bylines, repeats) and two articles of memorised sentences."""
    folder = tmp_path_factory.mktemp("articles")
    for path in SEEDS.glob("*.txt"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    vietnamese = [vi for vi, _ in MEMORISED_PAIRS]
    (folder / "memorised-a.txt").write_text("\n\n".join(vietnamese[:5]), encoding="utf-8")
    (folder / "memorised-b.txt").write_text(" ".join(vietnamese[5:]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory: pytest.TempPathFactory, memorised_marian_dir: Path, articles: Path) -> list[dict]:
    """The rows the local engine writes for ``articles``: what every Ray run must write too."""
    out = tmp_path_factory.mktemp("local") / "out"
    local = translate(out, memorised_marian_dir, [str(articles)], "--workers", "0")
    assert local.returncode == 0, local.stderr
    return output_rows(out)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A 16-CPU Ray cluster on 127.0.0.1 (``ray start --head``), stopped at the end; yields its address.

    Without token authentication (Ray 2.60 turns it on when ~/.ray/auth_token exists): this
    process joins it too, and Ray reads the mode once, when it is imported.
    """
    temp = Path(tempfile.mkdtemp(prefix="sr", dir="/tmp"))  # short: Ray's socket paths must fit 107 bytes
    port = free_port()
    ports = {name: free_port() for name in ("node-manager-port", "object-manager-port", "dashboard-agent-listen-port",
                                            "dashboard-agent-grpc-port", "runtime-env-agent-port", "metrics-export-port")}
    command = [str(Path(sys.executable).parent / "ray"), "start", "--head", "--block", "--node-ip-address=127.0.0.1",
               f"--port={port}", f"--num-cpus={CLUSTER_CPUS}", "--num-gpus=0", f"--temp-dir={temp}",
               "--include-dashboard=false", "--disable-usage-stats", *(f"--{name}={value}" for name, value in ports.items())]
    log = temp / "ray-start.log"
    with log.open("w") as sink:
        head = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env={**os.environ, "RAY_AUTH_MODE": "disabled", "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 180
        while "This command will now block" not in log.read_text(errors="replace"):
            assert head.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        head.send_signal(signal.SIGTERM)
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(head.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        head.wait()
        subprocess.run(["rm", "-rf", str(temp)], check=False)


@pytest.fixture
def connected(cluster: str) -> Iterator[str]:
    """This test process joined to the cluster (as an API user who called ``ray.init``), and left afterwards."""
    import ray

    ray.init(address=cluster, log_to_driver=False, configure_logging=False)
    try:
        yield cluster
    finally:
        ray.shutdown()


def test_ray_with_its_defaults_on_two_cores_gives_the_same_rows_as_the_local_engine(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict]
) -> None:
    """No --actors, no --actor-threads, a private 2-CPU instance: the actors leave room for the CPU tasks."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores")
    on_ray = subprocess.run(translate_args(tmp_path / "ray", memorised_marian_dir, [str(articles)], "--engine", "ray"),
                            capture_output=True, text=True, cwd=REPO, stdin=subprocess.DEVNULL, timeout=600,
                            preexec_fn=on_two_cores)
    assert on_ray.returncode == 0, on_ray.stderr
    assert_only_songngu_lines(on_ray.stderr)
    assert on_ray.stdout.count("\n") == 1, on_ray.stdout
    assert output_rows(tmp_path / "ray") == local_rows
    manifest = json.loads((tmp_path / "ray" / "run.json").read_text())
    assert manifest["settings"]["engine"] == "ray" and len(manifest["shards"]) == 5
    assert {name: manifest["settings"][name] for name in ("actors", "actor_threads", "threads")} == {
        "actors": 1, "actor_threads": 2, "threads": "2x1"}  # the README's plan for 2 cores; 2 translators in the actor
    exported = run_cli("export", str(tmp_path / "ray"), "-f", "moses")
    assert exported.returncode == 0, exported.stderr


def test_ray_with_its_defaults_on_a_16_cpu_cluster_joined_with_address(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict], cluster: str
) -> None:
    on_ray = translate(tmp_path / "ray", memorised_marian_dir, [str(articles)], "--engine", "ray", "--address", cluster)
    assert on_ray.returncode == 0, on_ray.stderr
    assert_only_songngu_lines(on_ray.stderr)
    assert output_rows(tmp_path / "ray") == local_rows


def test_ray_without_address_joins_the_cluster_that_ray_address_names(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict], cluster: str
) -> None:
    """RAY_ADDRESS set (Ray's own way to name a cluster): the run passed num_cpus for an instance of its own to a
    ray.init() that joined that cluster, and ended in a traceback ("num_cpus and num_gpus must not be provided")."""
    on_ray = translate(tmp_path / "ray", memorised_marian_dir, [str(articles)], "--engine", "ray", env={"RAY_ADDRESS": cluster})
    assert on_ray.returncode == 0, on_ray.stderr
    assert_only_songngu_lines(on_ray.stderr)
    assert output_rows(tmp_path / "ray") == local_rows
    settings = json.loads((tmp_path / "ray" / "run.json").read_text())["settings"]
    assert (settings["actors"], settings["actor_threads"]) == (3, 4)  # the README's plan for the 16-CPU cluster
    unreachable = translate(tmp_path / "out", memorised_marian_dir, [str(articles)], "--engine", "ray",
                            env={"RAY_ADDRESS": f"127.0.0.1:{free_port()}"})
    assert unreachable.returncode == 2
    assert unreachable.stderr.count("\n") == 1 and "RAY_ADDRESS 127.0.0.1:" in unreachable.stderr, unreachable.stderr


def test_ray_with_its_defaults_in_a_process_that_started_ray_itself(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict], connected: str
) -> None:
    """The API in a process already joined to a 16-CPU Ray: the engine plans on that instance and leaves it running."""
    import ray

    from songngu.run import EngineOptions, translate_files

    summary = translate_files([str(articles)], tmp_path / "ray", model=str(memorised_marian_dir), memory=False,
                              engine=EngineOptions("ray", chunk_size=1), show_progress=False)
    assert summary.articles == len(list(articles.glob("*.txt")))
    assert output_rows(tmp_path / "ray") == local_rows
    assert ray.is_initialized() and ray.cluster_resources()["CPU"] == CLUSTER_CPUS


def test_a_plan_larger_than_the_cluster_is_refused_in_one_line(tmp_path: Path, memorised_marian_dir: Path, articles: Path,
                                                               cluster: str) -> None:
    result = translate(tmp_path / "out", memorised_marian_dir, [str(articles)], "--engine", "ray", "--address", cluster,
                       "--actors", "5", "--actor-threads", "4")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "need 20.5 CPUs" in result.stderr and "16 CPUs" in result.stderr, result.stderr


def test_a_run_says_why_when_other_work_holds_the_cluster(tmp_path: Path, memorised_marian_dir: Path, articles: Path,
                                                         connected: str) -> None:
    """Another job holds 15 of the 16 CPUs for the whole run: the run waits a while, then says what it lacks."""
    import ray

    @ray.remote(num_cpus=CLUSTER_CPUS - 1)
    class Holder:
        def ready(self) -> bool:
            return True

    holder = Holder.remote()
    ray.get(holder.ready.remote())
    result = translate(tmp_path / "out", memorised_marian_dir, [str(articles)], "--engine", "ray", "--address", connected,
                       "--actors", "2", "--actor-threads", "2")
    ray.kill(holder)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "need 4.5 CPUs" in result.stderr and "only 1 CPU " in result.stderr and "16 CPUs" in result.stderr, result.stderr


def run_until_gate(out: Path, model: Path, articles: Path, gate: Path, point: str, *extra: str) -> tuple[subprocess.Popen, int]:
    """Start ``songngu translate --engine ray`` with the test gate in ``gate``; return it once a process waits at ``point``.

    Returns the run and the pid of that process (an actor at ``init`` and ``call``, a task's worker at
    ``write``). Every other gate is open already.
    """
    gate.mkdir()
    for other in {"init", "call", "write"} - {point}:
        (gate / f"open-{other}").touch()
    run = subprocess.Popen(translate_args(out, model, [str(articles)], "--engine", "ray", *extra),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, stdin=subprocess.DEVNULL,
                           env={**os.environ, "SONGNGU_RAY_TEST_GATE": str(gate)})
    deadline = time.monotonic() + 300
    while not (ready := sorted(gate.glob(f"ready-{point}-*"))):
        if run.poll() is not None or time.monotonic() > deadline:
            run.kill()
            raise AssertionError(run.communicate())
        time.sleep(0.05)
    return run, int(ready[0].name.rsplit("-", 1)[1])


@pytest.mark.parametrize("point", ["call", "init"])
def test_a_killed_translator_actor_is_replaced_and_the_rows_are_the_same(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict], point: str
) -> None:
    """The actor's process is killed while it waits to translate its first chunk, or once it has loaded its model:
    Ray starts another and the run ends as if nothing had happened."""
    gate = tmp_path / "gate"
    run, actor = run_until_gate(tmp_path / "ray", memorised_marian_dir, articles, gate, point)
    try:
        os.kill(actor, signal.SIGKILL)
        (gate / "open-init").touch()
        (gate / "open-call").touch()
        stdout, stderr = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, stderr
    assert len(list(gate.glob(f"ready-{point}-*"))) >= 2  # another actor came through the gate
    assert_only_songngu_lines(stderr)
    assert stdout.count("\n") == 1, stdout
    assert output_rows(tmp_path / "ray") == local_rows


def kill_everyone_at_the_gate(out: Path, model: Path, articles: Path, gate: Path, point: str) -> tuple[subprocess.Popen, set[int]]:
    """Start a run (:func:`run_until_gate`) and SIGKILL every process that reaches ``point``, until the run ends
    (5 minutes at most); return the ended run and the pids killed."""
    run, _ = run_until_gate(out, model, articles, gate, point)
    killed: set[int] = set()
    deadline = time.monotonic() + 300
    while run.poll() is None and time.monotonic() < deadline:
        for ready in gate.glob(f"ready-{point}-*"):
            pid = int(ready.name.rsplit("-", 1)[1])
            if pid not in killed:
                killed.add(pid)
                with contextlib.suppress(ProcessLookupError):  # it died of something else meanwhile
                    os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    if run.poll() is None:
        run.kill()
        raise AssertionError(f"the run was still going after {len(killed)} deaths at {point}: {run.communicate()}")
    return run, killed


DEATH_LINES = {
    "call": "songngu: error: a translator actor died 3 times (killed, or out of memory?); the finished chunks are kept: "
            "run the same command again to resume (with fewer --actors if memory is short)",
    "write": "songngu: error: a Ray worker died 3 times while reading or writing a chunk (killed, or out of memory?); the "
             "finished chunks are kept: run the same command again to resume",
}


@pytest.mark.parametrize("point", sorted(DEATH_LINES))
def test_a_process_that_dies_on_every_try_ends_the_run_in_one_line_and_the_same_command_resumes(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict], point: str
) -> None:
    """Every actor about to translate (``call``), or every worker about to write a chunk (``write``), is killed,
    as on a node too short of memory. Ray Data alone retried without limit and without a line (85 actor
    restarts in 4 minutes; 411 task deaths in 5); the run now stops at the third death."""
    out = tmp_path / "ray"
    run, killed = kill_everyone_at_the_gate(out, memorised_marian_dir, articles, tmp_path / "gate", point)
    stdout, stderr = run.communicate()
    assert run.returncode == 2, stderr
    assert len(killed) == 3 if point == "call" else len(killed) >= 3, killed  # tasks of several chunks may die at once
    assert_only_songngu_lines(stderr)
    assert stderr.splitlines()[-1] == DEATH_LINES[point]
    assert stdout == ""
    rerun = translate(out, memorised_marian_dir, [str(articles)], "--engine", "ray")
    assert rerun.returncode == 0, rerun.stderr
    assert output_rows(out) == local_rows


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid``, with its command line (read from /proc)."""
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found[child] = commands.get(child, "")
                frontier.append(child)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds Ray's processes through /proc")
def test_a_dead_raylet_ends_the_run_in_one_line_and_the_same_command_resumes(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path, local_rows: list[dict]
) -> None:
    """The private Ray instance loses its raylet (the node's manager) while an actor translates: nothing Ray can
    retry, so the run ends in one line (exit 2) rather than waiting, and the same command finishes the rows."""
    out = tmp_path / "ray"
    run, _ = run_until_gate(out, memorised_marian_dir, articles, tmp_path / "gate", "call")
    try:
        raylets = [pid for pid, command in descendants(run.pid).items() if "raylet/raylet " in command]
        assert raylets, descendants(run.pid)
        for pid in raylets:
            os.kill(pid, signal.SIGKILL)
        (tmp_path / "gate" / "open-call").touch()
        stdout, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 2, stderr
    assert_only_songngu_lines(stderr)
    assert stderr.splitlines()[-1].startswith("songngu: error: ") and stderr.splitlines()[-1].endswith(
        "the finished chunks are kept: run the same command again to resume"), stderr
    assert stdout == ""
    rerun = translate(out, memorised_marian_dir, [str(articles)], "--engine", "ray")
    assert rerun.returncode == 0, rerun.stderr
    assert output_rows(out) == local_rows


def test_sigterm_stops_a_ray_run_in_one_line(tmp_path: Path, memorised_marian_dir: Path, articles: Path) -> None:
    """SIGTERM while an actor is translating: exit 130 and the interrupted line, no stack dump from Ray."""
    run, _ = run_until_gate(tmp_path / "ray", memorised_marian_dir, articles, tmp_path / "gate", "call",
                            "--actors", "2", "--actor-threads", "1")
    try:
        run.send_signal(signal.SIGTERM)
        stdout, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 130, stderr
    assert_only_songngu_lines(stderr)  # the model's first conversion may add a note
    [error] = [line for line in stderr.splitlines() if line.startswith("songngu: error:")]
    assert "run the same command again to resume" in error, stderr


def test_a_second_sigterm_while_ray_shuts_down_still_ends_in_the_interrupted_line(
    tmp_path: Path, memorised_marian_dir: Path, articles: Path
) -> None:
    """The second SIGTERM came while the driver stopped Ray, after the first had stopped the run: Ray's own handler
    ended the process with status 15 and no line. Now it is exit 130 with the line, and Ray's processes end."""
    gate = tmp_path / "gate"
    gate.mkdir()
    for other in ("init", "write"):
        (gate / f"open-{other}").touch()
    run = subprocess.Popen(translate_args(tmp_path / "ray", memorised_marian_dir, [str(articles)], "--engine", "ray",
                                          "--actors", "1", "--actor-threads", "1"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, stdin=subprocess.DEVNULL,
                           env={**os.environ, "SONGNGU_RAY_TEST_GATE": str(gate), "SONGNGU_TEST_PAUSE": "ray-shutdown"},
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not sorted(gate.glob("ready-call-*")):
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        seen = []
        for line in run.stderr:
            seen.append(line)
            if line.strip() == "songngu: paused at ray-shutdown":
                break
        else:
            raise AssertionError("".join(seen))
        run.send_signal(signal.SIGTERM)
        stdout, stderr = run.communicate(timeout=300)
        stderr = "".join(seen) + stderr
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 130, stderr
    [error] = [line for line in stderr.splitlines() if line.startswith("songngu: error:")]
    assert error.startswith("songngu: error: interrupted:") and "run the same command again to resume" in error, stderr
    time.sleep(1)
    left = subprocess.run(["pgrep", "-s", str(run.pid)], capture_output=True, text=True).stdout.split()
    assert not left, left


def test_ctrl_c_on_ray_counts_the_chunks_its_tasks_kept(tmp_path: Path, memorised_marian_dir: Path, articles: Path) -> None:
    """Ray's tasks go on finishing chunks while the driver stops: the line said '0 finished chunks', the rerun resumed 1."""
    out = tmp_path / "out"
    args = ["translate", str(articles), "--model", str(memorised_marian_dir), "-o", str(out), "--no-progress", "--no-memory",
            "--chunk-size", "1", "--engine", "ray"]
    process, _ = start_paused(args, "finished@1", start_new_session=True)
    chunks = out / ".songngu" / "chunks"
    try:
        deadline = time.monotonic() + 300
        while len(list(chunks.glob("*.json"))) < 2:  # the tasks go on while the driver waits at its test point
            assert time.monotonic() < deadline and process.poll() is None, "no second chunk was kept"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    kept = len(list(chunks.glob("*.json")))  # the instance the run started is gone: nothing writes any more
    assert process.returncode == 130, stderr
    [error] = [line for line in stderr.splitlines() if line.startswith("songngu: error:")]
    assert f"interrupted: {kept} finished chunks ({kept} articles) kept in {out / '.songngu'}" in error, error


def test_an_unreachable_address_is_one_line(tmp_path: Path, memorised_marian_dir: Path) -> None:
    result = translate(tmp_path / "out", memorised_marian_dir, [str(SEEDS)], "--engine", "ray", "--address", f"127.0.0.1:{free_port()}")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--address 127.0.0.1:" in result.stderr, result.stderr


def test_ray_actors_use_the_translation_memory(tmp_path: Path, memorised_marian_dir: Path, articles: Path, cluster: str) -> None:
    memory = tmp_path / "memory.sqlite"
    common = ["translate", str(articles), "--model", str(memorised_marian_dir), "--no-progress", "--chunk-size", "1",
              "--memory", str(memory), "--engine", "ray", "--address", cluster, "--actors", "2", "--actor-threads", "1"]
    first = run_cli(*common, "-o", str(tmp_path / "first"), timeout=600)
    assert first.returncode == 0, first.stderr
    settings = json.loads((tmp_path / "first" / "run.json").read_text())["settings"]
    # the actors' split, not the one of the translator the driver loads for itself (2x1 on two cores)
    assert (settings["actors"], settings["actor_threads"], settings["threads"]) == (2, 1, "1x1")
    second = run_cli(*common, "-o", str(tmp_path / "second"), timeout=600)
    assert second.returncode == 0, second.stderr
    assert " 0 sentences translated" in second.stdout
    assert output_rows(tmp_path / "second") == output_rows(tmp_path / "first")


def test_an_error_inside_a_ray_task_reaches_the_driver_as_itself(tmp_path: Path, connected: str) -> None:
    """A finish task that cannot write its shard: the driver gets the OS error, not Ray's wrapper."""
    from functools import partial

    from songngu.run.ray_engine import RayEngine
    from songngu.run.sources import SourceItem
    from songngu.run.stages import ChunkJob, finish_translation, prepare_translation
    from songngu.run.work import Chunk, ChunkWork
    from songngu.translate.base import TranslatorInfo

    unwritable = Path("/sys/kernel/songngu") if os.geteuid() == 0 else tmp_path / "locked" / "work"
    if os.geteuid() != 0:
        (tmp_path / "locked").mkdir(mode=0o555)
    job = ChunkJob(unwritable, frozenset({"sentence"}), translator=TranslatorInfo("tiny", "local", "ctranslate2", {}))
    work = ChunkWork(partial(prepare_translation, job=job), partial(finish_translation, job=job), lambda prepared, progress: [], None)
    chunks = iter([Chunk(0, [SourceItem("a", "a.txt", text="Xin chào các bạn.")])])

    class Events:
        def finished(self, record, items):
            raise AssertionError("no chunk can finish")

    with pytest.raises(OSError) as raised:
        RayEngine(actors=1, actor_threads=1).run(chunks, work, Events())
    assert str(unwritable) in str(raised.value.filename)


def test_ray_resumes_a_run_from_its_finished_chunks(tmp_path: Path, memorised_marian_dir: Path, articles: Path, cluster: str) -> None:
    out = tmp_path / "out"
    args = ["translate", str(articles), "--model", str(memorised_marian_dir), "-o", str(out), "--no-progress", "--no-memory",
            "--chunk-size", "1", "--workers", "1", "--batch-size", "1"]
    process, _ = start_paused(args, "finished@2", start_new_session=True)
    chunks = out / ".songngu" / "chunks"
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    kept = len(list(chunks.glob("*.json")))
    resumed = translate(out, memorised_marian_dir, [str(articles)], "--engine", "ray", "--address", cluster, "--batch-size", "1")
    assert resumed.returncode == 0, resumed.stderr
    assert f"({kept} chunks kept from the interrupted run)" in resumed.stdout
    reference = translate(tmp_path / "reference", memorised_marian_dir, [str(articles)], "--workers", "0", "--batch-size", "1")
    assert reference.returncode == 0
    assert output_rows(out) == output_rows(tmp_path / "reference")


def test_ray_options_without_the_ray_engine_are_usage_errors(tmp_path: Path) -> None:
    result = run_cli("translate", str(SEEDS), "-o", str(tmp_path / "x"), "--actors", "2")
    assert result.returncode == 2 and "--engine ray" in result.stderr


def test_ray_forces_glossary_terms_and_names_as_the_local_engine(tmp_path: Path, memorised_marian_dir: Path, articles: Path,
                                                               cluster: str) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("Hà Nội\tHa Noi City\nBộ Y tế\tMinistry of Health (MOH)\n", encoding="utf-8")
    options = ["--glossary", str(glossary), "--keep-names"]
    local = translate(tmp_path / "local", memorised_marian_dir, [str(articles)], "--workers", "0", *options)
    assert local.returncode == 0, local.stderr
    on_ray = translate(tmp_path / "ray", memorised_marian_dir, [str(articles)], "--engine", "ray", "--address", cluster, *options)
    assert on_ray.returncode == 0, on_ray.stderr
    rows = output_rows(tmp_path / "ray")
    assert rows == output_rows(tmp_path / "local")
    assert any("Ha Noi City" in row["translation"]["en"] for row in rows)
    assert all(row["q_terms"] == 1.0 and row["q_names"] == 1.0 for row in rows if row["translated"] and row["translation"]["en"])
    manifest = json.loads((tmp_path / "ray" / "run.json").read_text())
    assert manifest["counts"]["retranslated"] > 0 and manifest["settings"]["keep_names"] is True


def _ray_on_two_cores(out: Path, model: Path, inputs: Path, *, actors: int, actor_threads: int) -> subprocess.CompletedProcess:
    """``songngu translate INPUTS --engine ray`` with the given actors, on two of this machine's cores."""
    return subprocess.run(translate_args(out, model, [str(inputs)], "--engine", "ray", "--actors", str(actors),
                                         "--actor-threads", str(actor_threads)),
                          capture_output=True, text=True, cwd=REPO, stdin=subprocess.DEVNULL, timeout=600, preexec_fn=on_two_cores)


def test_a_private_instance_refuses_far_more_actor_threads_than_cores_before_any_work(
    tmp_path: Path, memorised_marian_dir: Path
) -> None:
    """``--actors 16 --actor-threads 8`` on 2 cores: the private instance got 129 logical CPUs to fit them, so Ray never
    refused, and 128 threads took turns on 2 cores, four times slower than the defaults, without a word."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores")
    result = _ray_on_two_cores(tmp_path / "out", memorised_marian_dir, SEEDS, actors=16, actor_threads=8)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "--actors 16 --actor-threads 8" in result.stderr and "128 threads for 2 cores" in result.stderr, result.stderr
    assert "give at most 8 in all" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_private_instance_runs_more_actor_threads_than_cores_with_one_note(tmp_path: Path, memorised_marian_dir: Path,
                                                                             articles: Path, local_rows: list[dict]) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores")
    result = _ray_on_two_cores(tmp_path / "out", memorised_marian_dir, articles, actors=3, actor_threads=1)
    assert result.returncode == 0, result.stderr
    assert_only_songngu_lines(result.stderr)
    notes = [line for line in result.stderr.splitlines() if "take turns" in line]
    assert len(notes) == 1, result.stderr
    assert notes[0].startswith("songngu: note: --actors 3 --actor-threads 1") and "3 threads on 2 cores" in notes[0]
    assert output_rows(tmp_path / "out") == local_rows
    settings = json.loads((tmp_path / "out" / "run.json").read_text())["settings"]
    assert (settings["actors"], settings["actor_threads"]) == (3, 1)


def test_ray_progress_shows_sentences_per_second(tmp_path: Path, memorised_marian_dir: Path, articles: Path,
                                               connected: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture) -> None:
    """Only the local engine reported translated segments, so Ray's progress had articles and an ETA but no rate."""
    from songngu import progress
    from songngu.run import EngineOptions, translate_files

    monkeypatch.setattr(progress, "PLAIN_INTERVAL", 0.0)  # a plain progress line at every step, as a long run's log shows them
    translate_files([str(articles)], tmp_path / "ray", model=str(memorised_marian_dir), memory=False,
                    engine=EngineOptions("ray", chunk_size=1, actors=1, actor_threads=1), show_progress=True)
    lines = [line for line in capfd.readouterr().err.splitlines() if line.startswith("songngu: translating")]
    assert any("sentences/s" in line for line in lines), lines
