"""A short form of `make loadtest`: concurrent clients while the index is rebuilt, then a soak.
No timing is asserted here: the figures are printed; errors and memory growth are asserted."""

from __future__ import annotations

import sys

import pytest
from conftest import free_port

from app.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))

import loadtest  # noqa: E402


@pytest.mark.server
@pytest.mark.slow
def test_load_while_rebuilding_then_soak(tmp_path, capsys):
    port = free_port()
    server = loadtest.start_server(port, tmp_path / "index")
    try:
        tally = loadtest.load(port, tmp_path / "index", clients=16, seconds=8, rebuilds=2)
        before, after, soaked = loadtest.soak(port, server.pid, requests=3000)
    finally:
        server.terminate()
        server.wait()
    with capsys.disabled():
        print(
            f"\nload: {len(tally.latencies)} requests in {tally.elapsed:.0f} s, statuses {tally.statuses}, "
            f"p50 {loadtest.percentile(tally.latencies, 0.5):.0f} ms; soak memory {sum(before)} → {sum(after)} KiB"
        )
    assert len(tally.latencies) > 100
    assert tally.server_errors == 0 and tally.failures == 0
    assert tally.empty_known == 0  # a rebuild never shows an empty index to a search
    assert set(soaked.statuses) == {200}
    assert sum(after) < sum(before) * 1.10
