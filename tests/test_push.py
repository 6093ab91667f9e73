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

from songngu.export.card import CONFIG_NAME
from songngu.export.hub import NO_TOKEN_MESSAGE
from songngu.export.output import write_output
from songngu.export.schema import FEATURES
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
                              validation=call.get("validation", 0.1), test=call.get("test", 0.1))
    except SongnguError as error:
        print(error, file=sys.stderr)
        print(json.dumps({"error": str(error), "exit_code": error.exit_code}))
    else:
        print(json.dumps({"repo_url": result.repo_url, "private": result.private, "splits": result.splits,
                          "articles": result.articles, "dropped": result.dropped,
                          "dropped_by_side": result.dropped_by_side, "dropped_ids": list(result.dropped_ids)}))
"""

LOAD_SCRIPT = """
import json, sys
import datasets
loaded = datasets.load_dataset(sys.argv[1], sys.argv[2])
print(json.dumps({
    "rows": {split: loaded[split].to_list() for split in loaded},
    "translation_feature": {split: type(loaded[split].features["translation"]).__name__ for split in loaded},
    "languages": loaded["train"].features["translation"].languages,
}, ensure_ascii=False))
"""


def _row(article: str, segment: int, vi: str, en: str, kind: str = "sentence") -> dict:
    translated = kind == "sentence"
    row = {
        "id": f"{article}-{segment:04d}", "article_id": article, "paragraph": segment // 2, "sentence": segment % 2,
        "segment": segment, "start": segment * 100, "end": segment * 100 + len(vi), "kind": kind, "repeat_of": -1,
        "translated": translated, "split_for_length": False, "logprob": -0.25 * (segment + 1) if translated else None,
        "translation": {"vi": vi, "en": en if translated else ""},
        "model": "Helsinki-NLP/opus-mt-vi-en", "model_revision": "0123456789abcdef0123456789abcdef01234567",
    }
    return {name: row.get(name) for name in FEATURES}  # columns added to the schema later stay null


def _rows() -> list[dict]:
    rows = []
    for number in range(5):
        article = f"vnexpress-{number}"
        rows.append(_row(article, 0, f"Tiêu đề bài {number}", "", kind="heading"))
        rows.append(_row(article, 1, f"Đây là câu đầu tiên của bài {number}.", f"This is the first sentence of article {number}."))
        rows.append(_row(article, 2, f"Câu thứ hai của bài {number}.", f"The second sentence of article {number}."))
    # One Vietnamese side equals a FLORES line up to case and spacing; one English side equals another.
    rows.append(_row("vnexpress-1", 3, "  " + FLORES_VIE[0].upper().replace(" ", "   "), "Mice no longer diabetic, he said."))
    rows.append(_row("vnexpress-3", 3, "Một câu khác hẳn.", FLORES_ENG[1]))
    return rows


def _run_info(rows: list[dict]) -> dict:
    articles = sorted({row["article_id"] for row in rows})
    return {
        "songngu_version": "0.1.0", "model": "Helsinki-NLP/opus-mt-vi-en",
        "model_revision": "0123456789abcdef0123456789abcdef01234567", "backend": "transformers",
        "settings": {"num_beams": 4, "batch_size": 8, "device": "cpu", "translated_kinds": ["sentence"]},
        "articles": articles, "counts": {"articles": len(articles), "segments": len(rows), "pairs": len(rows) - 5},
        "created": "2025-05-01T12:00:00+00:00",
    }


@pytest.fixture(scope="module")
def hub() -> Iterator[HubServer]:
    """A local Hub that knows one user; tree listings come in pages of 2 to exercise pagination."""
    with HubServer({TOKEN: USER}, tree_page_size=2) as server:
        yield server


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder written by songngu's own writer (dataset, run.json, README.md, JSONL)."""
    out = tmp_path_factory.mktemp("run") / "OUT"
    rows = _rows()
    write_output(out, rows, _run_info(rows))
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


def test_push_creates_private_repo_with_lfs_parquet_and_card(hub: HubServer, pushed: dict) -> None:
    repo_id = f"{USER}/vi-en-news"
    assert hub.state.unknown == []
    repo = hub.state.repo("datasets", repo_id)
    assert repo is not None and repo.private and pushed["private"]
    assert pushed["repo_url"] == f"{hub.url}/datasets/{repo_id}"
    assert len(hub.state.requests_matching("POST", r"^/api/repos/create$")) == 1

    head = repo.resolve("main")
    parquet = sorted(path for path in head.files if path.endswith(".parquet"))
    assert parquet == sorted(f"{CONFIG_NAME}/{split}-00000-of-00001.parquet" for split in pushed["splits"])
    assert all(head.files[path].lfs_sha256 for path in parquet)
    assert set(hub.state.lfs_objects) >= {head.files[path].lfs_sha256 for path in parquet}
    assert len(hub.state.requests_matching("PUT", r"^/lfs-storage/")) == len(parquet)
    assert hub.state.requests_matching("POST", rf"^/datasets/{repo_id}\.git/info/lfs/objects/batch$")

    readme = head.files["README.md"]
    assert readme.lfs_sha256 is None
    card = DatasetCard(readme.content.decode("utf-8"))
    assert card.data.language == ["vi", "en"] and card.data.task_categories == ["translation"]
    [config] = card.data.configs
    assert config["config_name"] == CONFIG_NAME
    assert {entry["split"]: entry["path"] for entry in config["data_files"]} == {
        split: f"{CONFIG_NAME}/{split}-*" for split in pushed["splits"]}
    info = card.data.dataset_info
    assert info["config_name"] == CONFIG_NAME
    assert {split["name"]: split["num_examples"] for split in info["splits"]} == pushed["splits"]
    assert "## How it was made" in card.text and "Helsinki-NLP/opus-mt-vi-en" in card.text
    assert "test-set overlap" in card.text and "dropped 2 rows" in card.text


def test_contaminated_rows_are_counted_and_not_pushed(pushed: dict) -> None:
    assert pushed["dropped"] == 2
    assert pushed["dropped_by_side"] == {"vi": 1, "en": 1}
    assert sorted(pushed["dropped_ids"]) == ["vnexpress-1-0003", "vnexpress-3-0003"]
    assert sum(pushed["splits"].values()) == len(_rows()) - 2


def test_load_dataset_from_the_hub_returns_the_pushed_rows(
    hub: HubServer, pushed: dict, tmp_path: Path
) -> None:
    before = len(hub.state.requests)
    done = _python(LOAD_SCRIPT, [f"{USER}/vi-en-news", CONFIG_NAME], _hub_env(hub, tmp_path, TOKEN))
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert hub.state.unknown == []
    downloads = [r for r in hub.state.requests[before:] if r.method == "GET" and "/resolve/" in r.path]
    assert downloads and all(r.user == USER for r in downloads)  # private repo: the token was sent

    assert set(loaded["translation_feature"].values()) == {"Translation"}
    assert loaded["languages"] == ["vi", "en"]
    expected = {row["id"]: row for row in _rows() if row["id"] not in pushed["dropped_ids"]}
    split_of_article: dict[str, str] = {}
    for split, rows in loaded["rows"].items():
        assert len(rows) == pushed["splits"][split]
        for row in rows:
            assert split_of_article.setdefault(row["article_id"], split) == split
        original_order = [row_id for row_id in expected if expected[row_id]["article_id"] in
                          {row["article_id"] for row in rows}]
        assert [row["id"] for row in rows] == original_order
    loaded_rows = {row["id"]: row for rows in loaded["rows"].values() for row in rows}
    assert loaded_rows == expected
    assert {split: len({a for a, s in split_of_article.items() if s == split}) for split in loaded["rows"]} == pushed["articles"]


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
    assert no_token["exit_code"] == rejected["exit_code"] != 0
    seen = hub.state.requests[before:]
    assert [(r.method, r.path, r.status) for r in seen if r.path != "/api/agent-harnesses"] == [
        ("GET", "/api/whoami-v2", 401)]
    assert hub.state.repo("datasets", f"{USER}/never-created") is None


def test_repush_replaces_splits_and_keeps_our_card_and_refuses_private_into_public(
    hub: HubServer, out_dir: Path, tmp_path: Path
) -> None:
    repo_id = f"{USER}/public-news"
    results, _ = _push(hub, tmp_path, TOKEN, [
        {"out": str(out_dir), "repo": repo_id},
        {"out": str(out_dir), "repo": repo_id, "validation": 0.0, "test": 0.0},
        {"out": str(out_dir), "repo": repo_id, "private": True},
        {"out": str(out_dir), "repo": "carol/elsewhere"},
    ])
    first, second, refused, forbidden = results
    assert set(first["splits"]) == {"train", "validation", "test"} and not first["private"]
    assert second["splits"] == {"train": len(_rows())}
    assert refused["error"] == f"{repo_id} already exists and is public; make it private on the Hub before pushing with --private"
    assert forbidden["error"] == (
        "pushing to carol/elsewhere failed: HTTP 403: You don't have the rights to create a repository under carol")
    assert hub.state.unknown == []

    repo = hub.state.repo("datasets", repo_id)
    head = repo.resolve("main")
    assert sorted(path for path in head.files if path.startswith(f"{CONFIG_NAME}/")) == [
        f"{CONFIG_NAME}/train-00000-of-00001.parquet"]
    card = DatasetCard(head.files["README.md"].content.decode("utf-8"))
    assert card.data.configs == [{"config_name": CONFIG_NAME,
                                  "data_files": [{"split": "train", "path": f"{CONFIG_NAME}/train-*"}]}]
    assert [split["name"] for split in card.data.dataset_info["splits"]] == ["train"]
    assert "## Limitations" in card.text and "## Splits" in card.text
    assert len(repo.commits) == 5  # initial, card + data for each of the two pushes; the refused push added none
