"""Only provisioned counters become counters: a link from another site leaves a home browser as
it was, a marker the site did not sign is nobody's, and a browser marked by mistake has a way out."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import make_config

from app import create_app
from app.config import ConfigError
from app.counter import COUNTER_COOKIE

HOME = {"REMOTE_ADDR": "203.0.113.7"}  # a visitor's browser at home (a documentation address)
KEY = "s3cret-counter-key-0123456789"


def _marked(response) -> bool:
    """Whether the answer marks the browser as a counter (a deletion does not)."""
    cookie = response.headers.get("Set-Cookie", "")
    return cookie.startswith(f"{COUNTER_COOKIE}=") and not cookie.startswith(f"{COUNTER_COOKIE}=;")


def _on_counter(client, **environ) -> bool:
    return "data-counter=" in client.get("/en/housing/", environ_base=environ).text


@pytest.fixture
def keyed_app(indexed_config):
    app = create_app(replace(indexed_config, counter_key=KEY))
    app.config.update(TESTING=True)
    return app


def test_a_link_from_another_site_does_not_make_a_counter(client):
    response = client.get("/kiosk/bapa-1", environ_base=HOME)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert not _marked(response)
    assert not _on_counter(client, **HOME)


def test_a_provisioned_counter_starts_with_the_key_and_comes_back_without_it(keyed_app):
    client = keyed_app.test_client()
    assert not _marked(client.get("/kiosk/bapa-1?key=guess", environ_base=HOME))
    started = client.get(f"/kiosk/bapa-1?key={KEY}", environ_base=HOME)
    assert started.status_code == 200 and _marked(started)
    assert _on_counter(client, **HOME)
    # After each visitor the counter returns to its start address, which has no key.
    again = client.get("/kiosk/bapa-1", environ_base=HOME)
    assert again.status_code == 200 and _on_counter(client, **HOME)
    # The key marks counters, it is not a marker: another name needs the key again.
    assert client.get("/kiosk/other-2", environ_base=HOME).status_code == 303


def test_the_servers_own_browser_is_a_counter_a_proxy_on_the_same_host_is_not(client):
    through_proxy = client.get("/kiosk/bapa-1", headers={"X-Forwarded-For": "203.0.113.7"})
    assert through_proxy.status_code == 303 and not _marked(through_proxy)
    local = client.get("/kiosk/bapa-1")  # the test client comes from 127.0.0.1
    assert local.status_code == 200 and _marked(local)


def test_a_marker_the_site_did_not_sign_is_not_a_counter(client):
    # Set by hand, or by the start address before counters were provisioned.
    client.set_cookie(COUNTER_COOKIE, "bapa-1")
    assert not _on_counter(client, **HOME)


def test_a_browser_marked_by_mistake_has_a_way_out(client):
    client.get("/kiosk/bapa-1")
    assert _on_counter(client)
    response = client.get("/kiosk/leave")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert f"{COUNTER_COOKIE}=;" in response.headers["Set-Cookie"]
    assert not _on_counter(client)


def test_the_counter_key_is_a_real_secret(tmp_path, content_dir):
    assert make_config(tmp_path, content_dir).counter_key == ""
    with pytest.raises(ConfigError, match="counter_key"):
        make_config(tmp_path, content_dir, counter_key="short")
