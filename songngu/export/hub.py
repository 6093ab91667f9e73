"""Publish a ``songngu translate`` output directory as a Hugging Face dataset.

Order of work, so that nothing is uploaded before every check passed:
1. find a token (argument, ``HF_TOKEN``, ``hf auth login``) — none: one-line error;
2. read ``OUT/run.json`` and ``OUT/dataset``, drop rows overlapping the test sets,
   split by article (all local);
3. ask the Hub who owns the token (``whoami``) — rejected: one-line error;
4. create the repository if needed (refusing to push ``private`` data into an existing
   public repository);
5. commit our dataset card as README.md, then ``DatasetDict.push_to_hub(config_name="vi-en")``,
   which reads that card, keeps its header and body, refreshes ``configs`` and adds
   ``dataset_info`` — the final README is ours plus what ``load_dataset`` needs.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import datasets
from huggingface_hub import HfApi, get_token
from huggingface_hub.errors import HfHubHTTPError, HFValidationError, RepositoryNotFoundError
from huggingface_hub.utils import httpx, validate_repo_id

from songngu.errors import InputError, SongnguError
from songngu.export.card import CONFIG_NAME, DATA_DIR, render_card
from songngu.export.contamination import DROP_REASON_COLUMN, drop_overlaps, load_test_sets
from songngu.export.splits import split_by_article

NO_TOKEN_MESSAGE = "no Hugging Face token: run `hf auth login` or set HF_TOKEN"
REQUIRED_COLUMNS = ("id", "article_id", "translation")


class HubAuthError(SongnguError):
    """No Hugging Face token, or the Hub rejected it."""

    exit_code = 3


class HubError(SongnguError):
    """The Hub refused or failed a request while publishing."""

    exit_code = 4


@dataclass(frozen=True)
class PushResult:
    """What was published: where, how many rows and articles per split, what was left out."""

    repo_id: str
    repo_url: str
    commit: str
    private: bool
    splits: dict[str, int]
    articles: dict[str, int]
    dropped: int = 0
    dropped_by_side: dict[str, int] = field(default_factory=dict)
    dropped_ids: tuple[str, ...] = ()


def resolve_token(token: str | None = None) -> str:
    """The token to use: the argument, else ``HF_TOKEN``, else the one saved by ``hf auth login``."""
    found = token or get_token()
    if not found:
        raise HubAuthError(NO_TOKEN_MESSAGE)
    return found


def read_run(out_dir: Path) -> dict:
    """Load ``OUT/run.json``."""
    path = out_dir / "run.json"
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "not found; run `songngu translate -o OUT` first") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(path, f"not valid JSON ({error})") from None
    if not isinstance(run, dict):
        raise InputError(path, "expected a JSON object")
    return run


def read_dataset(out_dir: Path) -> datasets.Dataset:
    """Load ``OUT/dataset`` (written by ``Dataset.save_to_disk``) and check its columns."""
    path = out_dir / "dataset"
    if not path.is_dir():
        raise InputError(path, "no saved dataset here; run `songngu translate -o OUT` first")
    try:
        dataset = datasets.load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as error:
        raise InputError(path, f"cannot load the saved dataset ({error})") from None
    if not isinstance(dataset, datasets.Dataset):
        raise InputError(path, "expected one saved Dataset, found a DatasetDict")
    missing = [name for name in REQUIRED_COLUMNS if name not in dataset.column_names]
    if missing:
        raise InputError(path, f"missing column(s): {', '.join(missing)}")
    return dataset


def _one_line(error: Exception) -> str:
    if isinstance(error, HfHubHTTPError) and error.response is not None:
        detail = error.server_message or str(error)
        first = next((line.strip() for line in detail.splitlines() if line.strip()), "")
        return f"HTTP {error.response.status_code}: {first}"
    return " ".join(str(error).split()) or type(error).__name__


def check_token(api: HfApi, token: str) -> str:
    """Ask the Hub whose token this is; return the user name or raise a one-line error."""
    try:
        return api.whoami(token=token)["name"]
    except HfHubHTTPError as error:
        if error.response is not None and error.response.status_code == 401:
            raise HubAuthError(
                f"Hugging Face token rejected by {api.endpoint} (401): run `hf auth login` or set HF_TOKEN"
            ) from None
        raise HubError(f"cannot check the token at {api.endpoint}: {_one_line(error)}") from None
    except httpx.HTTPError as error:
        raise HubError(f"cannot reach {api.endpoint}: {_one_line(error)}") from None


def _ensure_repo(api: HfApi, repo_id: str, private: bool, token: str) -> tuple[str, bool]:
    """Create the dataset repo if missing; return its URL and whether it is private."""
    try:
        info = api.repo_info(repo_id, repo_type="dataset", token=token)
    except RepositoryNotFoundError:
        url = api.create_repo(repo_id, repo_type="dataset", private=private, token=token)
        return str(url), private
    if private and not info.private:
        raise HubError(f"{repo_id} already exists and is public; make it private on the Hub before pushing with --private")
    return f"{api.endpoint}/datasets/{repo_id}", bool(info.private)


def _filters(test_sets: list[Path], dropped: datasets.Dataset) -> dict[str, str] | None:
    if not test_sets:
        return None
    names = ", ".join(path.name for path in test_sets)
    return {
        "test-set overlap": f"dropped {len(dropped)} rows whose Vietnamese or English side equals a line of "
        f"{names} (compared after NFC, case folding and whitespace collapsing)",
    }


def push_dataset(
    out_dir: Path,
    repo_id: str,
    *,
    private: bool = False,
    token: str | None = None,
    exclude_test_sets: list[Path] | tuple[Path, ...] = (),
    validation: float = 0.1,
    test: float = 0.1,
    seed: int = 0,
    licence: str = "other",
    pretty_name: str | None = None,
) -> PushResult:
    """Publish ``OUT/dataset`` to the dataset repository ``repo_id`` (``USER/NAME``) as config ``vi-en``.

    Rows whose vi or en side appears in one of ``exclude_test_sets`` are not published;
    the rest is split by article into train/validation/test (empty splits left out).
    """
    out_dir = Path(out_dir)
    token = resolve_token(token)
    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise InputError(repo_id, "not a Hugging Face repository id (expected USER/NAME)") from None
    if repo_id.count("/") != 1:
        raise InputError(repo_id, "not a Hugging Face repository id (expected USER/NAME)")
    test_set_paths = [Path(path) for path in exclude_test_sets]
    run = read_run(out_dir)
    dataset = read_dataset(out_dir)
    kept, dropped = drop_overlaps(dataset, load_test_sets(test_set_paths))
    if len(kept) == 0:
        raise InputError(out_dir / "dataset", f"no rows left to publish ({len(dropped)} overlap the test sets)")
    split_dict = split_by_article(kept, validation=validation, test=test, seed=seed)
    split_rows = {name: len(split) for name, split in split_dict.items()}
    card = render_card(run, splits=split_rows, filters=_filters(test_set_paths, dropped),
                       licence=licence, pretty_name=pretty_name)

    api = HfApi(token=token)
    check_token(api, token)
    try:
        repo_url, is_private = _ensure_repo(api, repo_id, private, token)
        api.upload_file(path_or_fileobj=card.encode("utf-8"), path_in_repo="README.md", repo_id=repo_id,
                        repo_type="dataset", token=token, commit_message="Add dataset card (songngu)")
        commit = split_dict.push_to_hub(repo_id, config_name=CONFIG_NAME, data_dir=DATA_DIR, private=private,
                                        token=token, commit_message=f"Upload {CONFIG_NAME} data (songngu)")
    except HfHubHTTPError as error:
        raise HubError(f"pushing to {repo_id} failed: {_one_line(error)}") from None
    except httpx.HTTPError as error:
        raise HubError(f"pushing to {repo_id} failed: cannot reach {api.endpoint}: {_one_line(error)}") from None
    return PushResult(
        repo_id=repo_id,
        repo_url=repo_url,
        commit=commit.oid,
        private=is_private,
        splits=split_rows,
        articles={name: len(set(split["article_id"])) for name, split in split_dict.items()},
        dropped=len(dropped),
        dropped_by_side=dict(Counter(dropped[DROP_REASON_COLUMN])),
        dropped_ids=tuple(dropped["id"]),
    )
