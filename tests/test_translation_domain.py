"""The translation studio's domain, without an app: blocks and their alignment, the word diff,
the original at an older revision from a real git history, machine drafts from engines on
loopback (LibreTranslate-like and DeepL-like), XLIFF out and back, replacing a fact."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import article_file, write
from engine_standin import EngineStandIn

from app.content.frontmatter import ContentDocument
from app.content.history import Author, ContentHistory, EditConflict, text_token
from app.content.stamp import stamped_translation_text
from app.translation import (
    Engine,
    EngineError,
    ExportedArticle,
    TranslatedFields,
    XliffError,
    apply_replacement,
    article_text,
    build_workspace,
    export_xliff,
    machine_draft,
    new_translation_text,
    preview_replacement,
    read_xliff,
    source_at_revision,
    units_of,
    updated_translation_text,
    word_diff,
)
from app.translation.workspace import align_translation, split_blocks

ORIGINAL = article_file(
    "Rental deposit",
    "How the rental guarantee works.",
    "## Steps\n\n1. Open a blocked account.\n2. Never pay the deposit in cash.\n\n"
    "More: [official page](https://logement.brussels/) or call **02 800 00 00**.",
    revision=2,
)
FRENCH = article_file(
    "Garantie locative",
    "Comment fonctionne la garantie.",
    "## Étapes\n\n1. Ouvrez un compte bloqué.\n2. Ne payez jamais en liquide.\n\n"
    "Plus : [page officielle](https://logement.brussels/).\n\nUn paragraphe de plus.",
    translation=("en", 2, True),
)


def test_blocks_follow_markdown_structure_not_blank_lines():
    blocks = split_blocks("# T\n\n- one\n\n- two\n\n```\ncode\n\nmore\n```\n\nText\non two lines.\n")
    assert [b.kind for b in blocks] == ["heading", "bullet_list", "fence", "paragraph"]
    assert blocks[1].text == "- one\n\n- two"
    assert blocks[3].text == "Text\non two lines."


def test_translation_blocks_align_by_kind():
    original, french = article_text(ORIGINAL), article_text(FRENCH)
    pairs = align_translation(original.blocks, french.blocks)
    assert pairs == [(0, 0), (1, 1), (2, 2), (None, 3)]  # the extra French paragraph stands alone


def test_the_word_diff_marks_words_and_escapes():
    assert word_diff("Never pay <cash>.", "Do not ever pay <cash>!") == (
        "<del>Never</del><ins>Do not ever</ins> pay &lt;cash&gt;<del>.</del><ins>!</ins>"
    )
    assert word_diff("same", "same") == "same"
    assert word_diff("", "<b>") == "<ins>&lt;b&gt;</ins>"
    assert word_diff("<b>", "") == "<del>&lt;b&gt;</del>"


def test_the_workspace_shows_what_changed_since_the_translation_block_by_block():
    old = article_text(ORIGINAL)
    changed = ORIGINAL.replace("Never pay", "Do not ever pay").replace("How the rental", "How the Brussels rental")
    changed = changed.replace("**02 800 00 00**.", "**02 800 00 00**.\n\nA new paragraph.")
    workspace = build_workspace(article_text(changed), old, article_text(FRENCH))
    assert [f.name for f in workspace.fields if f.changes] == ["summary"]
    assert "How the<ins> Brussels</ins> rental" in workspace.fields[1].changes
    states = [row.state for row in workspace.rows]
    assert states == ["same", "changed", "same", "extra", "added"]
    assert "<del>Never</del><ins>Do not ever</ins>" in workspace.rows[1].changes
    assert workspace.rows[1].translation.startswith("1. Ouvrez")  # beside the block it translates
    assert workspace.rows[3].translation == "Un paragraphe de plus."
    assert workspace.rows[4].translation == "" and workspace.changed == 3
    # A current translation: nothing is marked.
    same = build_workspace(old, old, article_text(FRENCH))
    assert same.changed == 0 and [row.state for row in same.rows] == ["same", "same", "same", "extra"]


def test_the_original_at_an_older_revision_comes_from_git(tmp_path):
    root = tmp_path / "content"
    path = "housing/rental-deposit/en.md"
    write(root / path, ORIGINAL)
    history = ContentHistory(root)
    history.ensure_repository()
    minor = ORIGINAL.replace("Open a blocked", "Open a bank-blocked")
    history.save({path: minor}, Author("amina"), "Minor edit")
    major = minor.replace("revision: 2", "revision: 3").replace("Never pay", "Do not pay")
    history.save({path: major}, Author("amina"), "Major edit")
    found = source_at_revision(history, path, 2)
    assert "bank-blocked" in found.body and "Never pay" in found.body  # the last text at revision 2
    assert source_at_revision(history, path, 1) is None  # older than the history
    assert source_at_revision(ContentHistory(tmp_path / "nothing"), path, 2) is None


def test_new_and_updated_translation_files_and_approval():
    fields = TranslatedFields("Garantie: locative", "Résumé", ("loyer", "garantie", "bail"), "Texte.\n")
    text = new_translation_text(ORIGINAL, "en", 2, fields, True, date(2026, 12, 1))
    document = ContentDocument(text)
    assert document.fields["title"] == "Garantie: locative" and document.fields["source"] == "https://www.belgium.be/"
    assert "translation: {from: en, revision: 2, machine: true}" in text
    assert "keywords: [loyer, garantie, bail]" in text and "updated: 2026-12-01" in text
    assert document.body == "Texte.\n"
    # Saving the same fields changes nothing, not even the date.
    assert updated_translation_text(text, fields, date(2027, 1, 1)) == text
    edited = updated_translation_text(text, replace(fields, body="Autre texte."), date(2027, 1, 1))
    assert "updated: 2027-01-01" in edited and edited.endswith("---\nAutre texte.\n")
    approved = stamped_translation_text(edited, 3, True, reviewed_by="farida", today=date(2027, 1, 2))
    assert (
        "translation: {from: en, revision: 3, machine: false, reviewed_by: farida, reviewed_on: 2027-01-02}" in approved
    )
    assert "updated: 2027-01-02" in approved


def test_a_machine_draft_from_a_libretranslate_engine_keeps_markdown_and_addresses():
    with EngineStandIn("libretranslate", key="k-123") as engine:
        draft = machine_draft(Engine("libretranslate", engine.url, "k-123"), article_text(ORIGINAL), "en", "fr")
    assert draft.title == "[fr] Rental deposit" and draft.keywords == ("[fr] a", "[fr] b", "[fr] c")
    assert draft.body.startswith("## [fr] Steps\n\n1. [fr] Open a blocked account.\n2. [fr] Never pay")
    assert "[[fr] official page](https://logement.brussels/)" not in draft.body
    assert "[official page](https://logement.brussels/)" in draft.body and "**02 800 00 00**" in draft.body
    (request,) = engine.received  # one request for every field
    assert request["path"] == "/translate"
    body = request["body"]
    assert (body["source"], body["target"], body["format"], body["api_key"]) == ("en", "fr", "html", "k-123")
    assert "logement.brussels" not in str(body["q"])  # addresses never go to the engine
    assert 'see <a href="0">' not in str(body["q"]) and '<a href="0">official page</a>' in str(body["q"])


def test_a_machine_draft_from_a_deepl_engine():
    with EngineStandIn("deepl", key="secret:fx") as engine:
        draft = machine_draft(Engine("deepl", engine.url, "secret:fx"), article_text(ORIGINAL), "en", "pt")
    assert draft.title == "[PT-PT] Rental deposit"
    (request,) = engine.received
    assert request["path"] == "/v2/translate"
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key secret:fx"
    assert (request["body"]["source_lang"], request["body"]["tag_handling"]) == ("EN", "html")


def test_engine_failures_are_said_clearly():
    with EngineStandIn("deepl", key="right") as engine:
        with pytest.raises(EngineError, match="answered 403: Wrong endpoint or authentication key"):
            Engine("deepl", engine.url, "wrong").translate(["x"], "en", "fr")
    with EngineStandIn("libretranslate", fail_for=("ti",)) as engine:
        with pytest.raises(EngineError, match="answered 400: ti is not supported"):
            Engine("libretranslate", engine.url).translate(["x"], "en", "ti")
    with pytest.raises(EngineError, match="cannot be reached"):
        Engine("libretranslate", "http://127.0.0.1:9", timeout=2).translate(["x"], "en", "fr")


def _xliff():
    units = units_of(article_text(ORIGINAL), article_text(FRENCH))
    return export_xliff([ExportedArticle("housing/rental-deposit", 2, units)], "en", "fr")


def test_xliff_export_has_units_per_field_and_paragraph_with_existing_targets():
    document = _xliff()
    assert 'srcLang="en" trgLang="fr"' in document and 'version="2.0"' in document
    assert '<file id="f1" original="housing/rental-deposit">' in document
    assert '<unit id="title">' in document and '<unit id="b3">' in document
    assert "<target>Garantie locative</target>" in document
    # The French extra paragraph goes with the block before it.
    assert (
        "<target>Plus : [page officielle](https://logement.brussels/).\n\nUn paragraphe de plus.</target>" in document
    )


def test_xliff_round_trip_and_an_omegat_style_file():
    known = {"housing/rental-deposit": ("en", 2)}
    back = read_xliff(_xliff().encode(), "fr", known)
    (article,) = back.articles
    fields = article.fields(None)
    assert fields.title == "Garantie locative" and fields.keywords == article_text(FRENCH).keywords
    assert fields.body == article_text(FRENCH).body
    # As OmegaT writes it back: its own declaration and layout, every target filled.
    omegat = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="fr">'
        '<file id="f1" original="housing/rental-deposit"><notes><note category="revision">2</note></notes>'
        '<unit id="title"><segment state="translated"><source>Rental deposit</source>'
        "<target>Garantie de loyer</target></segment></unit>"
        '<unit id="b1"><segment><source>## Steps</source><target>## Étapes</target></segment></unit>'
        '<unit id="b2"><segment><source>1. …</source>'
        "<target>1. Ouvrez.\n2. Jamais en liquide.</target></segment></unit>"
        "</file></xliff>"
    ).replace('srcLang="en-US"', 'srcLang="en"')
    article = read_xliff(omegat.encode(), "fr", known).articles[0]
    fields = article.fields(article_text(FRENCH))
    assert fields.title == "Garantie de loyer" and fields.summary == "Comment fonctionne la garantie."
    assert fields.body == "## Étapes\n\n1. Ouvrez.\n2. Jamais en liquide.\n"
    assert article.fields(None) is None  # a new translation needs its summary too


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda x: x.replace('trgLang="fr"', 'trgLang="nl"'), "is into 'nl', not 'fr'"),
        (lambda x: x.replace('original="housing/rental-deposit"', 'original="housing/nothing"'), "unknown article"),
        (lambda x: x.replace('<unit id="b3">', '<unit id="body">'), "unknown unit 'body'"),
        (lambda x: x.replace("</xliff>", ""), "not well-formed XML"),
        (lambda x: x.replace('version="2.0"', 'version="1.2"'), "not an XLIFF 2.0 file"),
        (lambda x: x.replace('<note category="revision">2', '<note category="revision">7'), "no revision note"),
        (
            lambda x: x.replace("<xliff", '<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<xliff'),
            "declares a DTD or entities",
        ),
    ],
)
def test_xliff_import_refuses_what_it_cannot_trust(change, message):
    with pytest.raises(XliffError, match=message):
        read_xliff(change(_xliff()).encode(), "fr", {"housing/rental-deposit": ("en", 2)})


OFFICE = (
    '# The office\nname: Office\nphone: "02 800 00 00"\nabout:\n  en: Call 02 800 00 00 first.\nupdated: 2026-01-01\n'
)


def test_replace_preview_and_apply_in_articles_places_and_events(tmp_path):
    root = tmp_path / "content"
    write(root / "housing/rental-deposit/en.md", ORIGINAL)
    write(
        root / "housing/rental-deposit/fr.md", FRENCH.replace("Un paragraphe", "Appelez le 02 800 00 00. Un paragraphe")
    )
    write(root / "health/doctor/en.md", article_file("Doctor", "Call 02 800 00 00", "No number here."))
    write(
        root / "places/office.yaml",
        OFFICE,
    )
    write(root / "events/session.yaml", "title:\n  en: Info session (02 800 00 00)\n")
    preview = preview_replacement(root, "02 800 00 00", "02 899 00 00")
    where = [(o.path, o.line) for o in preview.occurrences]
    assert where == [
        ("health/doctor/en.md", 3),
        ("housing/rental-deposit/en.md", 14),
        ("housing/rental-deposit/fr.md", 19),
        ("places/office.yaml", 3),
        ("places/office.yaml", 5),
        ("events/session.yaml", 2),
    ]
    assert preview.occurrences[1].before.endswith("**02 800 00 00**.")
    assert preview.occurrences[1].after.endswith("**02 899 00 00**.")
    one_article = preview_replacement(root, "02 800 00 00", "02 899 00 00", "housing/rental-deposit")
    assert {o.path for o in one_article.occurrences} == {"housing/rental-deposit/en.md", "housing/rental-deposit/fr.md"}

    chosen = {o.id for o in preview.occurrences if o.path != "health/doctor/en.md"}
    texts = apply_replacement(root, preview, chosen, date(2027, 3, 4))
    assert set(texts) == {
        "housing/rental-deposit/en.md",
        "housing/rental-deposit/fr.md",
        "places/office.yaml",
        "events/session.yaml",
    }
    english = texts["housing/rental-deposit/en.md"]
    assert "**02 899 00 00**" in english and "revision: 2" in english and "updated: 2027-03-04" in english
    assert texts["places/office.yaml"] == (OFFICE.replace("800", "899"))
    assert "  revision: 2" in texts["housing/rental-deposit/fr.md"]  # translations stay as current as they were

    # All of it in one commit; a file changed since the preview refuses the whole change.
    history = ContentHistory(root)
    history.ensure_repository()
    change = history.save(texts, Author("jef"), "Replace", preview.tokens)
    assert len(change.paths) == 4 and history.log()[0].author == "jef"
    with pytest.raises(EditConflict):
        history.save(texts, Author("jef"), "Again", {"places/office.yaml": preview.tokens["places/office.yaml"]})
    assert text_token(history.read("places/office.yaml")) != preview.tokens["places/office.yaml"]
