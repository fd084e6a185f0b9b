"""Request bodies are limited: a huge JSON heartbeat or form post gets a polite 413 before it is
read, over a real gunicorn too, and no worker grows."""

from __future__ import annotations

import io
import json
import select
import socket
import time
from pathlib import Path

import pytest
from conftest import Gunicorn, write_config_file

from app.web.security import MAX_BODY_BYTES

BIG = 100 * 1024 * 1024  # a quarter of the 400 MB that grew a worker to 1.4 GB


def test_a_large_json_body_is_refused(client):
    body = json.dumps({"counter": "bapa-1", "software_version": "x" * (2 * MAX_BODY_BYTES)})
    response = client.post("/api/heartbeat", data=body, content_type="application/json")
    assert response.status_code == 413 and response.is_json


def test_a_large_form_is_refused_politely(client):
    page = client.post("/fr/search/missing", data={"token": "x", "message": "m" * (2 * MAX_BODY_BYTES)})
    assert page.status_code == 413 and '<html lang="fr"' in page.get_data(as_text=True)


def _chunked(client, body: bytes):
    # As gunicorn hands over a body sent in chunks: no Content-Length, the stream ends by itself.
    return client.post(
        "/fr/search/missing",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )


def test_a_large_form_sent_in_chunks_is_refused_not_cut_short(client):
    # Werkzeug alone would parse the first 64 KiB of it and drop the rest without a word.
    assert _chunked(client, b"token=x&message=" + b"m" * (2 * MAX_BODY_BYTES)).status_code == 413
    assert _chunked(client, b"token=x&message=short").status_code == 400  # read whole: only the token is wrong


def test_ordinary_bodies_pass(client):
    response = client.post("/api/heartbeat", json={"counter": "bapa-1", "software_version": "0.1.0"})
    assert response.status_code != 413
    # A note of a few thousand characters is a normal visitor's note: refused only for its token.
    assert client.post("/fr/search/missing", data={"token": "x", "message": "m" * 4000}).status_code == 400


def _workers(master: int) -> list[int]:
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            workers.append(int(stat.parent.name))
    return workers


def _all_workers(master: int, expected: int = 2) -> list[int]:
    """The master's workers once all have started (the first one answering does not mean the second
    has booted: on a busy machine it may take seconds)."""
    deadline = time.monotonic() + 60
    while len(_workers(master)) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return _workers(master)


def _memory(pids) -> int:
    """Resident memory of the processes together, in bytes."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def _post_until_answered(base_port: int, head: bytes, chunks) -> tuple[bytes, int]:
    """Send ``head`` then ``chunks`` until the server answers; (answer, body bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", base_port), timeout=60) as sock:
        sock.sendall(head)
        for chunk in chunks:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered before the whole body was sent
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        answer = b""
        try:
            while not answer.endswith(b"\r\n\r\n") and b"\r\n\r\n" not in answer:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except ConnectionResetError:
            pass
    return answer, sent


@pytest.fixture
def server(tmp_path, content_dir):
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(tmp_path, content_dir)))
    server.wait_until_ready()
    yield server
    server.stop()


@pytest.mark.server
@pytest.mark.slow
def test_huge_bodies_get_413_from_gunicorn_and_no_worker_grows(server):
    workers = _all_workers(server.process.pid)
    assert len(workers) == 2
    before = _memory(workers)
    megabyte = b"x" * (1024 * 1024)

    # A JSON heartbeat announced as 100 MB.
    head = (
        "POST /api/heartbeat HTTP/1.1\r\nHost: kiosk\r\nContent-Type: application/json\r\n"
        f"Content-Length: {BIG}\r\nConnection: close\r\n\r\n"
    ).encode()
    answer, sent = _post_until_answered(server.port, head, (megabyte for _ in range(BIG // len(megabyte))))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < BIG  # answered without waiting for the rest

    # A form sent in chunks, with no length announced: refused once it passes the limit.
    head = (
        b"POST /fr/search/missing HTTP/1.1\r\nHost: kiosk\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    chunk = b"%x\r\n" % len(megabyte) + megabyte + b"\r\n"
    answer, sent = _post_until_answered(server.port, head, (chunk for _ in range(BIG // len(megabyte))))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < BIG  # answered without waiting for the rest

    # The same workers, not restarted, and not grown by what was sent.
    assert sorted(_workers(server.process.pid)) == sorted(workers)
    assert _memory(workers) - before < 20 * 1024 * 1024
