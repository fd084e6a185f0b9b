"""Translation status and readability, on the small fixture content."""

from __future__ import annotations

from conftest import LANGUAGES, article_file, write

from app.content import load_content
from app.content.readability import measure, sentences_of
from app.content.status import format_status, outdated, translation_status, used_languages


def test_status_table_tells_every_state_apart(content_dir):
    rows = translation_status(load_content(content_dir, LANGUAGES), tuple(LANGUAGES))
    deposit = next(r for r in rows if r.article.key == "housing/rental-deposit")
    assert deposit.states == {
        "fr": "current",
        "nl": "missing",
        "en": "original",
        "ar": "outdated",
        "uk": "machine",
        "ti": "missing",
        "ps": "missing",
    }
    assert [(a.key, code) for a, code in outdated(rows)] == [("housing/rental-deposit", "ar")]
    languages = used_languages(rows, tuple(LANGUAGES))
    assert languages == ("fr", "nl", "en", "ar", "uk")
    text = format_status(rows, languages)
    assert text.splitlines()[0].split() == ["article", "fr", "nl", "en", "ar", "uk"]
    assert text.splitlines()[1].split() == ["housing/rental-deposit", "✓", "·", "O", "!", "m"]
    markdown = format_status(rows, languages, markdown=True)
    assert "| health/finding-a-doctor | O | m | · | · | · |" in markdown
    assert "| files | 2 | 1 | 1 | 1 | 1 |" in markdown


def test_content_status_command(runner):
    result = runner.invoke(args=["content", "status", "--markdown"])
    assert result.exit_code == 0 and "| housing/rental-deposit | ✓ | · | O | ! | m |" in result.output


def test_readability_scores_plain_text_higher():
    plain = measure("<p>Go to the commune. Bring your passport. Ask for help.</p>", "en")
    dense = measure(
        "<p>Administrative registration necessitates the presentation of identification "
        "documentation at municipal population administration facilities.</p>",
        "en",
    )
    assert plain.sentences == 3 and plain.words == 10
    assert plain.score > 80 > 20 > dense.score
    assert measure("<p>Allez à la commune. Apportez votre passeport.</p>", "fr").score > 60
    assert measure("<p>Ga naar de gemeente. Breng uw paspoort mee.</p>", "nl").score > 60
    assert measure("<p>اذهب إلى البلدية.</p>", "ar").score is None  # no calibrated formula


def test_list_items_and_headings_count_as_sentences():
    assert sentences_of("<h2>What to bring</h2><ul><li>passport</li><li>photo</li></ul>") == [
        "What to bring",
        "passport",
        "photo",
    ]


def test_card_only_translations_are_reported_apart(content_dir):
    card = article_file("Знайти лікаря", "Сімейний лікар.", "", translation=("fr", 1, True))
    write(content_dir / "health" / "finding-a-doctor" / "uk.md", card)
    write(content_dir / "health" / "finding-a-doctor" / "fr.md", article_file("T", "S", revision=2))
    outdated_card = article_file("Лікар", "Сімейний лікар.", "", translation=("fr", 1, True))
    rows = translation_status(load_content(content_dir, LANGUAGES), tuple(LANGUAGES))
    doctor = next(r for r in rows if r.article.key == "health/finding-a-doctor")
    assert doctor.states["uk"] == "outdated"  # a card from an older revision is outdated first
    write(content_dir / "health" / "finding-a-doctor" / "fr.md", article_file("T", "S", revision=1))
    write(content_dir / "health" / "finding-a-doctor" / "uk.md", outdated_card)
    rows = translation_status(load_content(content_dir, LANGUAGES), tuple(LANGUAGES))
    doctor = next(r for r in rows if r.article.key == "health/finding-a-doctor")
    assert doctor.states["uk"] == "card" and doctor.states["nl"] == "machine"
    text = format_status(rows, used_languages(rows, tuple(LANGUAGES)))
    assert text.splitlines()[2].split() == ["health/finding-a-doctor", "O", "m", "·", "·", "c"]
    assert "c card only: title, summary and keywords; the text is read in another language" in text


def test_readability_leaves_out_card_only_translations(content_dir):
    from app.cli.content import readability_table

    card = article_file("Einen Hausarzt finden", "Der Hausarzt.", "", translation=("fr", 1, True))
    write(content_dir / "health" / "finding-a-doctor" / "de.md", card)
    content = load_content(content_dir, [*LANGUAGES, "de"])
    assert content.article("health", "finding-a-doctor").versions["de"].card_only
    table, _ = readability_table(content)
    # German has only a card (no text): it gets no column of empty scores.
    assert table.splitlines()[0] == "| article | en | fr | nl |"
