"""The dataset card: a YAML header the Hub and datasets accept, and a body that explains the data."""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCard

from songngu.export.card import FIELD_DESCRIPTIONS, PAIRS_CONFIG, SEGMENTS_CONFIG, render_card, size_category
from songngu.export.schema import FEATURES
from tests.helpers import write_output_folder

RUN = {
    "songngu_version": "0.1.0",
    "command": "translate",
    "model": "facebook/nllb-200-distilled-600M",
    "model_revision": "f8d333a098d19b4fd9a8b18f94170487ad3f821d",
    "backend": "ctranslate2",
    "settings": {"backend": "ctranslate2", "num_beams": 5, "batch_size": 16, "device": "cuda", "translated_kinds": ["sentence", "heading"]},
    "counts": {"articles": 3, "segments": 1234, "pairs": 1100},
    "created": "2025-05-01T12:00:00+00:00",
}


def _header(card_text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", card_text, re.S)
    assert match, "card must start with a YAML block"
    return yaml.safe_load(match.group(1))


def test_card_has_required_metadata() -> None:
    text = render_card(RUN)
    header = _header(text)
    assert header["language"] == ["vi", "en"]
    assert header["task_categories"] == ["translation"]
    assert header["annotations_creators"] == ["machine-generated"]
    assert header["language_creators"] == ["found"]
    assert header["multilinguality"] == ["translation"]
    assert header["license"] == "other"
    assert header["size_categories"] == ["1K<n<10K"]
    assert header["pretty_name"]
    assert "configs" not in header and "dataset_info" not in header
    assert DatasetCard(text).data.to_dict()["language"] == ["vi", "en"]


def test_body_states_how_the_data_was_made_and_each_setting_once() -> None:
    text = DatasetCard(render_card(RUN)).text
    for fact in ("songngu 0.1.0", "facebook/nllb-200-distilled-600M", "f8d333a098d19b4fd9a8b18f94170487ad3f821d",
                 "ctranslate2", "| num_beams | 5 |", "| batch_size | 16 |", "| device | cuda |",
                 "`sentence`, `heading`", "| segments | 1234 |", "| pairs | 1100 |", "machine-generated"):
        assert fact in text, fact
    assert text.count("| backend |") == 1
    assert "No rows were removed" in text
    assert "## Configs and splits" not in text


def test_fields_table_explains_every_column() -> None:
    text = render_card(RUN)
    for name in FEATURES:
        assert re.search(rf"^\| `{name}` \| [^|]+ \| .+ \|$", text, re.M), name
        assert FIELD_DESCRIPTIONS.get(name), f"card.FIELD_DESCRIPTIONS lacks the schema column {name!r}"
    assert "| `translation` | translation (vi, en) |" in text


def test_pushed_card_declares_pairs_as_default_and_segments() -> None:
    splits = {PAIRS_CONFIG: {"train": 800, "test": 40}, SEGMENTS_CONFIG: {"train": 880, "validation": 60, "test": 40}}
    filters = {"test-set overlap": "dropped 3 rows | matching FLORES"}
    text = render_card(RUN, splits=splits, filters=filters, licence="cc-by-4.0", pretty_name="My vi-en news")
    card = DatasetCard(text)
    assert card.data.license == "cc-by-4.0" and card.data.pretty_name == "My vi-en news"
    assert card.data.size_categories == ["n<1K"]
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    assert list(configs) == [PAIRS_CONFIG, SEGMENTS_CONFIG]
    assert configs[PAIRS_CONFIG]["data_files"] == [{"split": split, "path": f"pairs/{split}-*"} for split in ("train", "test")]
    assert configs.get_default_config_name() == PAIRS_CONFIG
    assert "| segments / train | 880 |" in card.text and "| pairs / test | 40 |" in card.text
    assert "| test-set overlap | dropped 3 rows \\| matching FLORES |" in card.text


def test_aligned_run_is_not_called_machine_translated() -> None:
    card = DatasetCard(render_card({**RUN, "command": "align", "model": "reference"}))
    text = card.text
    assert "machine-generated English" not in text and "published English version" in text
    assert "the machine translation" not in text  # the fields table said so of the publisher's English
    assert "machine-translated" not in card.data.tags and "aligned" in card.data.tags
    assert "machine-translated" in DatasetCard(render_card(RUN)).data.tags


def test_size_categories_buckets() -> None:
    assert [size_category(n) for n in (0, 999, 1_000, 250_000, 5_000_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "100K<n<1M", "1M<n<10M"]


def test_output_folder_card_lists_exactly_the_manifest_shards(tmp_path: Path) -> None:
    row = {
        "id": "a1-0000", "article_id": "a1", "paragraph": 0, "sentence": 0, "segment": 0, "start": 0, "end": 4,
        "kind": "sentence", "repeat_of": -1, "translated": True, "split_for_length": False,
        "translation": {"vi": "Chào", "en": "Hello"}, "model": RUN["model"], "model_revision": RUN["model_revision"],
    }
    manifest = write_output_folder(tmp_path / "OUT", [row, {**row, "id": "a1-0001", "segment": 1}], RUN, chunk_rows=1)
    card = DatasetCard.load(tmp_path / "OUT" / "README.md")
    assert card.data.task_categories == ["translation"]
    assert "facebook/nllb-200-distilled-600M" in card.text
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    assert configs["default"]["data_files"] == [{"split": "train", "path": [shard["path"] for shard in manifest["shards"]]}]
    assert len(manifest["shards"]) == 2


def test_the_card_documents_every_link_type_the_aligner_can_produce() -> None:
    import inspect

    from songngu.align import align_sentences
    from songngu.align.model import link_types
    from songngu.export.card import FIELD_DESCRIPTIONS

    max_merge = inspect.signature(align_sentences).parameters["max_merge"].default
    described = FIELD_DESCRIPTIONS["link"]
    assert all(f"`{a}-{b}`" in described for a, b in link_types(max_merge))
    assert "any number" in described  # paragraph context: unmatched English joins a pair (1-4, 1-5...)


def test_a_filtered_runs_card_does_not_say_no_rows_were_removed() -> None:
    """Every --filter run's card said "No rows were removed after translation." above the rows its filter dropped."""
    text = DatasetCard(render_card({**RUN, "filtered": True, "drop_reasons": {"length_ratio": 3},
                                    "counts": {**RUN.get("counts", {}), "dropped": 3}})).text
    assert "No rows were removed after translation." not in text
    assert "besides those the run's quality filter left out" in text and "length_ratio" in text
    assert "No rows were removed after translation." in DatasetCard(render_card(RUN)).text
