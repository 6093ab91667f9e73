"""The local Hub's download contract (HEAD, Range, headers) and auth, checked over plain HTTP."""
from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request

import pytest

from tests.hub_server import HubServer, git_blob_oid

TOKEN = "hf_bob_token"


def _request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _json(url: str, payload: object, headers: dict | None = None, content_type: str = "application/json"):
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return _request(url, "POST", data, {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type,
                                        **(headers or {})})


@pytest.fixture
def hub_with_file():
    with HubServer({TOKEN: "bob"}) as hub:
        status, _, _ = _json(f"{hub.url}/api/repos/create", {"name": "demo", "type": "dataset", "visibility": "private"})
        assert status == 200
        commit = b"\n".join(json.dumps(line).encode() for line in [
            {"key": "header", "value": {"summary": "add notes", "description": ""}},
            {"key": "file", "value": {"path": "docs/notes.txt", "encoding": "base64",
                                      "content": base64.b64encode(b"0123456789").decode()}},
        ])
        status, _, body = _json(f"{hub.url}/api/datasets/bob/demo/commit/main", commit,
                                content_type="application/x-ndjson")
        assert status == 200, body
        yield hub, json.loads(body)["commitOid"]


def test_resolve_serves_hub_headers_head_and_ranges(hub_with_file) -> None:
    hub, commit = hub_with_file
    url = f"{hub.url}/datasets/bob/demo/resolve/main/docs/notes.txt"
    auth = {"Authorization": f"Bearer {TOKEN}"}

    status, headers, body = _request(url, "HEAD", headers=auth)
    assert status == 200 and body == b""
    assert headers["X-Repo-Commit"] == commit and len(commit) == 40
    assert headers["ETag"] == f'"{git_blob_oid(b"0123456789")}"' and headers["Content-Length"] == "10"

    assert _request(url, headers={**auth, "Range": "bytes=2-4"})[::2] == (206, b"234")
    assert _request(url, headers={**auth, "Range": "bytes=7-"})[::2] == (206, b"789")
    assert _request(url, headers={**auth, "Range": "bytes=-2"})[::2] == (206, b"89")
    assert _request(url, headers={**auth, "Range": "bytes=10-"})[0] == 416

    status, headers, _ = _request(f"{hub.url}/datasets/bob/demo/resolve/main/missing.txt", headers=auth)
    assert status == 404 and headers["X-Error-Code"] == "EntryNotFound"


def test_private_repos_are_hidden_and_writes_need_a_valid_token(hub_with_file) -> None:
    hub, _ = hub_with_file
    status, headers, _ = _request(f"{hub.url}/datasets/bob/demo/resolve/main/docs/notes.txt")
    assert status == 404 and headers["X-Error-Code"] == "RepoNotFound"
    status, _, _ = _request(f"{hub.url}/api/whoami-v2", headers={"Authorization": "Bearer wrong"})
    assert status == 401
    status, _, _ = _request(f"{hub.url}/api/repos/create", "POST", json.dumps({"name": "x"}).encode())
    assert status == 401


def test_lfs_objects_must_be_announced_and_match_their_hash(hub_with_file) -> None:
    hub, _ = hub_with_file
    content = b"PAR1 not really parquet"
    oid = hashlib.sha256(content).hexdigest()
    assert _request(f"{hub.url}/lfs-storage/{oid}", "PUT", content)[0] == 403
    status, _, body = _json(f"{hub.url}/datasets/bob/demo.git/info/lfs/objects/batch",
                            {"operation": "upload", "objects": [{"oid": oid, "size": len(content)}]})
    upload = json.loads(body)["objects"][0]["actions"]["upload"]["href"]
    assert status == 200 and upload == f"{hub.url}/lfs-storage/{oid}"
    assert _request(upload, "PUT", b"tampered")[0] == 400
    assert _request(upload, "PUT", content)[0] == 200
    assert hub.state.lfs_objects[oid] == content
