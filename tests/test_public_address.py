"""Issue 17.2: QR codes must open on a visitor's phone. The public address comes from the
configuration or KIOSK_PUBLIC_URL; while it is a loopback address a counter refuses to start and
a server warns."""

from __future__ import annotations

import logging

import pytest
from conftest import make_config

from app import create_app
from app.config import is_loopback_address, load_config


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.10.0.3", True),
        ("http://localhost:8000/", True),
        ("http://LOCALHOST.", True),
        ("http://[::1]:8000", True),
        ("https://kiosk.example", False),
        ("http://10.0.0.5:8000", False),
        ("https://info.brussels/kiosk", False),
        ("http://[2001:db8::1]", False),
    ],
)
def test_loopback_addresses(url, loopback):
    assert is_loopback_address(url) is loopback


def test_kiosk_public_url_overrides_the_file():
    shipped = load_config(environ={})
    assert shipped.public_url_is_loopback  # the shipped default: this machine only
    config = load_config(environ={"KIOSK_PUBLIC_URL": "https://info.example.be/"})
    assert config.public_base_url == "https://info.example.be"
    assert not config.public_url_is_loopback


def test_a_bad_kiosk_public_url_is_refused_with_its_name():
    from app.config import ConfigError

    with pytest.raises(ConfigError, match=r"KIOSK_PUBLIC_URL must be an http\(s\) address, not .info.example.be."):
        load_config(environ={"KIOSK_PUBLIC_URL": "info.example.be"})


def loopback_app(tmp_path, content_dir):
    app = create_app(make_config(tmp_path, content_dir, public_base_url="http://127.0.0.1:8000"))
    app.config.update(TESTING=True)
    return app


def test_a_counter_refuses_to_start_while_the_public_address_is_loopback(tmp_path, content_dir):
    client = loopback_app(tmp_path, content_dir).test_client()
    response = client.get("/kiosk/bapa-1")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "http://127.0.0.1:8000" in text and "KIOSK_PUBLIC_URL" in text
    assert "data-attract" not in text
    assert "set-cookie" not in response.headers  # the browser is not marked as a counter
    # Public pages keep working: only counters hand out QR codes to take home.
    assert client.get("/en/").status_code == 200


def test_a_counter_starts_with_a_public_address(client):
    response = client.get("/kiosk/bapa-1")
    assert response.status_code == 200
    assert "kiosk_counter=bapa-1" in response.headers["set-cookie"]


def test_a_server_warns_at_start_while_the_public_address_is_loopback(tmp_path, content_dir, caplog):
    with caplog.at_level(logging.WARNING, logger="app.kiosk"):
        loopback_app(tmp_path, content_dir)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("127.0.0.1:8000" in w and "KIOSK_PUBLIC_URL" in w for w in warnings), warnings
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="app.kiosk"):
        create_app(make_config(tmp_path, content_dir))
    assert not [r for r in caplog.records if "loopback" in r.getMessage()]
