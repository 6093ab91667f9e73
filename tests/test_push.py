"""End to end: `push_dataset` against a real local Hub server, then `load_dataset` back from it.

The push and the load each run in a fresh Python process, because huggingface_hub and
datasets read HF_ENDPOINT, HF_HOME and HF_HUB_DISABLE_XET when they are first imported.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import DatasetCard

from songngu.export.card import PAIRS_CONFIG, SEGMENTS_CONFIG
from songngu.export.hub import NO_TOKEN_MESSAGE
from songngu.export.rows import is_pair
from songngu.export.schema import FEATURES, PAIR_COLUMNS
from songngu.export.splits import split_of
from tests.helpers import write_output_folder
from tests.hub_server import HubServer

REPO_ROOT = Path(__file__).resolve().parents[1]
TOKEN = "hf_alice_test_token"
USER = "alice"

# First lines of the FLORES-200 devtest (vie_Latn / eng_Latn), CC BY-SA 4.0, Meta AI (NLLB team).
FLORES_VIE = [
    "“Chúng tôi hiện có đàn chuột 4 tháng tuổi đã hết bị tiểu đường,” ông nói thêm.",
    "Giống như một số chuyên gia khác, ông ấy hoài nghi về khả năng chữa bệnh tiểu đường, với lưu ý rằng "
    "các phát hiện này không liên quan tới người đã bị tiểu đường tuýp 1.",
]
FLORES_ENG = [
    '"We now have 4-month-old mice that are non-diabetic that used to be diabetic," he added.',
    "Like some other experts, he is skeptical about whether diabetes can be cured, noting that these findings "
    "have no relevance to people who already have Type 1 diabetes.",
]
SHARES = {"validation": 0.3, "test": 0.3}

PUSH_SCRIPT = """
import json, sys
from pathlib import Path
from songngu.errors import SongnguError
from songngu.export.hub import push_dataset
args = json.loads(sys.argv[1])
for call in args:
    try:
        result = push_dataset(Path(call["out"]), call["repo"], private=call.get("private", False),
                              token=call.get("token"), exclude_test_sets=[Path(p) for p in call.get("exclude", [])],
                              validation=call.get("validation", 0.3), test=call.get("test", 0.3))
    except SongnguError as error:
        print(error, file=sys.stderr)
        print(json.dumps({"error": str(error), "exit_code": error.exit_code}))
    else:
        print(json.dumps({"repo_url": result.repo_url, "private": result.private, "splits": result.splits,
                          "articles": result.articles, "dropped": result.dropped,
                          "dropped_by_side": result.dropped_by_side, "dropped_ids": list(result.dropped_ids),
                          "duplicates": result.duplicates, "line": result.line()}))
"""

LOAD_SCRIPT = """
import json, sys
import datasets
loaded = datasets.load_dataset(sys.argv[1], *sys.argv[2:])
print(json.dumps({
    "rows": {split: loaded[split].to_list() for split in loaded},
    "translation_feature": {split: type(loaded[split].features["translation"]).__name__ for split in loaded},
    "languages": loaded["train"].features["translation"].languages,
    "columns": loaded["train"].column_names,
}, ensure_ascii=False))
"""


def _row(article: str, segment: int, vi: str, en: str, kind: str = "sentence") -> dict:
    translated = kind == "sentence"
    row = {
        "id": f"{article}-{segment:04d}", "article_id": article, "source": f"news/{article}.txt", "paragraph": segment // 2,
        "sentence": segment % 2, "segment": segment, "start": segment * 100, "end": segment * 100 + len(vi), "kind": kind,
        "repeat_of": -1, "translated": translated, "split_for_length": False,
        "logprob": -0.25 * (segment + 1) if translated else None, "link": "1-1",
        "translation": {"vi": vi, "en": en if translated else ""},
        "model": "Helsinki-NLP/opus-mt-vi-en", "model_revision": "0123456789abcdef0123456789abcdef01234567",
    }
    return {name: row.get(name) for name in FEATURES}


def _rows() -> list[dict]:
    rows = []
    for number in range(6):
        article = f"vnexpress-{number}"
        rows.append(_row(article, 0, f"Tiêu đề bài {number}", "", kind="heading"))
        rows.append(_row(article, 1, f"Đây là câu đầu tiên của bài {number}.", f"This is the first sentence of article {number}."))
        rows.append(_row(article, 2, f"Câu thứ hai của bài {number}.", f"The second sentence of article {number}."))
    # One Vietnamese side equals a FLORES line up to case and spacing; one English side equals another.
    rows.append(_row("vnexpress-1", 3, "  " + FLORES_VIE[0].upper().replace(" ", "   "), "Mice no longer diabetic, he said."))
    rows.append(_row("vnexpress-3", 3, "Một câu khác hẳn.", FLORES_ENG[1]))
    # A pair repeating an earlier article's Vietnamese: published in segments, left out of pairs.
    rows.append(_row("vnexpress-5", 3, "Đây là câu đầu tiên của bài 0.", "This is the first sentence of article 0."))
    return rows


def _run_info() -> dict:
    return {
        "command": "translate", "model": "Helsinki-NLP/opus-mt-vi-en",
        "model_revision": "0123456789abcdef0123456789abcdef01234567", "backend": "transformers",
        "settings": {"num_beams": 4, "batch_size": 8, "device": "cpu", "translated_kinds": ["sentence"]},
        "counts": {"articles": 6, "segments": len(_rows()), "pairs": sum(map(is_pair, _rows()))},
    }


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    """A local Hub that knows one user; tree listings come in pages of 2 to exercise pagination."""
    with HubServer({TOKEN: USER}, tree_page_size=2) as server:
        yield server


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder written by songngu's own writer, in two shards."""
    out = tmp_path_factory.mktemp("run") / "OUT"
    write_output_folder(out, _rows(), _run_info(), chunk_rows=10)
    return out


@pytest.fixture(scope="module")
def test_sets(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Line-parallel FLORES-style test-set files."""
    folder = tmp_path_factory.mktemp("flores")
    vie, eng = folder / "devtest.vie", folder / "devtest.eng"
    vie.write_text("\n".join(FLORES_VIE) + "\n", encoding="utf-8")
    eng.write_text("\n".join(FLORES_ENG) + "\n", encoding="utf-8")
    return [vie, eng]


def _hub_env(hub: HubServer, home: Path, token: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE", "HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")}
    env.update(HF_ENDPOINT=hub.url, HF_HUB_DISABLE_XET="1", HF_HOME=str(home / "hf_home"),
               HF_DATASETS_CACHE=str(home / "datasets_cache"), HF_HUB_DISABLE_PROGRESS_BARS="1")
    if token is not None:
        env["HF_TOKEN"] = token
    return env


def _python(script: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def _push(hub: HubServer, home: Path, token: str | None, calls: list[dict]) -> tuple[list[dict], str]:
    done = _python(PUSH_SCRIPT, [json.dumps(calls)], _hub_env(hub, home, token))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")], done.stderr


@pytest.fixture(scope="module")
def pushed(hub: HubServer, out_dir: Path, test_sets: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Push OUT privately with the FLORES files excluded; return the PushResult as a dict."""
    [result], _ = _push(hub, tmp_path_factory.mktemp("push_home"), TOKEN, [
        {"out": str(out_dir), "repo": f"{USER}/vi-en-news", "private": True, "exclude": [str(p) for p in test_sets]},
    ])
    assert "error" not in result, result
    return result


def _expected_split(row: dict, validation: float = SHARES["validation"], test: float = SHARES["test"]) -> str:
    return split_of(row["article_id"], validation=validation, test=test)


def test_push_makes_one_commit_of_lfs_parquet_for_two_configs_and_the_card(hub: HubServer, pushed: dict) -> None:
    repo_id = f"{USER}/vi-en-news"
    assert hub.state.unknown == []
    repo = hub.state.repo("datasets", repo_id)
    assert repo is not None and repo.private and pushed["private"]
    assert pushed["repo_url"] == f"{hub.url}/datasets/{repo_id}"
    assert len(repo.commits) == 2  # the repository's creation, then one commit with data and card

    head = repo.resolve("main")
    parquet = sorted(path for path in head.files if path.endswith(".parquet"))
    assert parquet == sorted(
        f"{config}/{split}-00000.parquet" for config in (PAIRS_CONFIG, SEGMENTS_CONFIG) for split in pushed["splits"][config])
    assert all(head.files[path].lfs_sha256 for path in parquet)
    assert len(hub.state.requests_matching("PUT", r"^/lfs-storage/")) == len(parquet)

    card = DatasetCard(head.files["README.md"].content.decode("utf-8"))
    assert card.data.language == ["vi", "en"] and card.data.task_categories == ["translation"]
    configs = {config["config_name"]: config for config in card.data.configs}
    assert list(configs) == [PAIRS_CONFIG, SEGMENTS_CONFIG] and configs[PAIRS_CONFIG].get("default") is True
    assert {entry["split"]: entry["path"] for entry in configs[SEGMENTS_CONFIG]["data_files"]} == {
        split: f"{SEGMENTS_CONFIG}/{split}-*" for split in pushed["splits"][SEGMENTS_CONFIG]}
    assert "## How it was made" in card.text and "Helsinki-NLP/opus-mt-vi-en" in card.text
    assert "test-set overlap" in card.text and "dropped 2 rows" in card.text and "left 1 pair out" in card.text
    assert "| test-set overlaps dropped | 2 |" in card.text and f"| published segments | {len(_rows()) - 2} |" in card.text


def test_contaminated_rows_are_counted_and_not_pushed(pushed: dict) -> None:
    assert pushed["dropped"] == 2
    assert pushed["dropped_by_side"] == {"vi": 1, "en": 1}
    assert sorted(pushed["dropped_ids"]) == ["vnexpress-1-0003", "vnexpress-3-0003"]
    assert sum(pushed["splits"][SEGMENTS_CONFIG].values()) == len(_rows()) - 2
    assert pushed["duplicates"] == 1
    assert "2 rows dropped as test-set overlaps, 1 repeated pair left out of pairs" in pushed["line"]


def test_default_config_loads_pairs_and_segments_every_row(hub: HubServer, pushed: dict, tmp_path: Path) -> None:
    before = len(hub.state.requests)
    done = _python(LOAD_SCRIPT, [f"{USER}/vi-en-news"], _hub_env(hub, tmp_path, TOKEN))
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout.splitlines()[-1])
    downloads = [r for r in hub.state.requests[before:] if r.method == "GET" and "/resolve/" in r.path]
    assert downloads and all(r.user == USER for r in downloads)  # private repo: the token was sent
    assert pairs["columns"] == list(PAIR_COLUMNS)
    assert set(pairs["translation_feature"].values()) == {"Translation"} and pairs["languages"] == ["vi", "en"]
    published = [row for row in _rows() if row["id"] not in pushed["dropped_ids"]]
    expected_pairs = [row for row in published if is_pair(row) and row["id"] != "vnexpress-5-0003"]
    for split, rows in pairs["rows"].items():
        assert [row["id"] for row in rows] == [row["id"] for row in expected_pairs if _expected_split(row) == split]
        assert all(row["translation"]["vi"] and row["translation"]["en"] for row in rows)

    done = _python(LOAD_SCRIPT, [f"{USER}/vi-en-news", SEGMENTS_CONFIG], _hub_env(hub, tmp_path, TOKEN))
    assert done.returncode == 0, done.stderr
    segments = json.loads(done.stdout.splitlines()[-1])
    loaded = {row["id"]: row for rows in segments["rows"].values() for row in rows}
    assert loaded == {row["id"]: row for row in published}
    for split, rows in segments["rows"].items():
        assert {_expected_split(row) for row in rows} == {split}
    assert {split: len({row["article_id"] for row in rows}) for split, rows in segments["rows"].items()} == pushed["articles"]
    assert hub.state.unknown == []


def test_no_token_or_rejected_token_fails_in_one_line_before_any_upload(
    hub: HubServer, out_dir: Path, tmp_path: Path
) -> None:
    before = len(hub.state.requests)
    results, stderr = _push(hub, tmp_path, None, [
        {"out": str(out_dir), "repo": f"{USER}/never-created"},
        {"out": str(out_dir), "repo": f"{USER}/never-created", "token": "hf_not_a_real_token"},
    ])
    no_token, rejected = results
    assert no_token["error"] == NO_TOKEN_MESSAGE
    assert rejected["error"] == f"Hugging Face token rejected by {hub.url} (401): run `hf auth login` or set HF_TOKEN"
    assert stderr.splitlines() == [no_token["error"], rejected["error"]]
    assert no_token["exit_code"] == rejected["exit_code"] == 3
    seen = hub.state.requests[before:]
    assert [(r.method, r.path, r.status) for r in seen if r.path != "/api/agent-harnesses"] == [
        ("GET", "/api/whoami-v2", 401)]
    assert hub.state.repo("datasets", f"{USER}/never-created") is None


def test_a_failed_commit_leaves_the_repository_as_it_was_and_a_rerun_completes(
    hub: HubServer, out_dir: Path, tmp_path: Path
) -> None:
    repo_id = f"{USER}/flaky"
    [first], _ = _push(hub, tmp_path, TOKEN, [{"out": str(out_dir), "repo": repo_id, "validation": 0.0, "test": 0.0}])
    repo = hub.state.repo("datasets", repo_id)
    before = repo.resolve("main")
    hub.state.fail_next("commit", 500)
    [failed], _ = _push(hub, tmp_path, TOKEN, [{"out": str(out_dir), "repo": repo_id}])
    assert failed["exit_code"] == 4 and "HTTP 500" in failed["error"] and "unchanged" in failed["error"]
    assert repo.resolve("main") is before
    uploads = len(hub.state.requests_matching("PUT", r"^/lfs-storage/"))
    [again], _ = _push(hub, tmp_path, TOKEN, [{"out": str(out_dir), "repo": repo_id}])
    assert "error" not in again
    assert len(hub.state.requests_matching("PUT", r"^/lfs-storage/")) == uploads  # the failed push's uploads are reused
    head = repo.resolve("main")
    assert {path.split("/")[0] for path in head.files if path.endswith(".parquet")} == {PAIRS_CONFIG, SEGMENTS_CONFIG}
    assert sorted(path for path in head.files if path.startswith(f"{SEGMENTS_CONFIG}/")) == sorted(
        f"{SEGMENTS_CONFIG}/{split}-00000.parquet" for split in again["splits"][SEGMENTS_CONFIG])


def test_repush_replaces_files_and_refuses_private_into_public(hub: HubServer, out_dir: Path, tmp_path: Path) -> None:
    repo_id = f"{USER}/public-news"
    results, _ = _push(hub, tmp_path, TOKEN, [
        {"out": str(out_dir), "repo": repo_id},
        {"out": str(out_dir), "repo": repo_id, "validation": 0.0, "test": 0.0},
        {"out": str(out_dir), "repo": repo_id, "private": True},
        {"out": str(out_dir), "repo": "carol/elsewhere"},
    ])
    first, second, refused, forbidden = results
    assert not first["private"] and len(first["splits"][SEGMENTS_CONFIG]) > 1
    assert second["splits"][SEGMENTS_CONFIG] == {"train": len(_rows())}
    assert refused["error"] == f"{repo_id} already exists and is public; make it private on the Hub before pushing with --private"
    assert refused["exit_code"] == 2  # songngu's own refusal, not a failed Hub request (exit 4)
    assert forbidden["error"].startswith(
        "pushing to carol/elsewhere failed: HTTP 403: You don't have the rights to create a repository under carol")
    assert hub.state.unknown == []

    repo = hub.state.repo("datasets", repo_id)
    head = repo.resolve("main")
    assert sorted(path for path in head.files if path.endswith(".parquet")) == [
        f"{PAIRS_CONFIG}/train-00000.parquet", f"{SEGMENTS_CONFIG}/train-00000.parquet"]
    card = DatasetCard(head.files["README.md"].content.decode("utf-8"))
    assert [config["config_name"] for config in card.data.configs] == [PAIRS_CONFIG, SEGMENTS_CONFIG]
    assert "## Limitations" in card.text and "## Configs and splits" in card.text
    assert len(repo.commits) == 3  # creation, then one commit per push; the refused push added none
