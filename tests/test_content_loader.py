"""The content loader, without an app: good files, broken files, fallback, translation state."""

from __future__ import annotations

import pytest
from conftest import LANGUAGES, article_file, udhr, write

from app.content import load_content
from app.content.render import render_markdown


def load(root):
    return load_content(root, LANGUAGES)


def messages(content):
    return [(p.path.name, p.line, p.message) for p in content.problems]


def test_good_content_loads_in_order(content_dir):
    content = load(content_dir)
    assert content.problems == []
    assert [t.id for t in content.topics] == ["housing", "health"]
    assert content.topic("housing").title("ar") == "السكن"
    assert content.topic("health").title("uk", ("en",)) == "Health"
    deposit = content.article("housing", "rental-deposit")
    assert sorted(deposit.versions) == ["ar", "en", "fr", "uk"]
    english = deposit.versions["en"]
    assert english.revision == 2 and english.translation is None
    assert english.source == "https://www.belgium.be/"
    assert str(english.updated) == "2026-11-20"
    assert english.keywords == ("a", "b", "c")


def test_markdown_is_rendered_once_and_sanitised(content_dir):
    english = load(content_dir).article("housing", "rental-deposit").versions["en"]
    assert "<ol>" in english.body_html and "<h2>Steps</h2>" in english.body_html
    assert "<script>" not in english.body_html
    assert "&lt;script&gt;" in english.body_html  # shown as text, never run
    assert 'rel="noopener noreferrer"' in english.body_html
    assert "Never pay the deposit in cash." in english.body_text


@pytest.mark.parametrize(
    "markdown, forbidden",
    [
        ("[click](javascript:alert(1))", 'href="javascript:'),
        ("<a href='javascript:alert(1)'>x</a>", "<a href"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
    ],
)
def test_hostile_markdown_is_neutralised(markdown, forbidden):
    assert forbidden not in render_markdown(markdown)


def test_real_arabic_text_survives(content_dir):
    arabic = load(content_dir).article("housing", "rental-deposit").versions["ar"]
    assert "لكل شخص الحق في مستوى من المعيشة" in arabic.body_text
    assert udhr("ar", 25).split("\n")[-1][3:40] in arabic.body_text


def test_fallback_prefers_visitor_language_then_configured_order(content_dir):
    content = load(content_dir)
    deposit = content.article("housing", "rental-deposit")
    doctor = content.article("health", "finding-a-doctor")
    assert deposit.best_version("ar", ("en", "fr")).lang == "ar"
    assert deposit.best_version("ti", ("en", "fr")).lang == "en"
    assert doctor.best_version("ar", ("en", "fr")).lang == "fr"
    assert doctor.best_version("ar", ("en",)).lang == "fr"  # the original as last resort
    assert doctor.best_version("nl", ("en", "fr")).lang == "nl"


def test_translation_states(content_dir):
    deposit = load(content_dir).article("housing", "rental-deposit")
    assert deposit.translation_state("en") == "original"
    assert deposit.translation_state("fr") == "current"
    assert deposit.translation_state("ar") == "outdated"
    assert deposit.translation_state("nl") == "missing"
    assert deposit.versions["ar"].translation.machine is True


# Each broken file: what to write, the line and the words expected in the report.
BROKEN = {
    "yaml-error": ("housing/a/en.md", "---\ntitle: Fine\nsummary: [unclosed\n---\nbody\n", 3, "YAML error"),
    "missing-title": ("housing/b/en.md", "---\nsummary: Only a summary\n---\nbody\n", 1, "missing 'title'"),
    "missing-summary": ("housing/c/en.md", "---\ntitle: T\nsummary: ''\n---\n", 3, "missing 'summary'"),
    "no-front-matter": ("housing/d/en.md", "# Just markdown\n", 1, "missing front matter"),
    "unclosed-front-matter": ("housing/e/en.md", "---\ntitle: T\nsummary: S\n", 1, "not closed"),
    "unknown-topic": ("cooking/f/en.md", article_file("T", "S"), 1, "unknown topic 'cooking'"),
    "unknown-language": ("housing/g/xx.md", article_file("T", "S"), 1, "unknown language code 'xx'"),
    "wrong-place": ("housing/en.md", article_file("T", "S"), 1, "language file in the wrong place"),
    "too-deep": ("housing/h/extra/en.md", article_file("T", "S"), 1, "language file in the wrong place"),
    "empty": ("housing/i/en.md", "", 1, "the file is empty"),
    "duplicate-key": ("housing/j/en.md", "---\ntitle: A\ntitle: B\nsummary: S\n---\n", 3, "duplicate key 'title'"),
    "alias": ("housing/k/en.md", "---\na: &x [1]\ntitle: *x\nsummary: S\n---\n", 3, "aliases"),
    "bad-slug": ("housing/Bad_Slug/en.md", article_file("T", "S"), 1, "article folder 'Bad_Slug'"),
    "bad-translation": (
        "housing/l/fr.md",
        article_file("T", "S", translation=("zz", 1, True)),
        8,  # the line of translation.from itself, from the YAML node marks
        "translation.from 'zz'",
    ),
    "bad-date": (
        "housing/m/en.md",
        article_file("T", "S").replace("2026-11-20", "yesterday"),
        6,
        "'updated' must be a date",
    ),
    "bad-source": (
        "housing/n/en.md",
        article_file("T", "S").replace("https://www.belgium.be/", "belgium.be"),
        5,
        "'source' must be a web address",
    ),
    "unknown-field": ("housing/o/en.md", article_file("T", "S", extra="titel: typo"), 7, "unknown field 'titel'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_file_is_reported_with_path_and_line(case, content_dir):
    relative, text, line, words = BROKEN[case]
    path = write(content_dir / relative, text) if text else content_dir / relative
    if not text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    content = load(content_dir)
    reported = [p for p in content.problems if p.path == path]
    assert reported, messages(content)
    assert (reported[0].line, words in reported[0].message) == (line, True), reported[0]
    # Everything else is still there.
    assert content.article("housing", "rental-deposit") is not None
    assert len(content.articles_in("health")) == 1


def test_invalid_utf8_is_reported_on_its_line(content_dir):
    path = content_dir / "housing" / "p" / "en.md"
    path.parent.mkdir()
    path.write_bytes(article_file("T", "S").encode() + b"caf\xe9\n")
    problem = next(p for p in load(content_dir).problems if p.path == path)
    assert (problem.line, "invalid UTF-8" in problem.message) == (9, True)


def test_binary_and_oversized_files_are_refused(content_dir):
    binary = content_dir / "housing" / "q" / "en.md"
    binary.parent.mkdir()
    binary.write_bytes(b"---\ntitle: x\x00\x01\x02")
    big = content_dir / "housing" / "r" / "en.md"
    big.parent.mkdir()
    big.write_text(article_file("T", "S", "word " * 60_000), encoding="utf-8")
    content = load(content_dir)
    by_path = {p.path: p for p in content.problems}
    assert "binary data" in by_path[binary].message
    assert "limit is 256 KiB" in by_path[big].message
    assert content.article("housing", "q") is None and content.article("housing", "r") is None


def test_deeply_nested_yaml_is_a_problem_not_a_crash(content_dir):
    path = write(content_dir / "housing" / "s" / "en.md", "---\ntitle: " + "[" * 20_000 + "\n---\n")
    problem = next(p for p in load(content_dir).problems if p.path == path)
    assert "YAML error" in problem.message


def test_two_originals_and_missing_original(content_dir):
    write(content_dir / "health" / "finding-a-doctor" / "en.md", article_file("T", "S", revision=1))
    write(content_dir / "health" / "orphan" / "fr.md", article_file("T", "S", translation=("en", 1, True)))
    content = load(content_dir)
    [two] = [p for p in content.problems if "2 originals" in p.message]
    # Reported as what really happens: a warning, the article still served with en.md as original.
    assert "(en.md, fr.md)" in two.message and "en.md is used as the original" in two.message
    assert not two.fatal
    doctor = content.article("health", "finding-a-doctor")
    assert doctor.original.lang == "en" and set(doctor.versions) == {"en", "fr", "nl"}
    [orphan] = [p for p in content.problems if "no original" in p.message]
    assert orphan.path.name == "orphan" and not orphan.fatal
    assert content.article("health", "orphan").versions["fr"].title == "T"


def test_broken_topics_file_still_serves_the_articles(content_dir):
    write(content_dir / "topics.yaml", "- id: housing\n  title: {en: Housing\n")
    content = load(content_dir)
    assert [(p.path.name, p.line) for p in content.problems] == [("topics.yaml", 3)]
    assert "flow mapping (from line 2)" in content.problems[0].message
    # The topic folders stand in for the list, so every article can still be read.
    assert [t.id for t in content.topics] == ["health", "housing"]
    assert content.topic("housing").title("fr") == "Housing"
    assert content.article("housing", "rental-deposit") is not None


def test_fingerprint_changes_with_content(content_dir):
    before = load(content_dir).fingerprint
    assert load(content_dir).fingerprint == before
    write(content_dir / "health" / "finding-a-doctor" / "fr.md", article_file("Autre", "S", revision=1))
    assert load(content_dir).fingerprint != before


def test_a_translation_with_an_empty_body_is_a_card_only_translation(content_dir):
    card = article_file("Знайти лікаря", "Сімейний лікар і глобальна медична картка.", "", translation=("fr", 1, True))
    write(content_dir / "health" / "finding-a-doctor" / "uk.md", card)
    content = load(content_dir)
    assert content.problems == []
    doctor = content.article("health", "finding-a-doctor")
    version = doctor.versions["uk"]
    assert version.card_only and version.title == "Знайти лікаря" and version.body_text == ""
    assert not doctor.versions["nl"].card_only and not doctor.original.card_only
    # Cards (topic lists, search results) show the visitor's language; the text falls back.
    assert doctor.best_version("uk", ("en", "fr")).lang == "uk"
    assert doctor.readable_version("uk", ("en", "nl")).lang == "nl"
    assert doctor.readable_version("uk", ("en",)).lang == "fr"  # the original as last resort
    assert doctor.readable_version("nl", ("en",)).lang == "nl"
    assert [v.lang for v in doctor.readable_versions()] == ["fr", "nl"]


def test_an_original_needs_a_body(content_dir):
    write(content_dir / "health" / "finding-a-doctor" / "fr.md", article_file("Titre", "Résumé.", "", revision=1))
    content = load(content_dir)
    [problem] = content.problems
    assert (problem.path.name, problem.line) == ("fr.md", 8)
    assert "no text under the front matter" in problem.message and not problem.fatal
    assert not content.article("health", "finding-a-doctor").versions["fr"].card_only
