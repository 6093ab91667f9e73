"""Corpus scale, with no downloads: flat memory, non-model throughput, Ray scaling, killed runs.

Synthetic articles of 7–13 paragraphs (1–3 sentences each, now and then a photo caption or a
byline) are drawn, seeded, from the FLORES-200 and Tatoeba Vietnamese lines in ``shared/data``:
about 20 segments an article. Sections (``--only``):

* ``memory``: ``songngu translate CORPUS.jsonl.gz --no-memory`` for each size of ``--articles``
  (default 10,000 and 100,000) with a tiny fast model (random Marian, outputs cut at 8 tokens,
  so the model costs little). Peak RSS is sampled over the whole process tree (the driver and its
  CPU workers) and set beside a process that only loads the model.
* ``throughput``: each system runs twice on the same ``--baseline-articles`` articles with one
  translation memory; the second run sends nothing to the model, so its CPU time (all
  processes) is the non-model work alone: reading, normalising, segmenting, memory look-ups,
  rows, quality signals, writing. Segments per CPU-second is the per-core rate, set against
  songngu 0.1 (commit ``42b8cff``, unpacked from git: the version users had) on the same files.
  Between the two runs the memory's English is replaced by each sentence's human English, so the
  quality signals see pairs of realistic length rather than the tiny model's 8 tokens.
* ``ray``: the opus-mt-vi-en-architecture random-weight model of ``translate_speed.py`` on
  ``--ray-sentences`` FLORES sentences (articles of 10, ``--ray-chunk`` articles a chunk): Ray with 1 translator actor of 1 thread, Ray with 2
  actors of 1 thread, and the local engine on the same cores, with one 2-thread translator (``--threads 1x2``,
  the split 0.2 used) and with its default split (one 1-thread translator per core).
  Speeds are sentences per second of the whole command, and after Ray's start-up (measured on
  a one-chunk run).
* ``kills``: a run SIGKILLed at random points ``--kills`` times and restarted until done, for
  each engine; its rows are compared with an uninterrupted run's.

Usage: ``python benchmarks/scale.py [--only memory,throughput,ray,kills] [--articles 10000,100000]``.
Ray needs ``pip install -e ".[ray]"``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
DATA = REPOSITORY.parent / "shared" / "data"
BASELINE_COMMIT = "42b8cff"
SECTIONS = ("memory", "throughput", "ray", "kills")
CAPTIONS = ["Ảnh: AP", "Ảnh: Reuters", "(Ảnh: TTXVN)", "Nguồn ảnh: VnExpress"]
BYLINES = ["Minh Anh (tổng hợp)", "Theo TTXVN", "Hoàng Nam/VOV"]


# --- inputs ---------------------------------------------------------------------------------------

CORPORA = ("flores200-devtest-first500", "tatoeba-test-v2021-08-07")


def gold_pairs(data: Path) -> dict[str, str]:
    """The line-parallel Vietnamese → English pairs of the FLORES-200 and Tatoeba samples."""
    pairs: dict[str, str] = {}
    for stem in CORPORA:
        try:
            vi = (data / f"{stem}.vie").read_text(encoding="utf-8").splitlines()
            en = (data / f"{stem}.eng").read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise SystemExit(f"{error.filename}: not found (pass --data FOLDER holding the FLORES-200 and Tatoeba files)") from None
        pairs.update((source.strip(), english.strip()) for source, english in zip(vi, en) if source.strip())
    return pairs


def pool(data: Path) -> list[str]:
    """The Vietnamese sentences articles are drawn from."""
    return list(gold_pairs(data))


def article(rng: random.Random, sentences: list[str]) -> str:
    paragraphs = []
    for _ in range(rng.randint(7, 13)):
        draw = rng.random()
        if draw < 0.05:
            paragraphs.append(rng.choice(CAPTIONS))
        else:
            paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))))
    if rng.random() < 0.3:
        paragraphs.append(rng.choice(BYLINES))
    return "\n\n".join(paragraphs)


def write_jsonl(path: Path, count: int, sentences: list[str], seed: int = 0) -> Path:
    if path.is_file():
        return path
    rng = random.Random(seed)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for index in range(count):
            handle.write(json.dumps({"id": f"tin-{index:07d}", "text": article(rng, sentences)}, ensure_ascii=False) + "\n")
    return path


def write_files(folder: Path, count: int, sentences: list[str], seed: int = 0) -> Path:
    if folder.is_dir():
        return folder
    rng = random.Random(seed)
    staging = Path(tempfile.mkdtemp(dir=folder.parent))
    for index in range(count):
        (staging / f"tin-{index:07d}.txt").write_text(article(rng, sentences), encoding="utf-8")
    staging.rename(folder)
    return folder


def tiny_fast_model(work: Path) -> Path:
    """A random tiny Marian whose outputs stop at 8 tokens."""
    target = work / "tiny-fast-marian"
    if (target / "config.json").is_file():
        return target
    from tests.tinymodels import build_tiny_marian

    staging = Path(tempfile.mkdtemp(dir=work))
    build_tiny_marian(staging, max_positions=256)
    generation = json.loads((staging / "generation_config.json").read_text())
    generation["max_length"] = 8
    (staging / "generation_config.json").write_text(json.dumps(generation))
    staging.rename(target)
    return target


# --- measuring a command's process tree -----------------------------------------------------------

def _tree_sample(group: int) -> tuple[int, dict[int, float]]:
    """Total RSS (bytes) and CPU seconds per pid of the processes in process group ``group``."""
    ticks = os.sysconf("SC_CLK_TCK")
    rss = 0
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:
                continue
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return rss, cpu


def measure(command: list[str], env: dict | None = None, cwd: Path = REPOSITORY) -> dict:
    """Run ``command`` in its own process group; its wall time, peak tree RSS and CPU seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    peak = [0]
    cpu: dict[int, float] = {}

    def sample() -> None:
        while process.poll() is None:
            rss, seen = _tree_sample(process.pid)
            peak[0] = max(peak[0], rss)
            for pid, seconds in seen.items():
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}… failed ({process.returncode}):\n{stderr[-3000:]}")
    return {"seconds": time.perf_counter() - started, "peak_rss": peak[0], "cpu_seconds": sum(cpu.values()),
            "stdout": stdout, "stderr": stderr}


def songngu(*args: str) -> list[str]:
    return [sys.executable, "-m", "songngu", *args]


def summary_numbers(stdout: str) -> dict:
    import re

    line = stdout.strip().splitlines()[-1]
    numbers = {name: int(value.replace(",", "")) for value, name in re.findall(r"([\d,]+) (articles|segments|pairs)\b", line)}
    translated = re.search(r"([\d,]+) sentences? translated", line)
    numbers["translated"] = int(translated.group(1).replace(",", "")) if translated else 0
    return numbers


def model_only_rss(model: Path, env: dict) -> int:
    """Resident memory of a process that has loaded the model and nothing else."""
    code = (
        "import sys; from songngu.translate import load_translator; load_translator(sys.argv[1]); "
        "print([int(l.split()[1])*1024 for l in open('/proc/self/status') if l.startswith('VmRSS')][0])"
    )
    result = subprocess.run([sys.executable, "-c", code, str(model)], cwd=REPOSITORY, env={**os.environ, **env},
                            capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1])


# --- sections -------------------------------------------------------------------------------------

def run_memory(args: argparse.Namespace, work: Path, env: dict, sentences: list[str]) -> list[str]:
    model = tiny_fast_model(work)
    baseline_rss = model_only_rss(model, env)
    lines = [
        f"A process that has only loaded the tiny fast model holds {baseline_rss / 2**30:.2f} GB.",
        "| articles | segments | wall s | peak RSS, all processes | beyond the model |",
        "| --- | --- | --- | --- | --- |",
    ]
    peaks = {}
    for count in args.articles:
        corpus = write_jsonl(work / f"articles-{count}.jsonl.gz", count, sentences)
        out = work / f"out-{count}"
        shutil.rmtree(out, ignore_errors=True)
        result = measure(songngu("translate", str(corpus), "-o", str(out), "--model", str(model), "--no-memory",
                                 "--no-progress", "--id-field", "id", *args.extra), env)
        numbers = summary_numbers(result["stdout"])
        peaks[count] = result["peak_rss"]
        lines.append(f"| {count:,} | {numbers['segments']:,} | {result['seconds']:.0f} | {result['peak_rss'] / 2**30:.2f} GB | "
                     f"{(result['peak_rss'] - baseline_rss) / 2**30:.2f} GB |")
        shutil.rmtree(out, ignore_errors=True)
    if len(peaks) >= 2:
        small, large = min(peaks), max(peaks)
        lines.append(f"peak RSS at {large:,} articles / at {small:,}: {peaks[large] / peaks[small]:.2f}")
    return lines


def give_memory_gold_english(memory: Path, gold: dict[str, str]) -> int:
    """Replace the tiny model's 8-token English in ``memory`` by human English of realistic length.

    In a batch memory (songngu now) every output gets a human English sentence. In a sentence memory
    (songngu 0.1) a sentence that is a line of the corpus gets that line's English; a piece of a line
    (the splitter cut it) gets a human English sentence of about its length. Returns how many
    sentences (outputs) got English.
    """
    import bisect
    import sqlite3

    from songngu.translate.memory import normalise_source

    exact = {normalise_source(vi): en for vi, en in gold.items()}
    by_length = sorted((len(en), en) for en in gold.values())
    lengths = [length for length, _ in by_length]
    connection = sqlite3.connect(memory)
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "batches" in tables:  # songngu keeps whole batches, not sentences: human English in the same places
            return _gold_batches(connection, [english for _, english in by_length])
        sources = [source for (source,) in connection.execute("SELECT source FROM translations")]
        updates = []
        for source in sources:
            english = exact.get(source)
            if english is None:
                english = by_length[min(len(by_length) - 1, bisect.bisect_left(lengths, len(source)))][1]
            updates.append((english, source))
        with connection:
            connection.executemany("UPDATE translations SET text = ? WHERE source = ?", updates)
        return sum(source in exact for source in sources)
    finally:
        connection.close()


def _gold_batches(connection, english: list[str]) -> int:
    """Replace every output of every batch in a batch memory by a human English sentence (chosen by the
    batch key and position, so the lengths are realistic); returns how many outputs were replaced."""
    import hashlib
    import json

    updates = []
    replaced = 0
    for settings, batch, outputs in connection.execute("SELECT settings, batch, outputs FROM batches").fetchall():
        new = []
        for position, (_, logprob) in enumerate(json.loads(outputs)):
            pick = int(hashlib.sha256(f"{batch}:{position}".encode()).hexdigest()[:8], 16) % len(english)
            new.append([english[pick], logprob])
        replaced += len(new)
        updates.append((json.dumps(new, ensure_ascii=False), settings, batch))
    with connection:
        connection.executemany("UPDATE batches SET outputs = ? WHERE settings = ? AND batch = ?", updates)
    return replaced


def run_throughput(args: argparse.Namespace, work: Path, env: dict, sentences: list[str]) -> list[str]:
    """Each system twice on the same articles with one translation memory: the second run sends nothing
    to the model, so its CPU time is the non-model work alone (read, normalise, segment, memory
    look-ups, rows, quality signals, writing). Between the runs the memory's English is replaced by
    human English (:func:`give_memory_gold_english`), so the signals work on pairs of realistic length."""
    gold = gold_pairs(args.data)
    model = tiny_fast_model(work)
    count = args.baseline_articles
    corpus = write_jsonl(work / f"articles-{count}.jsonl.gz", count, sentences)
    files = write_files(work / f"files-{count}", count, sentences)
    lines = [
        "| system | articles | segments | first run s (model included) | second run s (all from memory) | "
        "second run CPU s, all processes | non-model segments per CPU-second |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    runs = [
        ("songngu 0.2, JSONL.gz", songngu("translate", str(corpus), "--model", str(model), "--no-progress", "--id-field", "id", "-o"), REPOSITORY),
        ("songngu 0.2, files", songngu("translate", str(files), "--model", str(model), "--no-progress", "-o"), REPOSITORY),
    ]
    baseline = _baseline_tree(work)
    if baseline is not None:
        code = (
            "import sys; from pathlib import Path; from songngu.runner import translate_files; "
            "s = translate_files([sys.argv[1]], Path(sys.argv[3]), model=sys.argv[2], memory=sys.argv[5], show_progress=False); "
            "print(s.line())"
        )
        runs.append(("songngu 0.1 (42b8cff), files", [sys.executable, "-c", code, str(files), str(model)], baseline))
    for label, command, cwd in runs:
        memory = work / "throughput-memory.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{memory}{suffix}").unlink(missing_ok=True)
        out = work / "throughput-out"
        results = []
        for attempt in range(2):
            shutil.rmtree(out, ignore_errors=True)
            full = command + [str(out)] + (["--memory", str(memory)] if cwd == REPOSITORY else ["-", str(memory)])
            results.append(measure(full, env, cwd))
            if attempt == 0 and not give_memory_gold_english(memory, gold):
                raise SystemExit(f"{memory}: no sentence of the memory matched the human English")
        numbers = summary_numbers(results[1]["stdout"])
        assert numbers["translated"] == 0, results[1]["stdout"]
        lines.append(
            f"| {label} | {count:,} | {numbers['segments']:,} | {results[0]['seconds']:.1f} | {results[1]['seconds']:.1f} | "
            f"{results[1]['cpu_seconds']:.1f} | {numbers['segments'] / results[1]['cpu_seconds']:,.0f} |"
        )
        shutil.rmtree(out, ignore_errors=True)
    return lines


def _baseline_tree(work: Path) -> Path | None:
    """songngu 0.1's source, unpacked from git (no download)."""
    baseline = work / f"songngu-{BASELINE_COMMIT}"
    if baseline.is_dir():
        return baseline
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", BASELINE_COMMIT], capture_output=True)
    if archive.returncode != 0:
        print(f"(songngu 0.1 baseline skipped: git archive {BASELINE_COMMIT} failed)")
        return None
    baseline.mkdir()
    subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive.stdout, check=True)
    return baseline


def run_ray(args: argparse.Namespace, work: Path, env: dict) -> list[str]:
    sys.path.insert(0, str(REPOSITORY / "benchmarks"))
    import translate_speed

    model = translate_speed.build_model(work, args.data, nllb=False)
    flores = translate_speed.read_sentences(args.data, 500)
    folder = work / f"ray-articles-{args.ray_sentences}"
    if not folder.is_dir():
        folder.mkdir()
        chosen = [flores[index % len(flores)] for index in range(args.ray_sentences)]
        for start in range(0, len(chosen), 10):
            (folder / f"a{start // 10:04d}.txt").write_text("\n\n".join(chosen[start : start + 10]), encoding="utf-8")
    one_chunk = work / "ray-one-chunk"
    if not one_chunk.is_dir():
        one_chunk.mkdir()
        (one_chunk / "a.txt").write_text(flores[0], encoding="utf-8")
    common = ["--model", str(model), "--no-memory", "--no-progress", "--chunk-size", str(args.ray_chunk)]
    systems = [
        ("Ray, 1 actor × 1 thread", ["--engine", "ray", "--actors", "1", "--actor-threads", "1"]),
        ("Ray, 2 actors × 1 thread", ["--engine", "ray", "--actors", "2", "--actor-threads", "1"]),
        ("local engine, --threads 1x2 (one translator with both cores, as in 0.2)", ["--threads", "1x2"]),
        ("local engine, default (one 1-thread translator per core)", []),
    ]
    lines = ["| system | sentences | wall s | sentences/s | start-up s | sentences/s after start-up |", "| --- | --- | --- | --- | --- | --- |"]
    speeds = {}
    for name, options in systems:
        startup = measure(songngu("translate", str(one_chunk), "-o", str(work / "ray-startup"), *common, *options), env)["seconds"]
        shutil.rmtree(work / "ray-startup", ignore_errors=True)
        result = measure(songngu("translate", str(folder), "-o", str(work / "ray-out"), *common, *options), env)
        shutil.rmtree(work / "ray-out", ignore_errors=True)
        sentences = summary_numbers(result["stdout"])["translated"]
        steady = sentences / max(1e-9, result["seconds"] - startup)
        speeds[name] = (sentences / result["seconds"], steady)
        lines.append(f"| {name} | {sentences} | {result['seconds']:.1f} | {sentences / result['seconds']:.2f} | {startup:.1f} | {steady:.2f} |")
    one, two, local_before, local = (speeds[name] for name, _ in systems)
    lines.append(f"2 actors / 1 actor: {two[0] / one[0]:.2f}× (whole command), {two[1] / one[1]:.2f}× (after start-up)")
    for label, engine in (("the local engine at --threads 1x2", local_before), ("the default local engine", local)):
        lines.append(f"Ray 2 × 1 / {label} at the same 2 cores: {two[0] / engine[0]:.2f}× (whole command), "
                     f"{two[1] / engine[1]:.2f}× (after start-up)")
    return lines


def run_kills(args: argparse.Namespace, work: Path, env: dict, sentences: list[str]) -> list[str]:
    from songngu.export.manifest import iter_rows, read_manifest

    model = tiny_fast_model(work)
    corpus = write_jsonl(work / f"kill-articles-{args.kill_articles}.jsonl.gz", args.kill_articles, sentences, seed=7)
    rng = random.Random(args.seed)
    lines = ["| engine | kills | restarts until done | same rows as an uninterrupted run |", "| --- | --- | --- | --- |"]
    engines = {"local": [], "ray": ["--engine", "ray", "--actors", "2", "--actor-threads", "1"]}
    for name, options in engines.items():
        if name not in args.kill_engines:
            continue
        base = ["translate", str(corpus), "--model", str(model), "--no-progress", "--id-field", "id", "--chunk-size",
                str(args.kill_chunk), *options]
        reference = work / f"kill-reference-{name}"
        shutil.rmtree(reference, ignore_errors=True)
        timed = measure(songngu(*base, "-o", str(reference), "--memory", str(work / f"kill-reference-{name}.sqlite")), env)
        out = work / f"kill-out-{name}"
        shutil.rmtree(out, ignore_errors=True)
        memory = work / f"kill-{name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{memory}{suffix}").unlink(missing_ok=True)
        kills = restarts = 0
        while True:
            process = subprocess.Popen(songngu(*base, "-o", str(out), "--memory", str(memory)), cwd=REPOSITORY,
                                       env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=True)
            if kills < args.kills:
                time.sleep(rng.uniform(0.2, 0.7) * timed["seconds"])
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                    kills += 1
                    if name == "ray":
                        subprocess.run([sys.executable, "-m", "ray.scripts.scripts", "stop", "--force"], capture_output=True)
                    continue
            process.wait()
            restarts += 1
            if process.returncode == 0:
                break
            if restarts > args.kills + 3:
                raise SystemExit(f"{name}: the run did not finish after {restarts} restarts")
        same = list(iter_rows(read_manifest(out))) == list(iter_rows(read_manifest(reference)))
        lines.append(f"| {name} | {kills} | {restarts} | {'yes' if same else 'NO'} |")
    return lines


def main() -> None:
    """Build the inputs, run the chosen sections and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated subset of " + ", ".join(SECTIONS))
    parser.add_argument("--articles", default="10000,100000", help="corpus sizes for the memory section")
    parser.add_argument("--baseline-articles", type=int, default=10000, help="articles for the throughput section")
    parser.add_argument("--ray-sentences", type=int, default=1600)
    parser.add_argument("--ray-chunk", type=int, default=8, help="articles (of 10 sentences) per chunk in the ray section")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--kill-articles", type=int, default=2000)
    parser.add_argument("--kill-chunk", type=int, default=100)
    parser.add_argument("--kill-engines", default="local,ray")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the FLORES-200 and Tatoeba files")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "songngu-scale")
    parser.add_argument("extra", nargs="*", help="more options for songngu translate in the memory runs (after --)")
    args = parser.parse_args()
    args.articles = [int(value) for value in args.articles.split(",") if value]
    args.kill_engines = set(args.kill_engines.split(","))
    sections = set(args.only.split(","))
    unknown = sections - set(SECTIONS)
    if unknown:
        raise SystemExit(f"--only: unknown section {sorted(unknown)[0]!r}")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    env = {"SONGNGU_CACHE": str(args.work_dir / "cache"), "OMP_NUM_THREADS": "1"}
    sentences = pool(args.data)
    print(f"{os.cpu_count()} CPUs; inputs and outputs in {args.work_dir}")
    if "memory" in sections:
        print("\n".join(run_memory(args, args.work_dir, env, sentences)), flush=True)
    if "throughput" in sections:
        print("\n".join(run_throughput(args, args.work_dir, env, sentences)), flush=True)
    if "ray" in sections:
        print("\n".join(run_ray(args, args.work_dir, env)), flush=True)
    if "kills" in sections:
        print("\n".join(run_kills(args, args.work_dir, env, sentences)), flush=True)


if __name__ == "__main__":
    main()
