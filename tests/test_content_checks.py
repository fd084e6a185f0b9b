"""The checks staff need in `content check` and on the staff content page: merge conflict
markers (an error, and the file is never served), links to kiosk pages that do not exist (an
error), and warnings that do not fail the check: topic titles, place and event texts missing in
an offered language, HTML entities left in text."""

from __future__ import annotations

import pytest
from conftest import LANGUAGES, article_file, write
from test_staff import staff  # noqa: F401 - the fixture: a signed-in admin

CONFLICTED = """\
<<<<<<< HEAD
Ouvrez un compte bloqué à la banque.
=======
Ouvrez un compte bloqué.
>>>>>>> office-2
"""


def check(runner, *args):
    result = runner.invoke(args=["content", "check", *args])
    return result, result.output.splitlines()


def test_conflict_markers_are_errors_and_the_file_is_never_served(app, client, runner, content_dir):
    translation = content_dir / "housing" / "rental-deposit" / "fr.md"
    text = translation.read_text("utf-8").replace("Ouvrez un compte bloqué.\n", CONFLICTED)
    translation.write_text(text, "utf-8")
    places = write(content_dir / "places" / "office.yaml", "name: {en: Office}\n>>>>>>> theirs\ntopics: [housing]\n")
    result, lines = check(runner)
    assert result.exit_code == 1
    marker_line = text.splitlines().index("<<<<<<< HEAD") + 1
    assert (
        f"content/housing/rental-deposit/fr.md:{marker_line}: a merge conflict marker (<<<<<<<): "
        "keep one version and remove the markers"
    ) in lines
    assert (
        "content/places/office.yaml:2: a merge conflict marker (>>>>>>>): keep one version and remove the markers"
        in lines
    )
    app.extensions["kiosk"].reload_content()
    page = client.get("/fr/housing/rental-deposit").get_data(as_text=True)
    assert "<<<<<<<" not in page and "&lt;&lt;&lt;" not in page and ">>>>>>>" not in page
    assert "Rental deposit" in page  # the French file is skipped: the page falls back to the original
    assert places.exists() and client.get("/en/places/office").status_code == 404


def test_a_markdown_heading_underline_is_not_mistaken_for_a_marker_when_longer(runner, content_dir):
    doctor = content_dir / "health" / "finding-a-doctor" / "fr.md"
    doctor.write_text(doctor.read_text("utf-8") + "\nTitre\n==========\n", "utf-8")
    result, _lines = check(runner)
    assert result.exit_code == 0, result.output


def test_links_to_pages_that_do_not_exist_are_errors(runner, content_dir):
    body = (
        "Read [the doctor page](/en/health/finding-a-doctor) and [health](../health/) first.\n\n"
        "Then [nowhere](/en/housing/nowhere), [a topic](/fr/cooking/),\n"
        "[an office](/en/places/no-such-office), [a language](/xx/housing/) and [relative](no-such-article).\n\n"
        "[Elsewhere](https://logement.brussels/) and [the top](#steps) are not checked."
    )
    write(content_dir / "housing" / "links" / "en.md", article_file("Links", "Links.", body, revision=1))
    result, lines = check(runner)
    assert result.exit_code == 1
    where = "content/housing/links/en.md"
    assert [line for line in lines if line.startswith(where)] == [
        f"{where}:11: link to /en/housing/nowhere: no article housing/nowhere",
        f"{where}:11: link to /fr/cooking/: no topic 'cooking' in topics.yaml",
        f"{where}:12: link to /en/places/no-such-office: no place 'no-such-office' "
        "(content/places/no-such-office.yaml)",
        f"{where}:12: link to /xx/housing/: no language 'xx' on this kiosk "
        "(kiosk links start with /<language>/, e.g. /en/housing/)",
        f"{where}:12: link to no-such-article: no article housing/no-such-article",
    ]
    assert "5 problem(s) found" in result.output


def test_missing_translations_and_entities_are_warnings_grouped_per_kind(runner, content_dir):
    write(content_dir / "places" / "office.yaml", "name: Office\nabout: {en: Help., fr: Aide.}\ntopics: [housing]\n")
    write(
        content_dir / "housing" / "quotes" / "en.md",
        article_file("Rent &quot;deposit&quot;", "Fine.", "Pay&amp;nbsp;by bank.", revision=1),
    )
    result, lines = check(runner)
    assert result.exit_code == 0, result.output
    others = len(LANGUAGES) - 2
    summary = [line for line in lines if line.startswith("warning:")]
    assert summary == [
        "warning: 2 × texts with an HTML entity left in them (&quot;, &amp;nbsp;…), such as "
        "content/housing/quotes/en.md:2: HTML entity &quot; in the title: write the character itself",
        f"warning: 1 × texts of places or events not in every offered language, such as content/places/office.yaml:2: "
        f"'about' is not translated into nl, ar, uk, ti, ps ({others} of {len(LANGUAGES)} languages)",
        "warning: 2 × topics without a title in some offered languages, such as content/topics.yaml:1: "
        "topic 'housing' has no title in nl, ti, ps (3 of 7 languages)",
    ]
    assert lines[-1].startswith("No problems;") and lines[-1].endswith("; 5 warning(s)")
    result, lines = check(runner, "--verbose")
    assert (
        "warning: content/housing/quotes/en.md:9: HTML entity &nbsp; in the text: write the character itself" in lines
    )
    assert "warning: content/topics.yaml:4: topic 'health' has no title in nl, uk, ti, ps (4 of 7 languages)" in lines
    assert len([line for line in lines if line.startswith("warning: content/")]) == 5


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_staff_content_page_shows_the_same_checks(staff, content_dir):  # noqa: F811
    body = "See [nowhere](/en/housing/nowhere)."
    write(content_dir / "housing" / "links" / "en.md", article_file("Links", "Links.", body, revision=1))
    page = staff.get("/staff/content").get_data(as_text=True)
    assert "link to /en/housing/nowhere: no article housing/nowhere" in page
    assert "topic &#39;health&#39; has no title in nl, uk, ti, ps" in page
