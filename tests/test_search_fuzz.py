"""Thousands of generated queries against /api/search, /api/suggest and the search page:
results or a polite "nothing found", never an error."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import LANGUAGES, make_config, make_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from app.content import load_content
from app.search import build_index
from app.web.security import MAX_URL_LENGTH

SYNTAX = st.sampled_from(
    [
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "*",
        "?",
        "~2",
        "^3",
        ":",
        '"',
        "[",
        "TO",
        "]",
        "title_en:",
        "{",
        "}",
        "\\",
        "%",
        "&",
        "#",
        "\x00",
        "\u200c",
        "\u202e",
    ]
)
WORDS = st.sampled_from(["deposit", "CPAS", "مدرسة", "житло", "ሓኪም", "médecin", "rental", "x" * 300])
QUERY = st.lists(st.one_of(st.text(max_size=40), SYNTAX, WORDS), max_size=30).map(" ".join)

# Thousands of generated queries: the slow tier.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    config = make_config(tmp_path, make_content(tmp_path / "content"))
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    # Thousands of searches from the test client's loopback address: a counter's own browser,
    # which the rate limits leave alone (they are tested in test_rate_limits.py).
    app.config["KIOSK_COUNTER_ID"] = "fuzz"
    return app.test_client()


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERY, lang=st.sampled_from(LANGUAGES))
def test_api_search_answers_every_query(client, query, lang):
    url = f"/api/search?q={quote(query, safe='')}&lang={lang}"
    response = client.get(url)
    if len(url) > MAX_URL_LENGTH:
        assert response.status_code == 400  # as gunicorn itself answers an over-long request line
        return
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert all(r["url"].startswith(f"/{lang}/") for r in results)


@settings(max_examples=800, deadline=None)
@given(query=QUERY, lang=st.sampled_from(LANGUAGES))
def test_search_page_answers_every_query(client, query, lang):
    url = f"/{lang}/search?q={quote(query, safe='')}"
    response = client.get(url)
    if len(url) > MAX_URL_LENGTH:
        assert response.status_code == 400
        return
    assert response.status_code == 200
    main = response.get_data(as_text=True).split('<main id="main">', 1)[1]
    assert "<script" not in main
    # Results, a polite "nothing found" with the topics, or a hint when there were no words.
    assert sum(marker in main for marker in ('class="article-list"', "notice-nothing", "search-hint")) == 1


@settings(max_examples=800, deadline=None)
@given(query=QUERY, lang=st.sampled_from(LANGUAGES))
def test_api_suggest_answers_every_query(client, query, lang):
    url = f"/api/suggest?q={quote(query, safe='')}&lang={lang}"
    response = client.get(url)
    if len(url) > MAX_URL_LENGTH:
        assert response.status_code == 400
        return
    assert response.status_code == 200 and isinstance(response.get_json()["suggestions"], list)
