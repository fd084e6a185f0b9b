"""Rate limits on search and public forms: shared by every worker, no address kept."""

from __future__ import annotations

import multiprocessing

from app.ratelimit import SEARCH, Limit, SharedRateLimiter

VISITOR = "203.0.113.7"  # a documentation address, never a real one


def test_a_limit_per_minute_and_a_new_minute():
    limiter = SharedRateLimiter()
    small = Limit("test", 3)
    assert [limiter.allow(small, VISITOR, now=60.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow(small, "198.51.100.1", now=60.0)  # another client
    assert limiter.allow(small, VISITOR, now=120.0)  # the next minute


def test_the_limiter_itself_exempts_no_address():
    # Which browser is exempt (a counter's own, on its own server) is decided by the app:
    # tests/test_proxy.py.
    limiter = SharedRateLimiter()
    assert [limiter.allow(Limit("test", 1), "127.0.0.1") for _ in range(2)] == [True, False]
    assert [limiter.allow(Limit("test", 1), "::1") for _ in range(2)] == [True, False]


def _hit(limiter, results, n):
    results.put(sum(limiter.allow(Limit("shared", 50), VISITOR, now=60.0) for _ in range(n)))


def test_the_limit_holds_across_forked_workers():
    # Like gunicorn's workers: processes forked after the limiter was made.
    limiter = SharedRateLimiter()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_hit, args=(limiter, results, 40)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    allowed = sum(results.get() for _ in workers)
    assert allowed == 50  # 120 tries, 50 allowed in all


def test_no_address_is_kept():
    limiter = SharedRateLimiter()
    limiter.allow(SEARCH, VISITOR)
    memory = bytes(limiter._memory)
    assert VISITOR.encode() not in memory and b"203" not in memory


def test_search_over_the_limit_gets_a_polite_429(client):
    over = [
        client.get("/fr/search?q=garantie", environ_base={"REMOTE_ADDR": VISITOR}).status_code
        for _ in range(SEARCH.per_minute + 1)
    ]
    assert set(over[:-1]) == {200} and over[-1] == 429
    page = client.get("/fr/search?q=garantie", environ_base={"REMOTE_ADDR": VISITOR})
    assert page.status_code == 429 and '<html lang="fr"' in page.get_data(as_text=True)
    assert client.get("/api/search?q=x&lang=fr", environ_base={"REMOTE_ADDR": VISITOR}).status_code == 429
    # Pages other than searches are not limited.
    assert client.get("/fr/housing/", environ_base={"REMOTE_ADDR": VISITOR}).status_code == 200
