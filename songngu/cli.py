"""The ``songngu`` command: a thin layer over the Python API."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from songngu.errors import SongnguError

app = typer.Typer(help="Vietnamese news articles into English and aligned vi–en datasets.", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
)
models_app = typer.Typer(help="List, download and pin translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

ModelOption = Annotated[
    Optional[str], typer.Option("--model", "-m", help="Short name (opus-mt-vi-en, nllb-600m), cached hub id, or local model directory.")
]


def _error(message: str) -> None:
    typer.echo(f"songngu: error: {message}", err=True)


@app.command()
def translate(
    inputs: Annotated[list[str], typer.Argument(help="Article files, folders (*.txt inside) or glob patterns.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the dataset.")],
    model: ModelOption = None,
    backend: Annotated[
        str,
        typer.Option(
            help="auto (CTranslate2 when the model converts, else transformers), ctranslate2 (fast, int8 on CPU) or transformers."
        ),
    ] = "auto",
    compute_type: Annotated[
        Optional[str], typer.Option(help="CTranslate2 compute type (default: int8 on CPU, int8_float16 on CUDA).")
    ] = None,
    memory: Annotated[
        Optional[Path], typer.Option(help="Translation memory file (default: the user cache's memory.sqlite).")
    ] = None,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Translate every sentence; neither read nor write a memory.")
    ] = False,
    device: Annotated[str, typer.Option(help="auto, cpu, cuda or mps.")] = "auto",
    beams: Annotated[Optional[int], typer.Option(help="Beam size (default: the model's generation config).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="Sentences per batch (default 32).")] = None,
    translate_kinds: Annotated[
        str, typer.Option("--translate", help="Comma-separated segment kinds to translate.")
    ] = "sentence,heading",
    context: Annotated[
        str, typer.Option(help="sentence: one sentence at a time; paragraph: whole paragraphs, aligned back to sentences.")
    ] = "sentence",
    filter_pairs: Annotated[
        bool, typer.Option("--filter", help="Keep pairs passing the quality thresholds; the rest go to dropped.jsonl with reasons.")
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Translate articles and write a Hugging Face dataset, a JSONL copy and a dataset card to OUT."""
    from songngu.runner import translate_files
    from songngu.text.segments import KINDS

    kinds = [kind.strip() for kind in translate_kinds.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise SongnguError(f"--translate: unknown kind {unknown[0]!r} (kinds: {', '.join(KINDS)})")
    summary = translate_files(
        inputs,
        out,
        model=model,
        backend=backend,
        device=device,
        num_beams=beams,
        batch_size=batch_size,
        compute_type=compute_type,
        memory=False if no_memory else memory,
        translate_kinds=kinds,
        context=context,
        filter_pairs=filter_pairs,
        show_progress=progress,
        on_error=lambda error: _error(str(error)),
    )
    typer.echo(summary.line())
    if summary.errors:
        raise typer.Exit(1)


@app.command()
def align(
    vi: Annotated[Path, typer.Argument(help="Vietnamese article file, or folder of .txt files.")],
    en: Annotated[Path, typer.Argument(help="English version: a file, or a folder with the same file names.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the dataset.")],
    bridge_model: Annotated[
        Optional[str], typer.Option("--bridge-model", help="Translate the Vietnamese with this model first to guide the alignment.")
    ] = None,
    filter_pairs: Annotated[
        bool, typer.Option("--filter", help="Drop pairs below the quality thresholds into dropped.jsonl, with reasons.")
    ] = False,
) -> None:
    """Align Vietnamese articles with their English versions into the same dataset format as translate."""
    from songngu.align_runner import align_files

    summary = align_files(
        vi, en, out, bridge_model=bridge_model, filter_pairs=filter_pairs, on_error=lambda error: _error(str(error))
    )
    typer.echo(summary.line())
    if summary.errors or not summary.articles:
        raise typer.Exit(1)


@app.command()
def push(
    out_dir: Annotated[Path, typer.Argument(help="A folder written by songngu translate or align.")],
    repo_id: Annotated[str, typer.Argument(help="The dataset repository, USER/NAME.")],
    private: Annotated[bool, typer.Option(help="Create the repository private.")] = False,
    exclude_test_set: Annotated[
        Optional[list[Path]], typer.Option(help="Line-parallel test-set file whose segments must not be published (repeatable).")
    ] = None,
    validation: Annotated[float, typer.Option(help="Share of articles for the validation split.")] = 0.1,
    test: Annotated[float, typer.Option(help="Share of articles for the test split.")] = 0.1,
    seed: Annotated[int, typer.Option(help="Seed of the article split.")] = 0,
    licence: Annotated[str, typer.Option(help="Licence field of the dataset card.")] = "other",
) -> None:
    """Publish a dataset to the Hugging Face Hub, split by article, with its dataset card."""
    from songngu.export.hub import push_dataset

    result = push_dataset(
        out_dir,
        repo_id,
        private=private,
        exclude_test_sets=exclude_test_set or [],
        validation=validation,
        test=test,
        seed=seed,
        licence=licence,
    )
    visibility = "private" if result.private else "public"
    splits = ", ".join(f"{name} {rows} rows / {result.articles[name]} articles" for name, rows in result.splits.items())
    typer.echo(f"{result.repo_url} ({visibility}): {splits}; {result.dropped} rows dropped as test-set overlaps")


@app.command("export")
def export_command(
    out_dir: Annotated[Path, typer.Argument(help="A folder written by songngu translate or align.")],
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: tmx, moses, jsonl.")] = "tmx,moses",
    destination: Annotated[Optional[Path], typer.Option("--to", help="Folder for the files (default: OUT_DIR).")] = None,
    name: Annotated[str, typer.Option(help="File name stem.")] = "songngu",
) -> None:
    """Write the pairs as TMX 1.4, Moses plain text (NAME.vi-en.vi / .en) or JSONL."""
    from songngu.export.convert import export_pairs

    for path in export_pairs(out_dir, [fmt.strip() for fmt in formats.split(",") if fmt.strip()], destination or out_dir, name):
        typer.echo(path)


@app.command("eval")
def evaluate(
    hyp: Annotated[Path, typer.Option(help="Hypothesis file, one segment per line.")],
    ref: Annotated[Path, typer.Option(help="Reference file, line-aligned with --hyp.")],
    metrics: Annotated[str, typer.Option(help="Comma-separated metrics.")] = "bleu,chrf,ter",
) -> None:
    """Print BLEU, chrF and TER with their sacrebleu signatures."""
    from songngu.eval import evaluate_files

    for result in evaluate_files(hyp, ref, [name.strip() for name in metrics.split(",") if name.strip()]):
        typer.echo(result.line())


@models_app.command("list")
def models_list() -> None:
    """Named models, their lock state and whether they are on this machine."""
    from songngu.translate.lock import read_lock
    from songngu.translate.registry import DEFAULT_MODEL, NAMED_MODELS
    from songngu.translate.resolve import cached_snapshot

    lock = read_lock()
    for name, named in NAMED_MODELS.items():
        entry = lock.get(name)
        pinned = entry.revision[:12] if entry and entry.resolved else "unpinned"
        cached = "cached" if cached_snapshot(named.hub_id, entry.revision if entry else None) else "not downloaded"
        default = " (default)" if name == DEFAULT_MODEL else ""
        typer.echo(f"{name:<15} {named.hub_id:<34} {pinned:<12} {cached:<15} {named.description}{default}")


@models_app.command("download")
def models_download(name: str) -> None:
    """Download a named model (online) at its pinned revision and verify it."""
    from songngu.translate.manage import download_model

    typer.echo(download_model(name))


@models_app.command("lock")
def models_lock(
    name: str,
    from_dir: Annotated[Optional[Path], typer.Option("--from", help="Hash a local snapshot instead of downloading.")] = None,
    revision: Annotated[Optional[str], typer.Option(help="Commit sha of --from when its folder name is not one.")] = None,
) -> None:
    """Pin a named model's revision and file hashes in models.lock."""
    from songngu.translate.manage import lock_model

    entry = lock_model(name, snapshot=from_dir, revision=revision)
    typer.echo(f"{name}: {entry.hub_id}@{entry.revision}, {len(entry.files)} files pinned")


def main() -> None:
    """Entry point: run the app, turning songngu errors into one line and an exit code."""
    try:
        exit_code = app(standalone_mode=False)
    except SongnguError as error:
        _error(str(error))
        sys.exit(error.exit_code)
    except typer.Exit as stop:
        sys.exit(stop.exit_code)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except Exception as error:  # click usage errors arrive here in non-standalone mode
        from click.exceptions import ClickException

        if isinstance(error, ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
    sys.exit(exit_code if isinstance(exit_code, int) else 0)
