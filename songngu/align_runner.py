"""Align Vietnamese articles with their English versions, file by file: what ``songngu align`` runs."""
from __future__ import annotations

import time
from pathlib import Path

from songngu.errors import InputError
from songngu.runner import RunSummary, run_record


def pair_inputs(vi_input: Path, en_input: Path) -> tuple[list[tuple[Path, Path]], list[InputError]]:
    """Two files, or two folders whose ``.txt`` files are matched by name."""
    if vi_input.is_file() and en_input.is_file():
        return [(vi_input, en_input)], []
    if not (vi_input.is_dir() and en_input.is_dir()):
        missing = vi_input if not vi_input.exists() else en_input
        if not missing.exists():
            return [], [InputError(missing, "no such file or directory")]
        return [], [InputError(vi_input, f"pair it with a {'folder' if vi_input.is_dir() else 'file'} ({en_input} is not)")]
    vi_files = {path.relative_to(vi_input): path for path in sorted(vi_input.rglob("*.txt"))}
    en_files = {path.relative_to(en_input): path for path in sorted(en_input.rglob("*.txt"))}
    pairs = [(vi_files[name], en_files[name]) for name in vi_files if name in en_files]
    errors = [InputError(path, f"no English file {en_input / name}") for name, path in vi_files.items() if name not in en_files]
    errors += [InputError(path, f"no Vietnamese file {vi_input / name}") for name, path in en_files.items() if name not in vi_files]
    return pairs, errors


def align_files(
    vi_input: Path,
    en_input: Path,
    out_dir: Path,
    *,
    bridge_model: str | None = None,
    backend: str | None = None,
    filter_pairs: bool = False,
    on_error=None,
) -> RunSummary:
    """Align each Vietnamese article with its English version and write the dataset to ``out_dir``.

    ``bridge_model`` machine-translates the Vietnamese first so the aligner can compare
    that with the English. ``filter_pairs`` keeps only rows passing the quality
    thresholds and writes the others to ``dropped.jsonl`` with their reasons.
    Unreadable files are reported and skipped.
    """
    from songngu.align.bilingual import align_article_pair
    from songngu.export.output import write_output
    from songngu.export.rows import count_pairs
    from songngu.inputs import article_ids
    from songngu.text import read_article
    from songngu.translate import load_translator

    started = time.perf_counter()
    summary = RunSummary()
    bridge = None
    if bridge_model:
        options = {"backend": backend} if backend else {}
        bridge = load_translator(bridge_model, **options)
    pairs, errors = pair_inputs(vi_input, en_input)
    for error in errors:
        summary.errors.append(error)
        if on_error:
            on_error(error)
    rows: list[dict] = []
    for (vi_path, en_path), article_id in zip(pairs, article_ids([vi for vi, _ in pairs])):
        try:
            vi_text, en_text = read_article(vi_path).text, read_article(en_path).text
        except InputError as error:
            summary.errors.append(error)
            if on_error:
                on_error(error)
            continue
        rows.extend(align_article_pair(vi_text, en_text, article_id=article_id, bridge=bridge))
        summary.articles += 1
    dropped = None
    if filter_pairs:
        from songngu.align.filtering import filter_rows

        rows, dropped = filter_rows(rows)
    summary.segments = len(rows) + len(dropped or [])
    summary.pairs = count_pairs(rows)
    summary.seconds = time.perf_counter() - started
    if rows:
        run = run_record(
            summary,
            model="reference",
            model_revision="",
            backend="alignment",
            settings={"bridge_model": bridge.model_name if bridge else None, "bridge_revision": bridge.model_revision if bridge else None},
            articles=list(dict.fromkeys(row["article_id"] for row in rows)),
            dropped=dropped,
        )
        write_output(out_dir, rows, run, dropped)
    return summary
