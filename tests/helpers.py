"""Small helpers shared by the tests: running the CLI, a counting HTTP server, a fake HF cache."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def ctrl_c_as_in_a_terminal() -> None:
    """In a child about to start: SIGINT raises KeyboardInterrupt, as for a command run in a terminal.

    A suite started in the background of a script (``pytest &``) ignores SIGINT, children inherit
    that, and Python then installs no Ctrl-C handler: a test that sends SIGINT would wait forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def half_written_temporaries(folder: Path, target: str) -> tuple[Path, Path]:
    """Two half-written temporaries of ``target`` in ``folder``, as songngu names them: one whose process (this
    test's) is running, one whose process has ended (left by a killed command)."""
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    writing = folder / f".{target}.{os.getpid()}.k2x9q1ab.songngu-tmp"
    left = folder / f".{target}.{ended.pid}.p0o9i8uy.songngu-tmp"
    for path in (writing, left):
        path.write_text("half")
    return writing, left


def start_paused(args: list[str], pause: str, *, env: dict | None = None, **popen) -> tuple[subprocess.Popen, str]:
    """Start ``python -m songngu ARGS`` and return once it waits at test point ``pause`` (``POINT@N``,
    see :mod:`songngu.testpoint`), with the stderr it wrote until then.

    The run cannot go past that point before the test signals it, however fast the machine is.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "songngu", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True, env={**os.environ, **(env or {}), "SONGNGU_TEST_PAUSE": pause}, preexec_fn=ctrl_c_as_in_a_terminal, **popen,
    )
    point = pause.partition("@")[0]
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.strip() == f"songngu: paused at {point}":
            return process, "".join(seen)
    stdout, _ = process.communicate()
    raise AssertionError(f"the run ended (exit {process.returncode}) before pausing at {pause}: {''.join(seen)}{stdout}")


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m songngu ARGS`` as a user would, returning its exit code and output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "songngu", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that answers 503 and records every request path."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def fake_hub_cache(cache: Path, hub_id: str, model_dir: Path, revision: str = "0123456789abcdef0123456789abcdef01234567") -> Path:
    """Lay ``model_dir`` out in the Hugging Face cache format as a downloaded ``hub_id`` at ``revision``."""
    repo = cache / f"models--{hub_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / revision
    shutil.copytree(model_dir, snapshot)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(revision)
    return snapshot


def write_output_folder(out: Path, rows: list[dict], run: dict, *, chunk_rows: int = 0, dropped: list[dict] | None = None) -> dict:
    """Write ``rows`` as a finished output folder through songngu's own writer; return its manifest.

    ``chunk_rows`` > 0 spreads the rows over several shards of that many rows.
    """
    from songngu.export.card import render_card
    from songngu.export.output import OutputFolder, write_chunk
    from songngu.export.rows import count_pairs
    from songngu.export.schema import FEATURES

    rows = [{name: row.get(name) for name in FEATURES} for row in rows]
    size = chunk_rows or max(1, len(rows))
    chunks = [rows[start : start + size] for start in range(0, len(rows), size)] or [[]]
    with OutputFolder(out) as folder:
        folder.start({"test": True})
        records = [
            write_chunk(folder.work_dir, index, chunk, dropped if index == 0 and dropped is not None else ([] if dropped is not None else None),
                        {"articles": len({row["article_id"] for row in chunk}), "pairs": count_pairs(chunk), "errors": []})
            for index, chunk in enumerate(chunks)
        ]
        manifest = folder.finalize(records, {"songngu_version": "0.1.0", **run}, render_card, filtered=dropped is not None)
        folder.remove_work_dir()
    return manifest


def output_rows(out: Path) -> list[dict]:
    """Every row of a finished output folder, read through its manifest as export and push read them."""
    from songngu.export.manifest import iter_rows, read_manifest

    return list(iter_rows(read_manifest(out)))


def load_output(out: Path):
    """The output folder as ``datasets.load_dataset(OUT)`` gives it to users: its train split."""
    import datasets

    datasets.disable_progress_bars()
    return datasets.load_dataset(str(out), split="train", cache_dir=str(out.parent / ".hf-datasets-cache"))
