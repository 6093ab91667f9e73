"""The ``songngu`` command: a thin layer over the Python API.

Every mistake is one line on stderr and a documented exit code (see :mod:`songngu.errors`):
usage errors exit 2 like click's own, bad inputs 1, Hub problems 3 and 4, Ctrl-C 130.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

import songngu
from songngu.errors import EXIT_INTERRUPTED, EXIT_USAGE, ModelNotAvailableError, SongnguError, UsageError

BACKENDS = ("auto", "ctranslate2", "transformers")
DEVICES = ("auto", "cpu", "cuda", "mps")
COMPUTE_TYPES = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
CONTEXTS = ("sentence", "paragraph")
KINDS = ("sentence", "heading", "caption", "byline", "boilerplate")
EXPORT_FORMATS = ("tmx", "moses", "jsonl")
METRICS = ("bleu", "chrf", "ter")
ENGINES = ("local", "ray")


class CommaList(click.ParamType):
    """A comma-separated list of choices (``tmx,moses``); each item is checked, ``--help`` lists them."""

    name = "list"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """How ``--help`` shows the option's value: the choices, then ``[,...]``."""
        return "[" + "|".join(self.choices) + "][,...]"

    def convert(self, value: str | list[str], param: click.Parameter | None, ctx: click.Context | None) -> list[str]:
        """The choices named in ``value``, lower-cased and without repeats; an unknown or no choice fails."""
        if isinstance(value, list):
            return value
        items = [item.strip().lower() for item in str(value).split(",") if item.strip()]
        unknown = [item for item in items if item not in self.choices]
        if unknown:
            self.fail(f"{unknown[0]!r} is not one of {', '.join(self.choices)}", param, ctx)
        if not items:
            self.fail(f"name at least one of {', '.join(self.choices)}", param, ctx)
        return list(dict.fromkeys(items))


class NonEmptyPath(click.Path):
    """A path that may not be empty: ``-o "$UNSET"`` would otherwise mean the current folder (and write there)."""

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None, ctx: click.Context | None) -> str | bytes | os.PathLike[str]:
        """``value`` checked as :class:`click.Path` does, after refusing an empty or blank string."""
        if isinstance(value, str) and not value.strip():
            self.fail(f"{value!r}: empty; give a path ('.' for the current folder)", param, ctx)
        return super().convert(value, param, ctx)


def _error(message: str) -> None:
    click.echo(f"songngu: error: {message}", err=True)


def _note(message: str) -> None:
    click.echo(f"songngu: note: {message}", err=True)


def _auto(value: str | None) -> str | None:
    return None if value in (None, "auto") else value


progress_option = click.option("--progress/--no-progress", default=True, show_default=True, help="Show progress (done / total, rate, ETA) on stderr.")
overwrite_option = click.option(
    "--overwrite", is_flag=True,
    help="Replace README.md, run.json, dropped.jsonl and data/ in OUT even when songngu did not write them "
    "(without it such files stop the run; songngu's own earlier output is always replaced).",
)
out_option = click.option("--out", "-o", "out", required=True, type=NonEmptyPath(path_type=Path), help="Output folder.")
engine_options = [
    click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                 help="local: this machine, CPU workers feeding one model; ray: a Ray Data job (pip install 'songngu[ray]')."),
    click.option("--workers", type=click.IntRange(min=0), default=None,
                 help="local engine: CPU worker processes beside the model (default: one per core; 0: none)."),
    click.option("--chunk-size", type=click.IntRange(min=1), default=1000, show_default=True,
                 help="Articles per chunk: one Parquet shard each, and what an interrupted run resumes from."),
    click.option("--address", default=None, help="ray engine: the cluster to join (default: the one RAY_ADDRESS names, else start one on this machine)."),
    click.option("--actors", type=click.IntRange(min=1), default=None,
                 help="ray engine: translator actors (default: one per GPU, else one per 4 CPUs, leaving one CPU to the read/write tasks)."),
    click.option("--actor-threads", type=click.IntRange(min=1), default=None, help="ray engine: CPU threads per translator actor (default: 4, fewer on a small machine; 1 with GPUs)."),
]


def _with(options):
    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function
    return decorate


def _local_model_option(option: str):
    """Make a missing model's message name ``option``, the command's way to pass a local model directory."""
    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except ModelNotAvailableError as error:
                raise error.naming(option) from None
        return wrapper
    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(songngu.__version__, "--version", "-V", prog_name="songngu", message="%(prog)s %(version)s")
def app() -> None:
    """Vietnamese news articles into English and aligned vi–en datasets.

    Exit codes: 0 ok, 1 some inputs failed, 2 usage or setup error, 3 Hub authentication,
    4 Hub failure, 130 interrupted.
    """


@app.command()
@click.argument("inputs", nargs=-1, required=True, type=NonEmptyPath())
@out_option
@click.option("--model", "-m", default=None, help="Short name (opus-mt-vi-en, the default; nllb-600m), cached hub id, or local model directory.")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True,
              help="auto: CTranslate2 when the model converts, else transformers.")
@click.option("--compute-type", type=click.Choice(COMPUTE_TYPES), default=None,
              help="CTranslate2 compute type (default: int8 on CPU, int8_float16 on CUDA).")
@click.option("--device", type=click.Choice(DEVICES), default="auto", show_default=True,
              help="auto: a CUDA GPU when one is visible, else Apple MPS (transformers), else the CPU.")
@click.option("--beams", type=click.IntRange(min=1), default=None, help="Beam size (default: the model's generation config).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Sentences per batch (default 32).")
@click.option("--memory", type=NonEmptyPath(path_type=Path, dir_okay=False), default=None,
              help="Translation memory file (default: the user cache's memory.sqlite).")
@click.option("--no-memory", is_flag=True, help="Translate every sentence; neither read nor write a memory.")
@click.option("--threads", "threads", default=None, metavar="INTER[xINTRA]",
              help="CTranslate2 on CPU: parallel translators x threads each, e.g. 2x1 (default: one translator per core, up to 8).")
@click.option("--translate", "translate_kinds", type=CommaList(KINDS), default="sentence,heading", show_default=True,
              help="Segment kinds to translate.")
@click.option("--context", type=click.Choice(CONTEXTS), default="sentence", show_default=True,
              help="sentence: one sentence at a time; paragraph: whole paragraphs, aligned back into pairs.")
@click.option("--filter", "filter_pairs", is_flag=True,
              help="Keep pairs passing the quality thresholds; the rest go to dropped.jsonl with reasons.")
@click.option("--text-field", default=None, help="JSONL/Parquet/datasets inputs: the field holding the article text (default: text).")
@click.option("--id-field", default=None, help="JSONL/Parquet/datasets inputs: the field holding the article id (default: FILE:LINE).")
@click.option("--split", default="train", show_default=True, help="datasets inputs: the split to read.")
@click.option("--glossary", type=NonEmptyPath(path_type=Path), default=None,
              help="TSV or CSV file of Vietnamese<TAB>English terms every translation must carry (forced in where missing).")
@click.option("--keep-names", is_flag=True, help="Force names the English lost or changed back in (without it names are only checked: q_names).")
@_with(engine_options)
@overwrite_option
@progress_option
@_local_model_option("--model PATH")
def translate(inputs, out, model, backend, compute_type, device, beams, batch_size, memory, no_memory, threads, translate_kinds,
              context, filter_pairs, text_field, id_field, split, glossary, keep_names, engine, workers, chunk_size, address,
              actors, actor_threads, overwrite, progress) -> None:
    """Translate articles into an output folder of Parquet shards, a manifest and a dataset card.

    INPUTS are article files, folders (article and corpus files below them), globs, JSON Lines
    or Parquet corpora, saved datasets or hf://datasets/OWNER/NAME. Put -- before file names
    that start with a dash.
    """
    from songngu.run import translate_files
    from songngu.run.engines import EngineOptions
    from songngu.translate.threads import parse_split

    if memory is not None and no_memory:
        raise UsageError("--memory and --no-memory exclude each other")
    summary = translate_files(
        list(inputs), out, model=model, backend=backend, device=_auto(device), num_beams=beams, batch_size=batch_size,
        compute_type=compute_type, memory=False if no_memory else memory, translate_kinds=translate_kinds,
        context=context, filter_pairs=filter_pairs, text_field=text_field, id_field=id_field, split=split,
        engine=EngineOptions(engine, workers, chunk_size, address, actors, actor_threads),
        glossary=glossary, keep_names=keep_names,
        threads=parse_split(threads) if threads is not None else None,
        overwrite=overwrite, show_progress=progress, on_error=_error, on_note=_note,
    )
    _finish(summary)


@app.command()
@click.argument("vi", type=NonEmptyPath(path_type=Path))
@click.argument("en", type=NonEmptyPath(path_type=Path))
@out_option
@click.option("--bridge-model", default=None, help="Translate the Vietnamese with this model first to guide the alignment.")
@click.option("--backend", type=click.Choice(BACKENDS), default="auto", show_default=True, help="Backend of the bridge model.")
@click.option("--filter", "filter_pairs", is_flag=True, help="Drop pairs below the quality thresholds into dropped.jsonl, with reasons.")
@_with(engine_options)
@overwrite_option
@progress_option
@_local_model_option("--bridge-model PATH")
def align(vi, en, out, bridge_model, backend, filter_pairs, engine, workers, chunk_size, address, actors, actor_threads,
          overwrite, progress) -> None:
    """Align Vietnamese articles with their English versions into the same output format as translate.

    VI and EN are two files, or two folders whose .txt files match by relative path.
    """
    from songngu.run import align_files
    from songngu.run.engines import EngineOptions

    summary = align_files(
        vi, en, out, bridge_model=bridge_model, backend=backend, filter_pairs=filter_pairs,
        engine=EngineOptions(engine, workers, chunk_size, address, actors, actor_threads),
        overwrite=overwrite, show_progress=progress, on_error=_error, on_note=_note,
    )
    _finish(summary)


def _finish(summary) -> None:
    click.echo(summary.line())
    if not summary.articles:
        _note("no article could be read: nothing was written")
    if summary.errors or not summary.articles:
        sys.exit(1)


@app.command()
@click.argument("out_dir", type=NonEmptyPath(path_type=Path))
@click.argument("repo_id")
@click.option("--private", is_flag=True, help="Create the repository private.")
@click.option("--exclude-test-set", type=NonEmptyPath(path_type=Path), multiple=True,
              help="Test-set file, one segment per line: rows holding one of its lines or sentences are not published (repeatable).")
@click.option("--validation", type=click.FloatRange(0, 1, max_open=True), default=0.1, show_default=True,
              help="Share of articles for the validation split.")
@click.option("--test", type=click.FloatRange(0, 1, max_open=True), default=0.1, show_default=True, help="Share of articles for the test split.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the article split.")
@click.option("--license", "licence", default="other", show_default=True, help="License field of the dataset card (a Hub license id).")
@progress_option
def push(out_dir, repo_id, private, exclude_test_set, validation, test, seed, licence, progress) -> None:
    """Publish an output folder to the Hugging Face Hub: pairs (default config) and every segment."""
    from songngu.export.hub import push_dataset

    result = push_dataset(
        out_dir, repo_id, private=private, exclude_test_sets=list(exclude_test_set), validation=validation, test=test,
        seed=seed, licence=licence, show_progress=progress, on_note=lambda line: click.echo(f"songngu: {line}", err=True),
    )
    click.echo(result.line())


@app.command("export")
@click.argument("out_dir", type=NonEmptyPath(path_type=Path))
@click.option("--format", "-f", "formats", type=CommaList(EXPORT_FORMATS), default="tmx,moses", show_default=True,
              help="TMX 1.4, Moses plain text (NAME.vi-en.vi / .en), JSON Lines.")
@click.option("--to", "destination", type=NonEmptyPath(path_type=Path, file_okay=False), default=None,
              help="Folder for the files (default: OUT_DIR).")
@click.option("--name", default="songngu", show_default=True, help="File name stem (no folders).")
@click.option("--overwrite", is_flag=True, help="Replace files of the same names (files an earlier export wrote in OUT_DIR are replaced anyway).")
def export_command(out_dir, formats, destination, name, overwrite) -> None:
    """Write the pairs of an output folder as TMX, Moses or JSON Lines files."""
    from songngu.export.convert import export_pairs

    for path in export_pairs(out_dir, formats, destination or out_dir, name, overwrite=overwrite):
        click.echo(path)


@app.command("eval")
@click.argument("run_dir", required=False, type=NonEmptyPath(path_type=Path))
@click.option("--hyp", default=None, type=NonEmptyPath(path_type=Path),
              help="Hypothesis file, one segment per line, or a songngu output folder (its English, one line per paragraph).")
@click.option("--ref", multiple=True, type=NonEmptyPath(path_type=Path),
              help="Reference file, line-aligned with --hyp; repeat it for several references per segment.")
@click.option("--metrics", type=CommaList(METRICS), default="bleu,chrf,ter", show_default=True,
              help="Comma-separated sacrebleu metrics to report (with --hyp).")
@click.option("--judgments", type=NonEmptyPath(path_type=Path), multiple=True,
              help="Verdicts downloaded from a review page (JSON Lines; repeatable: one file per reviewer).")
@click.option("--target-precision", type=click.FloatRange(0, 1, min_open=True), default=0.95, show_default=True,
              help="--judgments: find each signal's threshold whose drops reach this precision.")
@click.option("--json", "as_json", is_flag=True, help="--judgments: print one JSON object instead of text.")
@click.option("--glossary", type=NonEmptyPath(path_type=Path), default=None,
              help="Report term accuracy (exact match, WMT 2023) and name retention against the Vietnamese.")
@click.option("--src", type=NonEmptyPath(path_type=Path), default=None,
              help="The Vietnamese of a --hyp file, line-aligned, for name retention (a run folder has its own: "
                   "--hyp OUT_DIR alone reports it).")
def evaluate(run_dir, hyp, ref, metrics, judgments, target_precision, as_json, glossary, src) -> None:
    """Print BLEU, chrF and TER with their sacrebleu signatures, term accuracy and name retention
    (--glossary, --src; a run folder alone: its name retention), or what review verdicts say (--judgments).

    With --judgments FILE.jsonl [RUN_DIR]: the estimated share of good published pairs (good or
    minor, and good alone) with a 95% interval, the counts, each label's share, each filter's
    precision and recall against "bad or not a pair", the threshold reaching --target-precision,
    and Cohen's kappa between files. The estimate is stratified: each stratum's share gets its
    Wilson 95% score interval, combined with the weights W_h = N_h/N as estimate = sum W_h*p_h,
    lower = estimate - sqrt(sum (W_h*(p_h - L_h))^2), upper = estimate + sqrt(sum (W_h*(U_h - p_h))^2);
    pairs without stratum and weight count once. RUN_DIR checks the verdicts against the run
    and reads its signals. A blind-comparison file gives each run's win rate (Wilson 95%
    interval) and a sign-test p-value.
    """
    if judgments:
        if hyp is not None or ref or glossary is not None or src is not None:
            raise UsageError("--judgments goes without --hyp, --ref, --glossary and --src")
        from songngu.eval.review import evaluate_judgments

        report = evaluate_judgments(list(judgments), run_dir, target_precision)
        if as_json:
            import json

            click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for line in report.lines():
                click.echo(line)
        return
    if run_dir is not None or as_json:
        given = " and ".join(name for name, used in (("RUN_DIR", run_dir is not None), ("--json", as_json)) if used)
        raise UsageError(f"{given} {'go' if ' and ' in given else 'goes'} with --judgments")
    from songngu.eval import dropped_by_reason, evaluate_files

    run_folder = hyp is not None and hyp.is_dir()
    if hyp is None or (not ref and glossary is None and src is None and not run_folder):
        raise UsageError("eval: give --hyp with --ref (BLEU, chrF, TER), --glossary (term accuracy) or --src (name retention),"
                         " or --judgments FILE.jsonl (a review page's verdicts)")
    if run_folder and src is not None:
        raise UsageError(f"--src is for a --hyp file: the run folder {hyp} has its own Vietnamese; leave --src out")
    if ref:
        for result in evaluate_files(hyp, ref, metrics):
            click.echo(result.line())
        reasons = dropped_by_reason(hyp) if run_folder else None
        if reasons is not None:
            click.echo("dropped rows by drop_reason: " + (", ".join(f"{code} {rows:,}" for code, rows in reasons.items()) or "none"))
    if glossary is not None or src is not None or (run_folder and not ref):
        from songngu.eval.terms import glossary_note, name_retention, sources_and_hypotheses, term_accuracy
        from songngu.translate.glossary import load_glossary

        terms = load_glossary(glossary) if glossary is not None else None
        sources, hypotheses = sources_and_hypotheses(hyp, src)
        if terms is not None:
            click.echo(term_accuracy(sources, hypotheses, terms).line())
        click.echo(name_retention(sources, hypotheses, terms).line())
        note = glossary_note(hyp, terms)
        if note is not None:
            _note(note)


@app.command("review")
@click.argument("out_dir", type=NonEmptyPath(path_type=Path))
@click.option("--size", type=click.IntRange(min=1), default=200, show_default=True, help="Pairs in the sample.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample (same run, size and seed: same pairs).")
@click.option("--compare", type=NonEmptyPath(path_type=Path), default=None,
              help="A second run of the same articles: write a blind comparison page (OUT_DIR/comparison.html) instead.")
@click.option("--output", type=NonEmptyPath(dir_okay=False), default=None,
              help="The page's file (default: OUT_DIR/review.html, or OUT_DIR/comparison.html with --compare).")
@click.option("--overwrite", is_flag=True, help="Replace a file of that name (a page review wrote in OUT_DIR is replaced anyway).")
@progress_option
def review(out_dir, size, seed, compare, output, overwrite, progress) -> None:
    """Write OUT_DIR/review.html: a stratified sample of the run's pairs to judge in a browser.

    One self-contained file (no server, no network): the pairs side by side with their context,
    their signals in words, whole-run charts, verdicts and labels from the keyboard, kept in the
    browser and downloaded as JSON Lines for `songngu eval --judgments`.
    """
    from songngu.eval.review import write_review

    click.echo(write_review(out_dir, size=size, seed=seed, compare=compare, output=output, overwrite=overwrite,
                            show_progress=progress))


@app.group("models")
def models_group() -> None:
    """List, download and pin translation models."""


@models_group.command("list")
def models_list() -> None:
    """Named models, their lock state and whether they are on this machine."""
    from songngu.translate.lock import missing_lock_problem
    from songngu.translate.manage import describe_models

    if problem := missing_lock_problem():
        click.echo(f"songngu: note: {problem}; every model shows as unpinned", err=True)
    for line in describe_models():
        click.echo(line)


@models_group.command("download")
@click.argument("name")
def models_download(name) -> None:
    """Download a named model (online) at its pinned revision and verify it."""
    from songngu.translate.manage import download_model

    click.echo(download_model(name))


@models_group.command("lock")
@click.argument("name")
@click.option("--from", "from_dir", type=NonEmptyPath(path_type=Path), default=None, help="Hash a local snapshot instead of downloading.")
@click.option("--revision", default=None, help="Commit sha of --from when its folder name is not one.")
def models_lock(name, from_dir, revision) -> None:
    """Pin a named model's revision and file hashes in models.lock."""
    from songngu.translate.manage import CHECKED, lock_model

    entry = lock_model(name, snapshot=from_dir, revision=revision)
    click.echo(f"{name}: {entry.hub_id}@{entry.revision}, {len(entry.files)} files pinned, licence {entry.licence}")
    if from_dir is not None:
        _note(f"{from_dir}: checked its {CHECKED} against {entry.hub_id}; its weights are pinned as they are, not compared")


def _usage_line(error: click.UsageError) -> str:
    message = " ".join(error.format_message().split())
    if isinstance(error, click.NoSuchOption) and error.option_name.startswith("-") and not error.option_name.startswith("--"):
        message += " (a file name starting with '-'? put -- before it)"
    command = error.ctx.command_path if error.ctx is not None else "songngu"
    return f"{message} (see '{command} --help')"


INTERRUPTED_LINE = "interrupted; nothing half-written is left (songngu writes each file whole or not at all)"
"""Ctrl-C in a command that does not say more itself (translate, align, export and push do)."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; every mistake becomes one line and an exit code."""
    try:
        app.main(args=argv, prog_name="songngu", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help(), err=True)
        sys.exit(EXIT_USAGE)
    except click.UsageError as error:
        _error(_usage_line(error))
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        _error(INTERRUPTED_LINE)
        sys.exit(EXIT_INTERRUPTED)
    except SongnguError as error:
        _error(str(error))
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _error(INTERRUPTED_LINE)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        sys.exit(EXIT_USAGE)
    sys.exit(0)
