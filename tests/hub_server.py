"""A small in-memory Hugging Face Hub on 127.0.0.1 for tests.

It implements the endpoints that huggingface_hub 2.4 and datasets 5.2 call to create a
dataset repository, push Parquet shards through the LFS batch API, commit a dataset card
and load everything back: the home page (HEAD, songngu's reachability probe), whoami, repo create/info, tree listing (paginated), paths-info,
preupload, validate-yaml, LFS batch + upload + verify, commit (NDJSON) and file
resolution (GET/HEAD with Range), plus the agent-harness registry huggingface_hub fetches
for its user agent. Files live in memory; commits have 40-hex ids.

``HubState.fail_next(route, status)`` makes the next request of a route fail (a 500 on a commit,
say); ``HubState.hang(route)`` makes every later request of a route wait without an answer (a
stalled server) until the server stops, and ``HubState.drop_next(route, times)`` closes the
connection of the next requests without answering (a dropped connection). Every request is recorded in ``HubState.requests``; a request no route knows is printed
to stderr and recorded in ``HubState.unknown`` so that a test can fail on it.
Run ``python tests/hub_server.py`` to serve one by hand (it prints the URL and token).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import yaml

LFS_SUFFIXES = (".parquet", ".arrow", ".bin", ".safetensors", ".pt", ".zip", ".gz", ".zst", ".tar")
LFS_MIN_SIZE = 10 * 1024 * 1024
INITIAL_GITATTRIBUTES = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n*.arrow filter=lfs diff=lfs merge=lfs -text\n"
REPO_TYPE_PREFIXES = {"models": "", "datasets": "datasets/", "spaces": "spaces/"}
HUB_LICENCES = frozenset({
    "apache-2.0", "mit", "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0",
    "cc-by-nc-nd-4.0", "odc-by", "odbl", "pddl", "unknown", "other",
})
"""Some of the licence ids the Hub takes in a card (its list is longer); validate-yaml refuses any other, as the Hub does."""


def git_blob_oid(content: bytes) -> str:
    """The git object id of a blob with this content."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    """The git-lfs pointer file that stands in the git tree for an LFS object."""
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass(frozen=True)
class StoredFile:
    """A file in a commit: its bytes and, for LFS files, the sha256 of those bytes."""

    content: bytes
    lfs_sha256: str | None = None

    @property
    def size(self) -> int:
        """Size of the content in bytes."""
        return len(self.content)

    @property
    def git_oid(self) -> str:
        """The blob id git stores: of the content, or of the LFS pointer."""
        if self.lfs_sha256 is None:
            return git_blob_oid(self.content)
        return git_blob_oid(lfs_pointer(self.lfs_sha256, self.size))

    @property
    def etag(self) -> str:
        """The ETag the Hub serves: sha256 for LFS files, git blob id otherwise."""
        return self.lfs_sha256 or self.git_oid


@dataclass
class Commit:
    """One commit: its id, parent, title, date and full file tree."""

    oid: str
    parent: str | None
    title: str
    date: str
    files: dict[str, StoredFile]


@dataclass
class Repo:
    """A repository: its commits and branches."""

    repo_type: str
    repo_id: str
    private: bool
    created: str
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)

    def resolve(self, revision: str) -> Commit | None:
        """The commit a branch name or (full or abbreviated) commit id names, or None."""
        if revision in self.branches:
            return self.commits[self.branches[revision]]
        if re.fullmatch(r"[0-9a-f]{7,40}", revision):
            matches = [oid for oid in self.commits if oid.startswith(revision)]
            if len(matches) == 1:
                return self.commits[matches[0]]
        return None

    def last_commit_touching(self, start: Commit, path: str) -> Commit:
        """The most recent commit, from ``start`` back, that changed ``path`` (a file or folder)."""
        def snapshot(commit: Commit) -> tuple:
            return tuple(sorted((p, f.git_oid) for p, f in commit.files.items() if p == path or p.startswith(path + "/")))

        current = start
        while current.parent is not None:
            parent = self.commits[current.parent]
            if snapshot(parent) != snapshot(current):
                return current
            current = parent
        return current


@dataclass(frozen=True)
class RequestRecord:
    """One request the server answered."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    user: str | None


class HubError(Exception):
    """An error answer: HTTP status, Hub error code header and message."""

    def __init__(self, status: int, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code


class HubState:
    """Everything the server knows: users' tokens, repositories, LFS objects, request log."""

    def __init__(self, tokens: dict[str, str], tree_page_size: int = 1000) -> None:
        self.tokens = dict(tokens)
        self.tree_page_size = tree_page_size
        self.repos: dict[tuple[str, str], Repo] = {}
        self.lfs_objects: dict[str, bytes] = {}
        self.lfs_pending: set[str] = set()
        self.requests: list[RequestRecord] = []
        self.unknown: list[str] = []
        self.lock = threading.RLock()
        self.faults: dict[str, list[int]] = {}
        self.hanging: set[str] = set()
        self.drops: dict[str, int] = {}
        self.stopping = threading.Event()
        self._commit_counter = 0

    def fail_next(self, route: str, *statuses: int) -> None:
        """Answer the next requests of ``route`` (a handler name such as ``commit``) with these error statuses."""
        with self.lock:
            self.faults.setdefault(route, []).extend(statuses)

    def hang(self, route: str) -> None:
        """Let every later request of ``route`` wait, unanswered, until the server stops."""
        with self.lock:
            self.hanging.add(route)

    def drop_next(self, route: str, times: int = 1) -> None:
        """Close the connection of the next ``times`` requests of ``route`` without answering."""
        with self.lock:
            self.drops[route] = self.drops.get(route, 0) + times

    def requests_matching(self, method: str, pattern: str) -> list[RequestRecord]:
        """Recorded requests with this method whose path matches the regular expression."""
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def repo(self, repo_type: str, repo_id: str) -> Repo | None:
        """The repository, or None."""
        return self.repos.get((repo_type, repo_id))

    def new_commit(self, repo: Repo, parent: Commit | None, title: str, files: dict[str, StoredFile]) -> Commit:
        """Record a commit on ``main`` and return it."""
        self._commit_counter += 1
        listing = "\n".join(f"{p} {f.git_oid}" for p, f in sorted(files.items()))
        seed = f"{repo.repo_id}\n{parent.oid if parent else ''}\n{title}\n{self._commit_counter}\n{listing}"
        commit = Commit(hashlib.sha1(seed.encode()).hexdigest(), parent.oid if parent else None, title, _now(), files)
        repo.commits[commit.oid] = commit
        repo.branches["main"] = commit.oid
        return commit


Route = tuple[str, "re.Pattern[str]", str]
_REPO = r"(?P<repo_id>[^/]+/[^/]+)"
_TYPE = r"(?P<repo_type>models|datasets|spaces)"
_PREFIXED_REPO = r"(?P<prefix>datasets/|spaces/)?(?P<repo_id>[^/]+/[^/]+)"
ROUTES: list[Route] = [
    ("HEAD", re.compile(r"^/$"), "root"),
    ("GET", re.compile(r"^/api/whoami-v2$"), "whoami"),
    ("GET", re.compile(r"^/api/agent-harnesses$"), "agent_harnesses"),
    ("POST", re.compile(r"^/api/repos/create$"), "create_repo"),
    ("POST", re.compile(r"^/api/validate-yaml$"), "validate_yaml"),
    ("GET", re.compile(rf"^/api/{_TYPE}/{_REPO}$"), "repo_info"),
    ("GET", re.compile(rf"^/api/{_TYPE}/{_REPO}/revision/(?P<rev>[^/]+)$"), "repo_info"),
    ("GET", re.compile(rf"^/api/{_TYPE}/{_REPO}/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?$"), "tree"),
    ("POST", re.compile(rf"^/api/{_TYPE}/{_REPO}/paths-info/(?P<rev>[^/]+)$"), "paths_info"),
    ("POST", re.compile(rf"^/api/{_TYPE}/{_REPO}/preupload/(?P<rev>[^/]+)$"), "preupload"),
    ("POST", re.compile(rf"^/api/{_TYPE}/{_REPO}/commit/(?P<rev>[^/]+)$"), "commit"),
    ("POST", re.compile(rf"^/{_PREFIXED_REPO}\.git/info/lfs/objects/batch$"), "lfs_batch"),
    ("POST", re.compile(rf"^/{_PREFIXED_REPO}\.git/info/lfs/objects/verify$"), "lfs_verify"),
    ("PUT", re.compile(r"^/lfs-storage/(?P<oid>[0-9a-f]{64})$"), "lfs_store"),
    ("GET", re.compile(rf"^/{_PREFIXED_REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)$"), "resolve"),
    ("HEAD", re.compile(rf"^/{_PREFIXED_REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)$"), "resolve"),
]


@dataclass
class Answer:
    """A response to send: status, JSON-able body or raw bytes, extra headers."""

    status: int = 200
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


class HubRequestHandler(BaseHTTPRequestHandler):
    """Dispatches each request to the matching ``_h_<name>`` method."""

    protocol_version = "HTTP/1.1"
    server: "_HubHTTPServer"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Keep the test output quiet; the request log lives in ``HubState.requests``."""

    def do_GET(self) -> None:
        """Answer a GET."""
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        """Answer a HEAD."""
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        """Answer a POST."""
        self._dispatch("POST")

    def do_PUT(self) -> None:
        """Answer a PUT."""
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        """Answer a DELETE (no route uses it: logged as unknown)."""
        self._dispatch("DELETE")

    # -- plumbing -------------------------------------------------------------------------

    @property
    def state(self) -> HubState:
        """The shared server state."""
        return self.server.state

    @property
    def base_url(self) -> str:
        """The server's own URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _user(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        if not auth:
            return None
        token = auth.removeprefix("Bearer ").strip()
        user = self.state.tokens.get(token)
        if user is None:
            raise HubError(401, "Invalid credentials in Authorization header")
        return user

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        body = self._read_body()
        user: str | None = None
        for route_method, pattern, name in ROUTES:
            match = pattern.match(url.path) if route_method == method else None
            if match and self._stall(name, method, url.path, query):
                return
            if match:
                try:
                    user = self._user()
                    handler: Callable[..., Answer] = getattr(self, f"_h_{name}")
                    with self.state.lock:
                        fault = self.state.faults.get(name)
                        if fault:
                            raise HubError(fault.pop(0), f"hub_server: injected failure of {name}")
                        answer = handler(match.groupdict(), query, body, user)
                except HubError as error:
                    answer = Answer(error.status, {"error": error.message}, headers={"X-Error-Message": error.message})
                    if error.error_code:
                        answer.headers["X-Error-Code"] = error.error_code
                except Exception as error:  # a server bug: say so loudly, answer 500
                    print(f"hub_server: {method} {self.path} crashed: {error!r}", file=sys.stderr)
                    answer = Answer(500, {"error": f"hub_server crashed: {error!r}"})
                break
        else:
            message = f"hub_server: unknown request {method} {self.path}"
            print(message, file=sys.stderr)
            with self.state.lock:
                self.state.unknown.append(f"{method} {self.path}")
            answer = Answer(404, {"error": message}, headers={"X-Error-Message": message})
        with self.state.lock:
            self.state.requests.append(RequestRecord(method, unquote(url.path), query, answer.status, user))
        self._send(answer, head_only=method == "HEAD")

    def _stall(self, name: str, method: str, path: str, query: dict) -> bool:
        """Hang or drop this request when a test asked for it (recorded with status 0); True when it was not answered."""
        with self.state.lock:
            hang = name in self.state.hanging
            drop = not hang and self.state.drops.get(name, 0) > 0
            if drop:
                self.state.drops[name] -= 1
            if hang or drop:
                self.state.requests.append(RequestRecord(method, unquote(path), query, 0, None))
        if hang:
            self.state.stopping.wait()
        self.close_connection = hang or drop
        return hang or drop

    def _send(self, answer: Answer, head_only: bool) -> None:
        if answer.raw is not None:
            payload = answer.raw
        elif answer.body is not None:
            payload = json.dumps(answer.body).encode()
        else:
            payload = b""
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if not head_only:
            self.wfile.write(payload)

    # -- helpers --------------------------------------------------------------------------

    def _readable_repo(self, repo_type: str, repo_id: str, user: str | None) -> Repo:
        repo = self.state.repo(repo_type, repo_id)
        if repo is None or (repo.private and user != repo_id.split("/")[0]):
            raise HubError(404, "Repository not found", "RepoNotFound")
        return repo

    def _writable_repo(self, repo_type: str, repo_id: str, user: str | None) -> Repo:
        if user is None:
            raise HubError(401, "You must be authenticated to write to a repository")
        repo = self._readable_repo(repo_type, repo_id, user)
        if user != repo_id.split("/")[0]:
            raise HubError(403, f"You don't have the rights to write to {repo_id}")
        return repo

    @staticmethod
    def _commit_at(repo: Repo, revision: str) -> Commit:
        commit = repo.resolve(unquote(revision))
        if commit is None:
            raise HubError(404, f"Invalid rev id: {unquote(revision)}", "RevisionNotFound")
        return commit

    @staticmethod
    def _directories(commit: Commit) -> set[str]:
        folders: set[str] = set()
        for path in commit.files:
            parts = path.split("/")[:-1]
            folders.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        return folders

    def _entry(self, repo: Repo, commit: Commit, path: str, expand: bool) -> dict[str, Any]:
        stored = commit.files.get(path)
        if stored is not None:
            entry: dict[str, Any] = {"type": "file", "oid": stored.git_oid, "size": stored.size, "path": path}
            if stored.lfs_sha256 is not None:
                pointer_size = len(lfs_pointer(stored.lfs_sha256, stored.size))
                entry["lfs"] = {"oid": stored.lfs_sha256, "size": stored.size, "pointerSize": pointer_size}
        else:
            listing = "\n".join(f"{p} {f.git_oid}" for p, f in sorted(commit.files.items()) if p.startswith(path + "/"))
            entry = {"type": "directory", "oid": hashlib.sha1(listing.encode()).hexdigest(), "size": 0, "path": path}
        if expand:
            last = repo.last_commit_touching(commit, path)
            entry["lastCommit"] = {"id": last.oid, "title": last.title, "date": last.date}
        return entry

    @staticmethod
    def _card_data(commit: Commit) -> dict[str, Any] | None:
        readme = commit.files.get("README.md")
        if readme is None:
            return None
        match = re.match(r"^---\n(.*?)\n---\n", readme.content.decode("utf-8"), re.S)
        loaded = yaml.safe_load(match.group(1)) if match else None
        return loaded if isinstance(loaded, dict) else None

    # -- endpoints ------------------------------------------------------------------------

    def _h_root(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        """The home page, which songngu asks for to tell whether the Hub can be reached at all."""
        return Answer(raw=b"", content_type="text/html")

    def _h_whoami(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        if user is None:
            raise HubError(401, "Invalid credentials in Authorization header")
        return Answer(body={
            "type": "user", "id": hashlib.sha1(user.encode()).hexdigest()[:24], "name": user,
            "fullname": user.title(), "email": f"{user}@example.invalid", "emailVerified": True,
            "isPro": False, "orgs": [],
            "auth": {"type": "access_token", "accessToken": {"displayName": "tests", "role": "write"}},
        })

    def _h_agent_harnesses(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        return Answer(body={"standardEnvVars": [], "harnesses": {}})

    def _h_create_repo(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        if user is None:
            raise HubError(401, "You must be authenticated to create a repository")
        payload = json.loads(body)
        namespace = payload.get("organization") or user
        if namespace != user:
            raise HubError(403, f"You don't have the rights to create a repository under {namespace}")
        repo_type = (payload.get("type") or "model") + "s"
        repo_id = f"{namespace}/{payload['name']}"
        url = f"{self.base_url}/{REPO_TYPE_PREFIXES[repo_type]}{repo_id}"
        if self.state.repo(repo_type, repo_id) is not None:
            raise HubError(409, "You already created this repo")
        repo = Repo(repo_type, repo_id, payload.get("visibility") == "private", _now())
        self.state.repos[(repo_type, repo_id)] = repo
        self.state.new_commit(repo, None, "initial commit", {".gitattributes": StoredFile(INITIAL_GITATTRIBUTES)})
        return Answer(body={"url": url, "name": repo_id, "id": hashlib.sha1(repo_id.encode()).hexdigest()[:24]})

    def _h_validate_yaml(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        content = json.loads(body)["content"]
        match = re.match(r"^---\n(.*?)\n---\n", content, re.S)
        if match is None:
            return Answer(body={"errors": [], "warnings": [{"message": "empty or missing yaml metadata in repo card"}]})
        try:
            metadata = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            return Answer(400, {"errors": [{"message": f"YAML: {error}"}], "warnings": []})
        if not isinstance(metadata, dict):
            return Answer(400, {"errors": [{"message": "metadata must be a YAML mapping"}], "warnings": []})
        if "license" in metadata and metadata["license"] not in HUB_LICENCES:
            return Answer(400, {"errors": [{"message": f'"license" must be one of [{", ".join(sorted(HUB_LICENCES))}]'}],
                                "warnings": []})
        return Answer(body={"errors": [], "warnings": []})

    def _h_repo_info(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo = self._readable_repo(params["repo_type"], params["repo_id"], user)
        commit = self._commit_at(repo, params.get("rev") or "main")
        blobs = query.get("blobs", ["false"])[0].lower() == "true"
        siblings = []
        for path, stored in sorted(commit.files.items()):
            sibling: dict[str, Any] = {"rfilename": path}
            if blobs:
                sibling.update(size=stored.size, blobId=stored.git_oid)
                if stored.lfs_sha256:
                    pointer_size = len(lfs_pointer(stored.lfs_sha256, stored.size))
                    sibling["lfs"] = {"size": stored.size, "sha256": stored.lfs_sha256, "pointerSize": pointer_size}
            siblings.append(sibling)
        info = {
            "_id": hashlib.sha1(repo.repo_id.encode()).hexdigest()[:24], "id": repo.repo_id,
            "author": repo.repo_id.split("/")[0], "sha": commit.oid, "lastModified": commit.date,
            "createdAt": repo.created, "private": repo.private, "gated": False, "disabled": False,
            "downloads": 0, "likes": 0, "tags": [], "siblings": siblings,
        }
        card_data = self._card_data(commit)
        if card_data is not None:
            info["cardData"] = card_data
        expand = query.get("expand") or query.get("expand[]")
        if expand:
            info = {key: value for key, value in info.items() if key in set(expand) | {"_id", "id"}}
        return Answer(body=info)

    def _h_tree(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo = self._readable_repo(params["repo_type"], params["repo_id"], user)
        commit = self._commit_at(repo, params["rev"])
        folder = unquote(params.get("path") or "").strip("/")
        recursive = query.get("recursive", ["false"])[0].lower() == "true"
        expand = query.get("expand", ["false"])[0].lower() == "true"
        directories = self._directories(commit)
        if folder and folder not in directories:
            raise HubError(404, f"{folder} does not exist on {unquote(params['rev'])}", "EntryNotFound")
        prefix = folder + "/" if folder else ""
        candidates = sorted(p for p in set(commit.files) | directories if p.startswith(prefix))
        if not recursive:
            candidates = [p for p in candidates if "/" not in p[len(prefix):]]
        start = int(query.get("cursor", ["0"])[0])
        page = candidates[start : start + self.state.tree_page_size]
        headers = {}
        if start + self.state.tree_page_size < len(candidates):
            next_query = {key: values[0] for key, values in query.items()}
            next_query["cursor"] = str(start + self.state.tree_page_size)
            next_url = f"{self.base_url}{urlsplit(self.path).path}?{urlencode(next_query)}"
            headers["Link"] = f'<{next_url}>; rel="next"'
        return Answer(body=[self._entry(repo, commit, p, expand) for p in page], headers=headers)

    def _h_paths_info(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo = self._readable_repo(params["repo_type"], params["repo_id"], user)
        commit = self._commit_at(repo, params["rev"])
        if self.headers.get("Content-Type", "").startswith("application/json"):
            form = json.loads(body)
            paths, expand = form.get("paths", []), bool(form.get("expand"))
        else:
            form = parse_qs(body.decode(), keep_blank_values=True)
            paths, expand = form.get("paths", []), form.get("expand", ["False"])[0].lower() == "true"
        known = set(commit.files) | self._directories(commit)
        found = [p.strip("/") for p in paths if p.strip("/") in known]
        return Answer(body=[self._entry(repo, commit, p, expand) for p in found])

    def _h_preupload(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo = self._writable_repo(params["repo_type"], params["repo_id"], user)
        commit = self._commit_at(repo, params["rev"])
        answers = []
        for item in json.loads(body)["files"]:
            lfs = item["path"].endswith(LFS_SUFFIXES) or item["size"] >= LFS_MIN_SIZE
            existing = commit.files.get(item["path"])
            answers.append({
                "path": item["path"], "uploadMode": "lfs" if lfs else "regular", "shouldIgnore": False,
                "oid": existing.git_oid if existing else None,
            })
        return Answer(body={"files": answers, "commitOid": commit.oid})

    def _h_lfs_batch(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo_type = (params.get("prefix") or "models/").rstrip("/")
        self._writable_repo(repo_type, params["repo_id"], user)
        request = json.loads(body)
        if request.get("operation") != "upload":
            raise HubError(400, "hub_server only implements LFS uploads")
        verify_url = f"{self.base_url}/{params.get('prefix') or ''}{params['repo_id']}.git/info/lfs/objects/verify"
        objects = []
        for item in request["objects"]:
            answer: dict[str, Any] = {"oid": item["oid"], "size": item["size"], "authenticated": True}
            if item["oid"] not in self.state.lfs_objects:
                self.state.lfs_pending.add(item["oid"])
                answer["actions"] = {
                    "upload": {"href": f"{self.base_url}/lfs-storage/{item['oid']}", "header": {}},
                    "verify": {"href": verify_url, "header": {}},
                }
            objects.append(answer)
        return Answer(body={"transfer": "basic", "objects": objects, "hash_algo": "sha256"},
                      content_type="application/vnd.git-lfs+json")

    def _h_lfs_store(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        oid = params["oid"]
        if oid not in self.state.lfs_pending:
            raise HubError(403, f"no upload of {oid} was announced through the LFS batch API")
        if hashlib.sha256(body).hexdigest() != oid:
            raise HubError(400, f"uploaded content does not hash to {oid}")
        self.state.lfs_objects[oid] = body
        self.state.lfs_pending.discard(oid)
        return Answer(raw=b"", headers={"ETag": f'"{hashlib.md5(body).hexdigest()}"'})

    def _h_lfs_verify(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo_type = (params.get("prefix") or "models/").rstrip("/")
        self._writable_repo(repo_type, params["repo_id"], user)
        request = json.loads(body)
        stored = self.state.lfs_objects.get(request["oid"])
        if stored is None or len(stored) != request["size"]:
            raise HubError(404, f"LFS object {request['oid']} of size {request['size']} was not uploaded")
        return Answer(body={"success": True})

    def _h_commit(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo = self._writable_repo(params["repo_type"], params["repo_id"], user)
        branch = unquote(params["rev"])
        if branch not in repo.branches:
            raise HubError(400, f"hub_server commits only to existing branches, not {branch!r}")
        if query.get("create_pr"):
            raise HubError(400, "hub_server does not implement pull requests")
        head = repo.commits[repo.branches[branch]]
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        if not lines or lines[0].get("key") != "header":
            raise HubError(400, "commit payload must start with a header line")
        header = lines[0]["value"]
        parent = header.get("parentCommit")
        if parent is not None and repo.resolve(parent) is not head:
            raise HubError(412, f"parent commit {parent} is not the head of {branch}")
        files = dict(head.files)
        for line in lines[1:]:
            key, value = line["key"], line["value"]
            if key == "file":
                if value.get("encoding") != "base64":
                    raise HubError(400, f"unsupported encoding {value.get('encoding')!r}")
                files[value["path"]] = StoredFile(base64.b64decode(value["content"]))
            elif key == "lfsFile":
                content = self.state.lfs_objects.get(value["oid"])
                if content is None:
                    raise HubError(422, f"LFS pointer for {value['path']} points to an object never uploaded")
                files[value["path"]] = StoredFile(content, value["oid"])
            elif key == "deletedFile":
                if value["path"] not in files:
                    raise HubError(404, "A file with this name doesn't exist", "EntryNotFound")
                del files[value["path"]]
            elif key == "deletedFolder":
                folder = value["path"].rstrip("/") + "/"
                files = {p: f for p, f in files.items() if not p.startswith(folder)}
            else:
                raise HubError(400, f"unknown commit operation {key!r}")
        commit = self.state.new_commit(repo, head, header.get("summary") or "", files)
        commit_url = f"{self.base_url}/{REPO_TYPE_PREFIXES[repo.repo_type]}{repo.repo_id}/commit/{commit.oid}"
        return Answer(body={"success": True, "commitOid": commit.oid, "commitUrl": commit_url,
                            "hookOutput": "", "pullRequestUrl": None})

    def _h_resolve(self, params: dict, query: dict, body: bytes, user: str | None) -> Answer:
        repo_type = (params.get("prefix") or "models/").rstrip("/")
        repo = self._readable_repo(repo_type, params["repo_id"], user)
        commit = self._commit_at(repo, params["rev"])
        path = unquote(params["path"])
        stored = commit.files.get(path)
        if stored is None:
            raise HubError(404, f"{path} does not exist at {commit.oid}", "EntryNotFound")
        headers = {"X-Repo-Commit": commit.oid, "ETag": f'"{stored.etag}"', "Accept-Ranges": "bytes"}
        if stored.lfs_sha256 is not None:
            headers.update({"X-Linked-Etag": f'"{stored.lfs_sha256}"', "X-Linked-Size": str(stored.size)})
        content = stored.content
        range_header = self.headers.get("Range")
        if not range_header:
            return Answer(raw=content, headers=headers, content_type="application/octet-stream")
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", range_header.strip())
        if match is None or match.groups() == ("", ""):
            raise HubError(400, f"unsupported Range header {range_header!r}")
        first, last = match.groups()
        if first == "":
            start, end = max(stored.size - int(last), 0), stored.size - 1
        else:
            start, end = int(first), min(int(last), stored.size - 1) if last else stored.size - 1
        if start >= stored.size or start > end:
            headers["Content-Range"] = f"bytes */{stored.size}"
            return Answer(416, raw=b"", headers=headers)
        headers["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
        return Answer(206, raw=content[start : end + 1], headers=headers, content_type="application/octet-stream")


class _HubHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: HubState) -> None:
        super().__init__(("127.0.0.1", 0), HubRequestHandler)
        self.state = state


class HubServer:
    """A running in-memory Hub: ``with HubServer({"tok": "alice"}) as hub: hub.url ...``."""

    def __init__(self, tokens: dict[str, str], tree_page_size: int = 1000) -> None:
        self.state = HubState(tokens, tree_page_size=tree_page_size)
        self._server = _HubHTTPServer(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, name="hub-server", daemon=True)

    @property
    def url(self) -> str:
        """Base URL to use as ``HF_ENDPOINT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "HubServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def file(self, repo_id: str, path: str, repo_type: str = "datasets", revision: str = "main") -> StoredFile | None:
        """The file at ``path`` in a repository revision, or None."""
        with self.state.lock:
            repo = self.state.repo(repo_type, repo_id)
            commit = repo.resolve(revision) if repo else None
            return commit.files.get(path) if commit else None


if __name__ == "__main__":
    with HubServer({"hf_test_token": "tester"}) as hub:
        print(f"HF_ENDPOINT={hub.url} HF_TOKEN=hf_test_token HF_HUB_DISABLE_XET=1", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
