"""Public form tokens are single-use: a token sent 300 times stores one answer, and every
answer of a cached page carries its own token."""

from __future__ import annotations

import gzip
import re
from datetime import date, timedelta

import pytest
from test_recorder_faults import stored

from app.models import Feedback, MissingReport, UsedFormToken
from app.recorder import Recorder

ON_BOTH_ENGINES = pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
ARTICLE = "/en/housing/rental-deposit"
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@ON_BOTH_ENGINES
def test_a_token_sent_300_times_stores_one_answer(db_app, database_url):
    client = db_app.test_client()
    token = TOKEN.search(client.get(ARTICLE).get_data(as_text=True)).group(1)
    recorder = db_app.extensions["recorder"]
    for n in range(300):
        # From many addresses, as a botnet would (each stays under the per-address rate limit).
        answer = client.post(
            ARTICLE + "/feedback",
            data={"token": token, "helpful": "no", "comment": "first" if n == 0 else "again"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n % 250}"},
        )
        assert answer.status_code == 303
        if n % 100 == 1:
            assert recorder.flush()  # later copies arrive after the first one was written
    assert recorder.flush()
    assert [row.comment for row in stored(database_url, Feedback)] == ["first"]
    # The search form's note, the same.
    page = client.get("/en/search?q=bicycle+repair").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    for _ in range(3):
        client.post("/en/search/missing", data={"token": token, "q": "bicycle repair", "message": "bike"})
    assert recorder.flush()
    assert len(stored(database_url, MissingReport)) == 1


@ON_BOTH_ENGINES
def test_every_answer_of_a_cached_page_has_its_own_token(db_app, database_url):
    client = db_app.test_client()
    first = client.get(ARTICLE)
    assert len(db_app.extensions["page_cache"]) == 1
    second = client.get(ARTICLE, headers={"Accept-Encoding": "gzip"})  # from the cache
    assert second.headers["Content-Encoding"] == "gzip"
    tokens = [TOKEN.search(first.get_data(as_text=True)).group(1)]
    tokens.append(TOKEN.search(gzip.decompress(second.get_data()).decode()).group(1))
    assert tokens[0] != tokens[1]
    # No ETag: a 304 would keep a used token in the browser.
    assert "ETag" not in second.headers and second.headers["Cache-Control"] == "no-store"
    for token in tokens:
        assert client.post(ARTICLE + "/feedback", data={"token": token, "helpful": "yes"}).status_code == 303
    assert db_app.extensions["recorder"].flush()
    assert len(stored(database_url, Feedback)) == 2
    # Pages without a form keep their ETag and are answered 304.
    etag = client.get("/en/").headers["ETag"]
    assert client.get("/en/", headers={"If-None-Match": etag}).status_code == 304


@ON_BOTH_ENGINES
def test_two_workers_given_the_same_token_store_one_answer(database_url):
    workers = [Recorder(database_url, flush_seconds=3600) for _ in range(2)]
    for recorder in workers:
        recorder.add_feedback("en", "housing", "rental-deposit", True, "", once="same-nonce")
        recorder.add_feedback("en", "housing", "rental-deposit", True, "", once="same-nonce")
    for recorder in workers:
        assert recorder.flush()
    assert len(stored(database_url, Feedback)) == 1
    for recorder in workers:
        recorder.close()


@ON_BOTH_ENGINES
def test_used_tokens_are_purged_after_two_days(database_url):
    days = iter([date.today() - timedelta(days=3), date.today()])
    recorder = Recorder(database_url, flush_seconds=3600, today=lambda: next(days))
    recorder.add_feedback("en", "housing", "rental-deposit", True, "", once="old")
    assert recorder.flush()
    recorder.today = date.today
    recorder.add_feedback("en", "housing", "rental-deposit", True, "", once="new")
    assert recorder.flush() and recorder.purge()
    assert [row.nonce for row in stored(database_url, UsedFormToken)] == ["new"]
    assert len(stored(database_url, Feedback)) == 2  # answers stay; only the nonces go
    recorder.close()


@pytest.mark.parametrize(
    "target", ["/en/housing/rental-deposit/feedback", "/ar/search/missing", '/fr/"quoted"\\path', "/uk/житло/відгук"]
)
def test_a_token_is_the_one_itsdangerous_makes_and_reads(target, monkeypatch):
    import time

    import app.public_forms
    from app.public_forms import FormTokens

    monkeypatch.setattr(app.public_forms.secrets, "token_urlsafe", lambda size: "n0nce-of_16chars")
    monkeypatch.setattr(time, "time", lambda: 1_796_000_000.5)
    tokens = FormTokens("a secret key of the site")
    token = tokens.token_for(target)
    assert token == tokens._serializer.dumps([target, "n0nce-of_16chars"])
    assert tokens.nonce(token, target) == "n0nce-of_16chars"
    assert tokens.nonce(token, target + "x") is None
    assert FormTokens("another site's key").nonce(token, target) is None
    payload, stamp, signature = token.split(".")
    assert tokens.nonce(f"{payload}.{stamp}.{signature[:-2]}AA", target) is None
