"""Render the Hugging Face dataset card (README.md) for a songngu run.

The YAML header is built with ``huggingface_hub.DatasetCardData``; its ``configs`` tell
``load_dataset`` which files to read. An output folder's card lists exactly the shards of its
manifest (config ``default``). A pushed dataset's card declares two configs: ``pairs``, the
default (one row per pair, ready to train on), and ``segments`` (every segment with its
labels), each with one ``data_files`` pattern per split.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from huggingface_hub import DatasetCard, DatasetCardData

from songngu.export.schema import COLUMNS, LANGUAGES, TRANSLATION

PAIRS_CONFIG = "pairs"
SEGMENTS_CONFIG = "segments"
DEFAULT_PRETTY_NAME = "Vietnamese–English news segments (songngu)"

FIELD_DESCRIPTIONS = {
    "id": "Row id, `{article_id}-{segment:04d}`.",
    "article_id": "Id of the source article (its path relative to the input folder, or its record id); "
    "all rows of an article are in the same split.",
    "source": "Where the article came from: its file path relative to the input folder's parent, "
    "with `:LINE` for a record of a corpus file.",
    "paragraph": "Paragraph number in the article (0-based).",
    "sentence": "Sentence number inside the paragraph (0-based).",
    "segment": "Segment number in the article (0-based), the reading order.",
    "start": "Character offset where the segment starts in the NFC-normalised article text.",
    "end": "Character offset where the segment ends (exclusive).",
    "kind": "Segment kind: sentence, heading, caption, byline or boilerplate.",
    "repeat_of": "Segment number of an earlier identical segment in the same article, or -1.",
    "translated": "False for kinds that were not translated (their English is empty).",
    "split_for_length": "True when the sentence exceeded the model's input limit and was translated in pieces.",
    "logprob": "Model's mean log-probability per output token; null when the segment was not translated.",
    "link": "Alignment type of the pair, `V-E`: V Vietnamese and E English sentences. `1-1` for sentence-by-sentence "
    "translation. Alignment with an existing English text gives `1-1`, merges of up to three sentences on one side "
    "(`2-1`, `3-1`, `1-2`, `1-3`) and sentences the other side leaves out (`1-0`, `0-1`). Paragraph-context "
    "translation gives the same types except `0-1`: an English sentence left unmatched joins the neighbouring pair, so "
    "E can be any number (`1-4`, `2-3`, ...).",
    "align_score": "The aligner's confidence in the row's link; null when no alignment was needed.",
    "translation": "The pair: `vi` is the source text, `en` the machine translation.",
    "model": "Translation model id.",
    "model_revision": "Revision (commit) of the translation model.",
    "q_length_ratio": "English characters per Vietnamese character (about 0.8-1.3 for good pairs).",
    "q_number_match": "Share of numbers and dates that agree between the two sides (1 when neither has any).",
    "q_entity_overlap": "Share of names and acronyms found on both sides, compared without diacritics.",
    "q_punct_match": "Agreement of quotes, brackets, question and exclamation marks.",
    "q_untranslated": "Share of the English side that is still Vietnamese (copy-through).",
    "q_repetition": "Share of the English in repeated n-grams (decoder loops).",
    "q_truncated": "True when the English looks cut short.",
    "q_logprob": "The model's mean token log-probability, when known.",
    "q_align_score": "The aligner's confidence, when known.",
    "q_terms": "Share of the required glossary terms the English has exactly; null when the run had no glossary.",
    "q_names": "Share of the names of the Vietnamese the English keeps (without diacritics, or an established English form).",
}

UNDOCUMENTED = "(not yet documented in songngu's card)"
_ALIGNED_TRANSLATION = "The pair: `vi` is the source text, `en` the sentences of its published English version aligned with it."
_SHOWN_SETTINGS = frozenset({"model", "model_revision", "backend"})
_ALIGN_STEP = (
    "4. **Align**: the Vietnamese sentences are aligned with those of the article's English version; "
    "`link` says how many sentences each side of a pair holds (`1-0` / `0-1`: a sentence the other side "
    "leaves out) and `align_score` how sure the aligner is."
)
_TRANSLATED_LIMITS = (
    "- The English side is machine-generated, not written or checked by people: expect mistranslations, "
    "omissions and invented content, especially for names, numbers and idioms.",
    "- Do not use the English side as a reference for evaluating translation systems; it reflects the "
    "model that produced it.",
)
_ALIGNED_LIMITS = (
    "- The pairs were aligned automatically: a link can be wrong; filter on `align_score` and the `q_*` signals.",
    "- The English versions are the publishers' own and may summarise, add or leave out sentences.",
)
"""Settings the card's first rows already show."""
LOCAL_CONFIG = "default"

_SIZE_CATEGORIES = [
    (1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"),
]


def size_category(rows: int) -> str:
    """The Hub's ``size_categories`` bucket for a number of rows."""
    for limit, name in _SIZE_CATEGORIES:
        if rows < limit:
            return name
    return "n>1B"


def config_data_files(config: str, splits: Mapping[str, int]) -> list[dict[str, str]]:
    """The ``data_files`` list of a pushed config: one pattern per split."""
    return [{"split": split, "path": f"{config}/{split}-*"} for split in splits]


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(item) for item in value)
    elif isinstance(value, Mapping):
        value = ", ".join(f"{key}={item}" for key, item in value.items())
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, str], rows: list[tuple[Any, Any]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "| --- | --- |"]
    lines += [f"| {_cell(key)} | {_cell(value)} |" for key, value in rows]
    return "\n".join(lines)


def _feature_type(kind: str) -> str:
    return f"translation ({', '.join(LANGUAGES)})" if kind == TRANSLATION else kind


def _terms_step(settings: Mapping[str, Any], counts: Mapping[str, Any]) -> str:
    """What the card says of required terms: the glossary's size and hash (never its content), sentences translated again."""
    glossary = settings.get("glossary")
    if not glossary and not settings.get("keep_names"):
        return ""
    required = []
    if glossary:
        required.append(f"the terms of a glossary ({glossary.get('terms')} terms, sha256 `{glossary.get('sha256')}`)")
    if settings.get("keep_names"):
        required.append("the names of the Vietnamese (`--keep-names`)")
    retranslated = counts.get("retranslated", 0)
    return (
        f" English missing {' and '.join(required)} was translated again with the missing terms forced into it: "
        f"{retranslated} sentence{'' if retranslated == 1 else 's'}."
    )


def _body(run: Mapping[str, Any], splits: Mapping[str, Mapping[str, int]] | None, filters: Mapping[str, Any] | None,
          licence: str, pretty_name: str) -> str:
    settings = run.get("settings") or {}
    counts = run.get("counts") or {}
    version = run.get("songngu_version", "unknown")
    model = run.get("model", "unknown")
    revision = run.get("model_revision", "unknown")
    backend = run.get("backend", "unknown")
    translated_kinds = settings.get("translated_kinds") or []
    aligned = run.get("command") == "align"
    english = "its published English version, aligned sentence by sentence" if aligned else "machine-generated English translations"
    sections = [
        f"# {pretty_name}",
        f"Vietnamese news text with {english}, one row per article segment or aligned pair "
        f"(sentence, heading, caption, byline or boilerplate), in article order. Made with songngu {version}"
        + (f" on {run['created']}." if run.get("created") else "."),
        "## How it was made",
        "\n".join([
            "1. **Read**: each article is decoded (UTF-8; UTF-16 or UTF-32 with a byte-order mark; Windows-1258) and "
            "normalised to Unicode NFC.",
            "2. **Label**: lines are labelled as heading, caption, byline, boilerplate or body text.",
            "3. **Split**: body paragraphs are split into sentences; each segment keeps its character offsets.",
            _ALIGN_STEP if aligned else "4. **Translate**: segments of the kinds "
            + (", ".join(f"`{kind}`" for kind in translated_kinds) or "configured for translation")
            + f" are translated with `{model}` (revision `{revision}`, backend `{backend}`); other kinds keep "
            "an empty English side. Sentences longer than the model's input limit are translated in pieces "
            "and joined (`split_for_length`)." + _terms_step(settings, counts),
            "5. **Export**: rows are written with the fields below.",
        ]),
        "## Model and decoding",
        _table(("Setting", "Value"), [("model", model), ("model revision", revision), ("backend", backend)]
               + sorted((key, value) for key, value in settings.items() if key not in _SHOWN_SETTINGS)),
        "## Counts",
        _table(("Count", "Value"), sorted(counts.items())),
    ]
    if splits:
        sections += [
            "## Configs and splits",
            f"`{PAIRS_CONFIG}` (the default) holds one row per Vietnamese–English pair, ready to train on; "
            f"`{SEGMENTS_CONFIG}` holds every segment of every article, with its labels, including those "
            "without a pair. Splits are made by article, so no article appears in two splits; each article "
            "goes to a split by a seeded hash of its id.",
            _table(("Config / split", "Rows"), [
                (f"{config} / {split}", rows) for config, config_splits in splits.items() for split, rows in config_splits.items()
            ]),
        ]
    if filters:
        removed = _table(("Filter", "Effect"), list(filters.items()))
    elif run.get("drop_reasons") is not None:
        removed = "No rows were removed besides those the run's quality filter left out (below)."
    else:
        removed = "No rows were removed after translation."
    sections += ["## Filters", removed]
    if run.get("drop_reasons") is not None:
        sections += [
            "## Rows dropped by the quality filter",
            f"The run's quality filter left {counts.get('dropped', 0)} rows out (in `dropped.jsonl` of the output "
            "folder, not published), each with its `drop_reason` codes; rows per code (a row failing several "
            "filters counts for each):",
            _table(("drop_reason", "Rows"), list(run["drop_reasons"].items())) if run["drop_reasons"] else "None.",
        ]
    sections += [
        "## Fields",
        "\n".join(["| Field | Type | Description |", "| --- | --- | --- |"] + [
            f"| `{name}` | {_cell(_feature_type(feature))} | "
            f"{_cell(_ALIGNED_TRANSLATION if aligned and name == 'translation' else FIELD_DESCRIPTIONS.get(name, UNDOCUMENTED))} |"
            for name, feature in COLUMNS.items()
        ]),
        "## Limitations",
        "\n".join([
            *(_ALIGNED_LIMITS if aligned else _TRANSLATED_LIMITS),
            "- Segment kinds and sentence boundaries are found automatically and can be wrong.",
            "- The Vietnamese text is news as published: it can name real people and reflects its sources' views.",
        ]),
        "## Licence",
        f"Declared licence: `{licence}`. The Vietnamese source text remains subject to its publishers' terms; "
        "check them before redistributing.",
    ]
    if not aligned:
        model_licence = run.get("model_licence")
        sections.append(
            f"The English was made with `{model}`, whose licence is `{model_licence}`: its terms may apply to the "
            "translations too." if model_licence else
            f"The English was made with `{model}`, whose licence songngu does not know: check it before redistributing."
        )
    return "\n\n".join(sections) + "\n"


def render_card(
    run: dict,
    *,
    splits: dict[str, dict[str, int]] | None = None,
    filters: dict | None = None,
    licence: str = "other",
    pretty_name: str | None = None,
) -> str:
    """Render README.md (YAML header + body) for a run described by ``run.json``'s contents.

    ``splits`` maps each pushed config to its split names and row counts (adds the
    ``configs`` entries and a section on them); ``filters`` maps a filter name to what it did (shown as a table). Without
    ``splits``, the card of an output folder: its ``configs`` list exactly the shards of
    the manifest, so ``load_dataset(OUT)`` reads those and nothing else.
    """
    name = pretty_name or DEFAULT_PRETTY_NAME
    aligned = run.get("command") == "align"  # the English is the publisher's own, found and aligned
    counts = run.get("counts") or {}
    shards = run.get("shards")
    rows = sum(splits[SEGMENTS_CONFIG].values()) if splits else (
        sum(int(shard.get("rows", 0)) for shard in shards) if shards else int(counts.get("segments", 0))  # counts: the input's segments
    )
    card_data = DatasetCardData(
        language=["vi", "en"],
        license=licence,
        annotations_creators=["machine-generated"],  # the pairing (and, unless aligned, the English) is made by machine
        language_creators=["found"],
        multilinguality=["translation"],
        size_categories=[size_category(rows)],
        source_datasets=["original"],
        task_categories=["translation"],
        pretty_name=name,
        tags=["songngu", "aligned" if aligned else "machine-translated", "news"],
    )
    if splits:
        card_data["configs"] = [
            {"config_name": config, "data_files": config_data_files(config, config_splits), **({"default": True} if config == PAIRS_CONFIG else {})}
            for config, config_splits in splits.items()
        ]
    elif run.get("shards") is not None:
        shards = [shard["path"] for shard in run["shards"]]
        card_data["configs"] = [{"config_name": LOCAL_CONFIG, "data_files": [{"split": "train", "path": shards}]}]
    card = DatasetCard(f"---\n{card_data.to_yaml()}\n---\n\n{_body(run, splits, filters, licence, name)}")
    return str(card)
