"""The real content set in content/: complete, sourced, dated, with translation metadata.

Each file's own rules (source, date, keywords, translation metadata) are the content check's:
tests/test_cli.py runs `flask --app wsgi content check` on it as staff would and expects it clean.
"""

from __future__ import annotations

import re

import pytest

from app.config import load_config
from app.content import load_content
from app.languages import LanguageSet

CONFIG = load_config(environ={})
FILES = sorted(CONFIG.content_dir.glob("*/*/*.md"))
FULL = ("fr", "nl", "en", "ar")
ESSENTIAL = ("ps", "ti", "uk", "ru", "es", "tr", "so", "ro")  # and Dari or Farsi


# The whole shipped content is loaded: the slow tier.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def content():
    return load_content(CONFIG.content_dir, LanguageSet.from_codes(CONFIG.languages).codes)


def test_at_least_40_articles_over_every_topic(content):
    assert len(content.articles) >= 40
    assert {t.id for t in content.topics} >= {
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
    for topic in content.topics:
        assert len(content.articles_in(topic.id)) >= 3, topic.id
        assert len(topic.titles) == len(CONFIG.languages), topic.id


def test_every_article_is_complete_in_french_dutch_english_and_arabic(content):
    incomplete = [a.key for a in content.articles.values() if not set(FULL) <= set(a.versions)]
    assert incomplete == []


def test_twenty_essential_articles_in_nine_more_languages(content):
    # The first fifteen essential articles, and five of the topics newcomers asked for (temporary
    # protection, homelessness, free care without papers, regularisation, unaccompanied minors).
    for code in ESSENTIAL:
        count = sum(code in a.versions for a in content.articles.values())
        assert count >= 20, (code, count)
    dari_or_farsi = sum(bool({"prs", "fa"} & set(a.versions)) for a in content.articles.values())
    assert dari_or_farsi >= 20


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
        "0800 99 340",  # Samusocial's free helpline: samusocial.be/missions
        "0800 32 745",  # Fedasil's voluntary return line: retourvolontaire.be ("0800 327 45")
    }
    for path in FILES:
        text = path.read_text("utf-8")
        for number in re.findall(r"(?<![\w/.-])(?:\+32 ?|0)\d[\d ]{6,}\d(?![\w/-])", text):
            assert number.strip() in allowed, (path, number)
