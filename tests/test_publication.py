"""A publication reaches every page without a visitor waiting for the content to load, and
staff pages read the files as they are now, loading them once per change."""

from __future__ import annotations

import threading
import time

import pytest
from conftest import LANGUAGES, article_file, write

from app.content import load_content
from app.search import build_index


def spy_on_loads(kiosk) -> list[str]:
    """The names of the threads that load the content folder from now on."""
    loads: list[str] = []
    load = kiosk.load_content

    def recorded_load():
        loads.append(threading.current_thread().name)
        return load()

    kiosk.load_content = recorded_load
    return loads


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.slow  # waits for the watcher to load the publication (2 s)
def test_a_publication_is_loaded_once_off_the_request_path(app, content_dir, indexed_config):
    client = app.test_client()
    loads = spy_on_loads(app.extensions["kiosk"])
    assert "<h1>Garantie locative</h1>" in page(client, "/fr/housing/rental-deposit")
    french = content_dir / "housing" / "rental-deposit" / "fr.md"
    french.write_text(french.read_text("utf-8").replace("Garantie locative", "Garantie de loyer"), "utf-8")
    assert "<h1>Garantie locative</h1>" in page(client, "/fr/housing/rental-deposit")  # not published yet

    build_index(load_content(content_dir, LANGUAGES), indexed_config.index_dir)
    deadline = time.monotonic() + 30
    while "<h1>Garantie de loyer</h1>" not in page(client, "/fr/housing/rental-deposit"):
        if time.monotonic() > deadline:
            pytest.fail("the published edit never reached the page")
        time.sleep(0.1)
    # Loaded once, by the process's watcher thread: no request ever waited for it.
    assert loads == ["kiosk-content-watcher"]
    assert not app.extensions["kiosk"].refresh()  # the watcher's next check: the same build is not loaded again
    assert loads == ["kiosk-content-watcher"]


def test_staff_pages_read_the_files_now_and_load_them_once_per_change(db_app, content_dir):
    from test_staff import add_user, sign_in

    assert add_user(db_app).exit_code == 0
    staff = db_app.test_client()
    assert sign_in(staff).status_code == 302
    loads = spy_on_loads(db_app.extensions["kiosk"])
    assert "health/pharmacy" not in page(staff, "/staff/translations")
    assert "pharmacy" not in page(staff, "/staff/content")
    assert loads == []  # the files are what was published: nothing to load
    write(
        content_dir / "health" / "pharmacy" / "fr.md",
        article_file("Pharmacie de garde", "La pharmacie ouverte la nuit.", revision=1, extra="colour: green"),
    )
    for _ in range(3):
        assert "unknown field &#39;colour&#39;" in page(staff, "/staff/content")
        assert "health/pharmacy" in page(staff, "/staff/translations")
    assert len(loads) == 1  # once for this change, however many pages
