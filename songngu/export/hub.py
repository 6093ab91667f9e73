"""Publish an output folder to the Hugging Face Hub, streaming, in one commit.

Order of work, so that nothing is uploaded before every check passed and a failure leaves the
repository as it was:

1. check the repository id, read the folder's manifest (an unfinished or damaged folder is
   refused) and the test sets;
2. find a token (argument, ``HF_TOKEN``, ``hf auth login``) — none: one-line error (exit 3);
3. ask the Hub who owns the token (``whoami``) — rejected: one-line error (exit 3);
4. stream the shards once: each row goes to its split (a hash of its article id, so no global
   list is needed), rows overlapping a test set are left out, and rows are written to Parquet
   files of two configs — ``pairs`` (the default: one row per pair, ready to train on; an exact
   repeat of a pair already published is left out) and ``segments`` (every row with its labels);
5. create the repository if needed (refusing to push ``--private`` data into a public one),
   upload the Parquet files (LFS), then make **one** commit that adds them, removes files of an
   earlier push, and writes the dataset card last. If anything fails, the repository keeps its
   previous state (a repository this push created stays, empty: the Hub cannot create one in a
   commit); running the same push again reuses the uploaded files. A Hub API request refused
   with HTTP 403 (the token may not create or write that repository) or 401 (the token was revoked
   during the push) is exit 3, as a rejected token is: running the push again cannot help.

Every request gives up when the Hub sends nothing for ``SONGNGU_HUB_TIMEOUT`` seconds (default
60); huggingface_hub retries an upload or LFS request that timed out, dropped or got a 5xx five
times, with back-off, before the push fails in one line (exit 4).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from huggingface_hub import CommitOperationAdd, CommitOperationDelete, DatasetCard, HfApi, get_token
from huggingface_hub.errors import HfHubHTTPError, HFValidationError, RepositoryNotFoundError
from huggingface_hub.utils import httpx, validate_repo_id

from songngu.errors import EXIT_HUB, EXIT_HUB_AUTH, InputError, Interrupted, SongnguError, UsageError
from songngu.export.card import PAIRS_CONFIG, SEGMENTS_CONFIG, render_card
from songngu.export.contamination import MIN_SENTENCE_WORDS, HeldOutText, load_test_sets, normalise_segment, overlap_reason
from songngu.export.manifest import iter_rows, read_manifest
from songngu.export.rows import is_pair
from songngu.export.schema import COLUMNS, PAIR_COLUMNS, arrow_schema, columns_of
from songngu.export.splits import SPLIT_ORDER, check_fractions, split_of
from songngu.paths import given_path
from songngu.processes import process_alive
from songngu.progress import Progress
from songngu.translate.licence import licence_conflict
from songngu.wording import plural

NO_TOKEN_MESSAGE = "no Hugging Face token: run `hf auth login` or set HF_TOKEN"
ROWS_PER_FILE = 250_000
ROWS_PER_WRITE = 10_000
CONFIG_COLUMNS = {PAIRS_CONFIG: columns_of(PAIR_COLUMNS), SEGMENTS_CONFIG: COLUMNS}
OUR_FOLDERS = (PAIRS_CONFIG, SEGMENTS_CONFIG, "vi-en")
"""Folders a push replaces in the repository (``vi-en`` is where songngu 0.1 pushed)."""
TIMEOUT_VARIABLE = "SONGNGU_HUB_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
"""Seconds a Hub request may wait for the server (connect, send, answer) before it counts as failed."""
SCRATCH_PREFIX = "songngu-push-"
"""Prefix of a push's scratch folder in the temporary directory: ``songngu-push-PID-RANDOM``."""


class HubAuthError(SongnguError):
    """No Hugging Face token, or the Hub rejected it, or refused it the rights to write a repository (HTTP 403)."""

    exit_code = EXIT_HUB_AUTH


class HubError(SongnguError):
    """The Hub refused or failed a request while publishing."""

    exit_code = EXIT_HUB


@dataclass(frozen=True)
class PushResult:
    """What was published: where, rows per config and split, articles per split, what was left out."""

    repo_id: str
    repo_url: str
    commit: str
    private: bool
    splits: dict[str, dict[str, int]]
    articles: dict[str, int]
    dropped: int = 0
    dropped_by_side: dict[str, int] = field(default_factory=dict)
    dropped_ids: tuple[str, ...] = ()
    duplicates: int = 0

    def line(self) -> str:
        """The one line ``songngu push`` prints."""
        visibility = "private" if self.private else "public"
        configs = "; ".join(
            f"{config}: " + ", ".join(f"{split} {rows:,}" for split, rows in splits.items())
            for config, splits in self.splits.items()
        )
        articles = ", ".join(f"{split} {count:,}" for split, count in self.articles.items())
        return (
            f"{self.repo_url} ({visibility}): {configs} rows; articles {articles}; "
            f"{plural(self.dropped, 'row')} dropped as test-set overlaps, "
            f"{plural(self.duplicates, 'repeated pair')} left out of {PAIRS_CONFIG}"
        )


def resolve_token(token: str | None = None) -> str:
    """The token to use: the argument, else ``HF_TOKEN``, else the one saved by ``hf auth login``."""
    found = token or get_token()
    if not found:
        raise HubAuthError(NO_TOKEN_MESSAGE)
    return found


def hub_timeout() -> float:
    """Seconds a Hub request may stall: ``SONGNGU_HUB_TIMEOUT``, else ``DEFAULT_TIMEOUT``."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise UsageError(f"{TIMEOUT_VARIABLE}={value!r}: give the seconds a Hub request may wait, e.g. 60")
    return seconds


def limit_hub_requests(seconds: float) -> None:
    """Make every huggingface_hub request in this process give up after ``seconds`` without progress."""
    from huggingface_hub.utils import get_session

    get_session().timeout = httpx.Timeout(seconds)


def _one_line(error: Exception) -> str:
    if isinstance(error, RuntimeError) and isinstance(error.__cause__, (HfHubHTTPError, httpx.HTTPError)):
        return _one_line(error.__cause__)  # huggingface_hub wraps a failed LFS upload in a RuntimeError
    if isinstance(error, httpx.TimeoutException):
        return f"the Hub sent nothing for {hub_timeout():g} s ({TIMEOUT_VARIABLE})"
    if isinstance(error, (httpx.RemoteProtocolError, httpx.NetworkError)):
        detail = " ".join(str(error).split()) or type(error).__name__
        return f"the connection failed ({detail})"
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
            fix = ("the one in HF_TOKEN: set HF_TOKEN to a valid token, or unset it to use the one `hf auth login` saves"
                   if os.environ.get("HF_TOKEN") == token else "run `hf auth login` or set HF_TOKEN")
            raise HubAuthError(f"Hugging Face token rejected by {api.endpoint} (401): {fix}") from None
        raise HubError(f"cannot check the token at {api.endpoint}: {_one_line(error)}") from None
    except httpx.HTTPError as error:
        raise HubError(f"cannot reach {api.endpoint}: {_one_line(error)}") from None


def check_licence(api: HfApi, licence: str) -> None:
    """Ask the Hub whether a dataset card may declare ``licence``, before the corpus is streamed: a licence
    it does not know is a usage error (exit 2) rather than a push refused after every upload."""
    try:  # a JSON string is a YAML scalar, whatever the licence holds
        DatasetCard(f"---\nlicense: {json.dumps(licence)}\n---\n").validate(repo_type="dataset")
    except ValueError as error:
        raise UsageError(f"--license {licence}: the Hub does not take it in a dataset card ({_validation_reason(str(error))}); "
                         "give a Hub licence id such as cc-by-4.0 or cc-by-nc-4.0, or other") from None
    except (HfHubHTTPError, httpx.HTTPError) as error:
        raise HubError(f"cannot check the licence at {api.endpoint}: {_one_line(error)}") from None


def _validation_reason(text: str) -> str:
    """The first problem the Hub's card validation names: its JSON ``errors`` or, as text, its first line (200 characters at most)."""
    try:
        found = json.loads(text)
        reason = found["errors"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        reason = next((line.strip() for line in text.splitlines() if line.strip()), "refused")
    return str(reason)[:200]


class _SeenPairs:
    """The Vietnamese of pairs already published, on disk, so memory stays flat on any corpus."""

    def __init__(self, folder: Path) -> None:
        self._db = sqlite3.connect(folder / "seen.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE seen (key INTEGER PRIMARY KEY)")

    def first_time(self, text: str) -> bool:
        """True the first time ``text`` (case and spacing aside) is seen."""
        key = int.from_bytes(hashlib.blake2b(normalise_segment(text).encode(), digest_size=8).digest(), "big", signed=True)
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (key,)).rowcount == 1

    def close(self) -> None:
        self._db.close()


class _SplitFiles:
    """Parquet files of one config, per split, rolled over every ``ROWS_PER_FILE`` rows."""

    def __init__(self, folder: Path, config: str) -> None:
        self.folder = folder
        self.config = config
        self.columns = CONFIG_COLUMNS[config]
        self.rows: Counter[str] = Counter()
        self.files: list[tuple[str, Path]] = []
        self._writers: dict[str, object] = {}
        self._pending: dict[str, list[dict]] = {}
        self._counts: Counter[str] = Counter()

    def add(self, split: str, row: dict) -> None:
        pending = self._pending.setdefault(split, [])
        pending.append({name: row.get(name) for name in self.columns})
        if len(pending) >= ROWS_PER_WRITE:
            self._flush(split)

    def _flush(self, split: str) -> None:
        import pyarrow.parquet as pq

        from songngu.export.shards import COMPRESSION, rows_table

        pending = self._pending.get(split)
        if not pending:
            return
        if split not in self._writers:
            path_in_repo = f"{self.config}/{split}-{self._counts[split]:05d}.parquet"
            local = self.folder / path_in_repo
            local.parent.mkdir(parents=True, exist_ok=True)
            self._writers[split] = pq.ParquetWriter(local, arrow_schema(self.columns), compression=COMPRESSION)
            self.files.append((path_in_repo, local))
            self._counts[split] += 1
        self._writers[split].write_table(rows_table(pending, self.columns))
        self.rows[split] += len(pending)
        self._pending[split] = []
        if self.rows[split] >= ROWS_PER_FILE * self._counts[split]:
            self._writers.pop(split).close()

    def close(self) -> dict[str, int]:
        for split in list(self._pending):
            self._flush(split)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        return {split: self.rows[split] for split in SPLIT_ORDER if self.rows[split]}


def push_dataset(
    out_dir: str | Path,
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
    show_progress: bool = False,
    on_note: Callable[[str], None] | None = None,
) -> PushResult:
    """Publish output folder ``out_dir`` to the dataset repository ``repo_id`` (``USER/NAME``).

    ``on_note`` receives a one-line warning when ``licence`` allows more than the translation
    model's licence (``cc-by-4.0`` on output of a ``cc-by-nc-4.0`` model).

    Rows whose vi or en side appears in one of ``exclude_test_sets`` (a whole line, or a sentence of
    one: see :mod:`songngu.export.contamination`) are not published; the rest go to
    train/validation/test by a seeded hash of their article id (see :mod:`songngu.export.splits`).
    See the module docstring for the order of work.
    """
    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise UsageError(f"{repo_id}: not a Hugging Face repository id (expected USER/NAME)") from None
    if repo_id.count("/") != 1:
        raise UsageError(f"{repo_id}: not a Hugging Face repository id (expected USER/NAME)")
    check_fractions(validation, test)
    manifest = read_manifest(given_path(out_dir, "out_dir"))
    if on_note is not None and licence_conflict(licence, manifest.data.get("model_licence")):
        on_note(f"warning: --license {licence} allows commercial use, but the English was made with "
                f"{manifest.data.get('model')}, licensed {manifest.data['model_licence']}: consider --license "
                f"{manifest.data['model_licence']}")
    held_out = load_test_sets([given_path(path, "exclude_test_sets") for path in exclude_test_sets])
    timeout = hub_timeout()
    token = resolve_token(token)
    limit_hub_requests(timeout)
    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)  # its retry notes; the failure is reported in one line
    if not show_progress:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    api = HfApi(token=token)
    check_token(api, token)
    check_licence(api, licence)
    try:
        return _push(api, manifest, repo_id, token, held_out, exclude_test_sets, private=private, validation=validation,
                     test=test, seed=seed, licence=licence, pretty_name=pretty_name, show_progress=show_progress)
    except KeyboardInterrupt:  # before anything was sent (the upload says what it left)
        raise Interrupted(f"interrupted: {repo_id} is unchanged; run the push again") from None


def _push(api: HfApi, manifest, repo_id: str, token: str, held_out: HeldOutText, exclude_test_sets, *, private: bool,
          validation: float, test: float, seed: int, licence: str, pretty_name: str | None, show_progress: bool) -> PushResult:
    """Stream the shards into per-split Parquet files of both configs, upload them, commit once."""
    out_dir = manifest.folder
    remove_dead_scratch_folders()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as scratch:
        folder = Path(scratch)
        configs = {config: _SplitFiles(folder, config) for config in (PAIRS_CONFIG, SEGMENTS_CONFIG)}
        seen = _SeenPairs(folder)
        dropped_ids: list[str] = []
        dropped_sides: Counter[str] = Counter()
        articles: Counter[str] = Counter()
        previous_article = None
        duplicates = 0
        progress = Progress("splitting", sum(shard.rows for shard in manifest.shards), unit="rows", rate_unit="rows", enabled=show_progress)
        for number, row in enumerate(iter_rows(manifest), start=1):
            if number % 10_000 == 0:
                progress.advance(10_000, 10_000)
            translation = row["translation"]
            reason = overlap_reason(translation["vi"], translation["en"], held_out) if held_out else None
            if reason:
                dropped_ids.append(row["id"])
                dropped_sides[reason] += 1
                continue
            split = split_of(row["article_id"], validation=validation, test=test, seed=seed)
            if row["article_id"] != previous_article:  # an article's rows are consecutive
                articles[split] += 1
                previous_article = row["article_id"]
            configs[SEGMENTS_CONFIG].add(split, row)
            if is_pair(row):
                if seen.first_time(translation["vi"]):
                    configs[PAIRS_CONFIG].add(split, row)
                else:
                    duplicates += 1
        progress.close()
        seen.close()
        splits = {config: files.close() for config, files in configs.items()}
        if not splits[SEGMENTS_CONFIG]:
            raise InputError(out_dir, f"no rows left to publish ({len(dropped_ids)} overlap the test sets)")
        if not splits[PAIRS_CONFIG]:  # the card's default config would list no file, and load_dataset(repo) fail
            overlaps = f"; {plural(len(dropped_ids), 'row')} overlap the test sets" if dropped_ids else ""
            left = plural(sum(splits[SEGMENTS_CONFIG].values()), "row")
            raise InputError(out_dir, f"no pair to publish: of the {left} left, none is a pair (each is untranslated, "
                             f"one-sided or a repeat){overlaps}; nothing was sent")
        published = {**manifest.data, "counts": {
            **manifest.counts, "published segments": sum(splits[SEGMENTS_CONFIG].values()),
            "published pairs": sum(splits[PAIRS_CONFIG].values()), "test-set overlaps dropped": len(dropped_ids),
            "repeated pairs left out": duplicates,
        }}
        card = render_card(published, splits=splits, filters=_filters(exclude_test_sets, len(dropped_ids), duplicates),
                           licence=licence, pretty_name=pretty_name)
        files = [entry for config in configs.values() for entry in config.files]
        commit, repo_url, is_private = _upload(api, repo_id, private, token, files, card, show_progress)
    return PushResult(
        repo_id=repo_id,
        repo_url=repo_url,
        commit=commit,
        private=is_private,
        splits=splits,
        articles={split: articles[split] for split in SPLIT_ORDER if articles[split]},
        dropped=len(dropped_ids),
        dropped_by_side=dict(dropped_sides),
        dropped_ids=tuple(dropped_ids),
        duplicates=duplicates,
    )


def remove_dead_scratch_folders(directory: str | Path | None = None) -> list[Path]:
    """Remove the scratch folders (copies of a corpus) of pushes whose process is gone, e.g. killed; return them."""
    removed = []
    for folder in Path(directory or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _filters(test_sets: list[Path] | tuple[Path, ...], dropped: int, duplicates: int) -> dict[str, str]:
    filters = {
        "repeated pairs": f"left {plural(duplicates, 'pair')} out of the `{PAIRS_CONFIG}` config because the same Vietnamese "
        "(case and spacing aside) was already published in an earlier pair; the `segments` config keeps them",
    }
    if test_sets:
        names = ", ".join(Path(path).name for path in test_sets)
        filters["test-set overlap"] = (
            f"dropped {plural(dropped, 'row')} whose Vietnamese or English side equals a line of {names} or contains, "
            f"as whole words, a sentence of one with at least {MIN_SENTENCE_WORDS} words (split with songngu's sentence "
            "splitter; compared after NFC, case folding and whitespace collapsing)"
        )
    return filters


def _ensure_repo(api: HfApi, repo_id: str, private: bool, token: str) -> tuple[str, bool, bool]:
    """Create the dataset repo if missing; return its URL, whether it is private and whether this call created it."""
    try:
        info = api.repo_info(repo_id, repo_type="dataset", token=token)
    except RepositoryNotFoundError:
        url = api.create_repo(repo_id, repo_type="dataset", private=private, token=token)
        return str(url), private, True
    if private and not info.private:
        raise UsageError(f"{repo_id} already exists and is public; make it private on the Hub before pushing with --private")
    return f"{api.endpoint}/datasets/{repo_id}", bool(info.private), False


def _upload(api: HfApi, repo_id: str, private: bool, token: str, files: list[tuple[str, Path]], card: str, show_progress: bool) -> tuple[str, str, bool]:
    """Upload the data files, then one commit: the files, the removal of stale ones, the card last."""
    created = committing = False
    try:
        repo_url, is_private, created = _ensure_repo(api, repo_id, private, token)
        existing = api.list_repo_files(repo_id, repo_type="dataset", token=token)
        additions = [CommitOperationAdd(path_in_repo=path, path_or_fileobj=str(local)) for path, local in files]
        progress = Progress("uploading", len(additions), unit="files", rate_unit="files", enabled=show_progress)
        for operation in additions:
            api.preupload_lfs_files(repo_id, [operation], repo_type="dataset", token=token)
            progress.advance(1, 1)
        progress.close()
        ours = {path for path, _ in files}
        stale = [
            CommitOperationDelete(path_in_repo=path)
            for path in existing
            if path.split("/", 1)[0] in OUR_FOLDERS and "/" in path and path not in ours
        ]
        card_operation = CommitOperationAdd(path_in_repo="README.md", path_or_fileobj=card.encode("utf-8"))
        committing = True
        commit = api.create_commit(
            repo_id, operations=[*additions, *stale, card_operation], repo_type="dataset", token=token,
            commit_message="Upload pairs and segments with their dataset card (songngu)",
        )
    except KeyboardInterrupt as error:
        raise Interrupted(f"interrupted while pushing to {repo_id}: {_state_after_failure(api, repo_id, created, committing, error)}; "
                          "run the push again (files already uploaded are not sent twice)") from None
    except (HfHubHTTPError, httpx.HTTPError, RuntimeError) as error:
        if isinstance(error, RuntimeError) and not isinstance(error.__cause__, (HfHubHTTPError, httpx.HTTPError)):
            raise
        failed = f"pushing to {repo_id} failed: {_one_line(error)}; {_state_after_failure(api, repo_id, created, committing, error)}"
        status = error.response.status_code if isinstance(error, HfHubHTTPError) and error.response is not None else None
        if status == 401:  # the token was revoked or expired after whoami accepted it
            raise HubAuthError(f"{failed}; the Hub no longer accepts the token: run `hf auth login` or set HF_TOKEN, "
                               "then push again") from None
        if status == 403:
            namespace = repo_id.split("/", 1)[0]
            raise HubAuthError(f"{failed}; the token has no rights to write under {namespace}: check its permissions at "
                               f"{api.endpoint}/settings/tokens (write access, to {namespace} too if it is an organisation), "
                               "or push under your own name") from None
        raise HubError(f"{failed}; run the push again (files already uploaded are not sent twice)") from None
    return commit.oid, repo_url, is_private


def _state_after_failure(api: HfApi, repo_id: str, created: bool, committing: bool, error: BaseException) -> str:
    """What a failed push left in the repository, in words."""
    if committing and not isinstance(error, HfHubHTTPError):
        return f"the commit may have gone through or not: see {api.endpoint}/datasets/{repo_id}/tree/main"
    if created:
        return f"{repo_id} was created by this push and holds only the .gitattributes the Hub creates it with"
    return "the repository is unchanged"
