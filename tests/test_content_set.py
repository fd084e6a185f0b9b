"""The real content set in content/: complete, sourced, dated, with translation metadata."""

from __future__ import annotations

import re

import pytest
import yaml

from app.config import load_config
from app.content import load_content
from app.languages import LanguageSet

CONFIG = load_config(environ={})
CONTENT = load_content(CONFIG.content_dir, LanguageSet.from_codes(CONFIG.languages).codes)
FILES = sorted(CONFIG.content_dir.glob("*/*/*.md"))
FULL = ("fr", "nl", "en", "ar")
ESSENTIAL = ("ps", "ti", "uk", "ru", "es", "tr", "so", "ro")  # and Dari or Farsi


def front_matter(path):
    return yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])


def test_the_content_set_has_no_problems():
    assert [p.format(CONFIG.content_dir) for p in CONTENT.problems] == []


def test_at_least_40_articles_over_every_topic():
    assert len(CONTENT.articles) >= 40
    assert {t.id for t in CONTENT.topics} >= {
        "housing",
        "language-courses",
        "employment",
        "health",
        "administration",
        "education",
        "social-support",
        "rights",
        "daily-life",
        "emergencies",
    }
    for topic in CONTENT.topics:
        assert len(CONTENT.articles_in(topic.id)) >= 3, topic.id
        assert len(topic.titles) == len(CONFIG.languages), topic.id


def test_every_article_is_complete_in_french_dutch_english_and_arabic():
    incomplete = [a.key for a in CONTENT.articles.values() if not set(FULL) <= set(a.versions)]
    assert incomplete == []


def test_fifteen_essential_articles_in_nine_more_languages():
    for code in ESSENTIAL:
        count = sum(code in a.versions for a in CONTENT.articles.values())
        assert count >= 15, (code, count)
    dari_or_farsi = sum(bool({"prs", "fa"} & set(a.versions)) for a in CONTENT.articles.values())
    assert dari_or_farsi >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_every_file_has_source_date_keywords_and_translation_metadata(path):
    front = front_matter(path)
    assert re.match(r"^https://[^\s/]+\.[a-z]{2,}(/\S*)?$", front["source"]), front["source"]
    assert front["updated"].year >= 2025
    assert isinstance(front["keywords"], list) and len(front["keywords"]) >= 3
    article = CONTENT.article(path.parts[-3], path.parts[-2])
    original = article.original
    if path.stem == original.lang:
        assert isinstance(front["revision"], int) and "translation" not in front
    else:
        translation = front["translation"]
        assert translation["from"] == original.lang
        assert 1 <= translation["revision"] <= original.revision
        assert isinstance(translation["machine"], bool)  # said explicitly, never assumed


def test_no_invented_contact_details_outside_the_well_known_numbers():
    # Phone-number-like runs must be among numbers that the writers confirmed in official sources.
    allowed = {
        "112",
        "101",
        "1733",
        "070 245 245",
        "116 000",
        "0800 30 030",
        "1712",
        "0800 12 800",
        "0800 32 123",
        "1813",
        "107",
        "106",
        "00800 2123 2123",
        "+32 2 518 2123",
    }
    for path in FILES:
        text = path.read_text("utf-8")
        for number in re.findall(r"(?<![\w/.-])(?:\+32 ?|0)\d[\d ]{6,}\d(?![\w/-])", text):
            assert number.strip() in allowed, (path, number)
