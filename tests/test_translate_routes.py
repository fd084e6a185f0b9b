"""The translation studio through its routes, on a real content folder that becomes a git
repository, a real SQLite database and a translation engine on loopback: every route for every
role, CSRF, the workspace's word diff, saving and approving as commits, machine drafts, XLIFF out
and back, replacing a fact everywhere, and the visitor's notice on an outdated translation."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace

import pytest
from conftest import close_database
from engine_standin import EngineStandIn
from test_staff import PASSWORD, csrf_token, sign_in

from app import create_app
from app.content.history import ContentHistory

RENTAL = "/staff/translate/housing/rental-deposit"


# The accounts of `people`, in the database every studio starts from (made once, copied).
ACCOUNTS = (("root", "admin", ""), ("eddie", "editor", ""), ("tara", "translator", "ar,ps"))


def make_app(config, tmp_path, prepared, accounts=(), **settings):
    url = prepared.database(tmp_path / "kiosk.sqlite3", accounts, PASSWORD)
    app = create_app(replace(config, database_url=url, **settings))
    app.config.update(TESTING=True)
    return app


def signed_in(app, name: str, role: str, languages: str = ""):
    args = ["staff", "add-user", name, "--role", role] + (["--languages", languages] if languages else [])
    result = app.test_cli_runner().invoke(args=args, input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    return client_of(app, name)


def client_of(app, name: str):
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


@pytest.fixture
def engine():
    with EngineStandIn("libretranslate", key="lt-key", fail_for=("ti",)) as stand_in:
        yield stand_in


@pytest.fixture
def studio(indexed_config, tmp_path, engine, prepared):
    app = make_app(
        indexed_config,
        tmp_path,
        prepared,
        ACCOUNTS,
        translation_engine="libretranslate",
        translation_engine_url=engine.url,
        translation_engine_key="lt-key",
    )
    yield app
    close_database(app)


@pytest.fixture
def people(studio):
    """An admin, an editor, and a translator for Arabic and Pashto (ACCOUNTS), signed in."""
    return {role: client_of(studio, name) for name, role, _languages in ACCOUNTS}


def token(client, path="/staff/translate/") -> str:
    return csrf_token(client.get(path).get_data(as_text=True))


def post(client, path, data, page="/staff/translate/"):
    return client.post(path, data={"csrf_token": token(client, page), **data})


def git_log(root, *args) -> str:
    return subprocess.run(["git", "log", *args], cwd=root, capture_output=True, text=True, check=True).stdout


# -- roles ---------------------------------------------------------------------------------------

# (method, path, data, who may: "translator" = a translator of ar/ps may, else only editor/admin)
ROUTES = [
    ("get", "/staff/translate/", None, "translator"),
    ("get", "/staff/translate/?lang=ar", None, "translator"),
    ("get", "/staff/translate/?lang=fr", None, "editor"),
    ("get", RENTAL + "/", None, "translator"),
    ("get", RENTAL + "/ar", None, "translator"),
    ("get", RENTAL + "/fr", None, "editor"),
    ("post", RENTAL + "/ar", {"title": "T", "summary": "S", "keywords": "a, b, c", "block": "x"}, "translator"),
    ("post", RENTAL + "/nl", {"title": "T", "summary": "S", "keywords": "a, b, c", "block": "x"}, "editor"),
    ("post", RENTAL + "/drafts", {"languages": "ps"}, "translator"),
    ("post", RENTAL + "/drafts", {"languages": "nl"}, "editor"),
    ("get", "/staff/translate/xliff", None, "translator"),
    ("get", "/staff/translate/xliff/ar.xlf?from=en", None, "translator"),
    ("get", "/staff/translate/xliff/nl.xlf?from=en", None, "editor"),
    ("post", "/staff/translate/xliff", {"lang": "nl"}, "editor"),
    ("get", "/staff/replace", None, "editor"),
    ("post", "/staff/replace", {"old": "Open a", "new": "Open one", "action": "preview"}, "editor"),
]


@pytest.mark.slow  # every route × role: in make test; make test-fast stays under a minute
@pytest.mark.parametrize("method,path,data,allowed", ROUTES)
def test_every_route_checks_sign_in_and_role(studio, people, method, path, data, allowed):
    anonymous = studio.test_client()
    answer = anonymous.get(path) if method == "get" else anonymous.post(path, data=data)
    assert answer.status_code in (302, 400), path  # to the login (or refused without a token)
    if method == "get":
        assert "/staff/login" in answer.headers["Location"]
    for role, client in people.items():
        answer = client.get(path) if method == "get" else post(client, path, data)
        may = role != "translator" or allowed == "translator"
        if may:
            assert answer.status_code < 500 and answer.status_code != 403, (role, path)
        else:
            assert answer.status_code == 403, (role, path)
    # Without its CSRF token, no form is accepted, even from an admin.
    if method == "post":
        assert people["admin"].post(path, data=data).status_code == 400


# -- workspace, save, approve ------------------------------------------------------------------------


def history_with_an_older_revision(content_dir) -> ContentHistory:
    """The content as a repository whose English original was at revision 1 with another text."""
    history = ContentHistory(content_dir)
    history.ensure_repository()
    from app.content.history import Author

    path = "housing/rental-deposit/en.md"
    now = history.read(path)
    older = now.replace("revision: 2", "revision: 1").replace("Never pay the deposit", "Never pay the rent deposit")
    older = older.replace("How the rental guarantee works in Brussels.", "How the rental guarantee works.")
    history.save({path: older}, Author("kiosk"), "As it was")
    history.save({path: now}, Author("kiosk"), "Revision 2")
    return history


def test_the_workspace_shows_changes_word_by_word_and_saves_and_approves(studio, people, content_dir):
    history = history_with_an_older_revision(content_dir)
    tara = people["translator"]
    page = tara.get(RENTAL + "/ar").get_data(as_text=True)
    assert "from revision 1 to 2" in page
    assert "Never pay the <del>rent </del>deposit in cash." in page
    assert "works<ins> in Brussels</ins>." in page
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    assert 'href="/staff/content/housing/rental-deposit/en"' in page
    expected = re.search(r'name="expected" value="([0-9a-f]+)"', page).group(1)
    blocks = re.findall(r'<textarea id="block-\d+" name="block"[^>]*>([^<]*)</textarea>', page)
    form = {"title": "ضمان الإيجار", "summary": "كيف يعمل ضمان الإيجار في بروكسل.", "keywords": "أ, ب, ج"}

    # Someone else saves first: the save is refused politely, with who and when, the text kept.
    other = history.read("housing/rental-deposit/ar.md").replace("ضمان الإيجار\n", "ضمان\n", 1)
    from app.content.history import Author

    history.save({"housing/rental-deposit/ar.md": other}, Author("omar", "Omar"), "Other edit")
    data = {**form, "block": [*blocks, "فقرة جديدة"], "expected": expected, "action": "approve"}
    refused = post(tara, RENTAL + "/ar", data, RENTAL + "/ar")
    assert refused.status_code == 409
    assert "changed this file" in refused.get_data(as_text=True) and "Omar" in refused.get_data(as_text=True)
    assert "فقرة جديدة" in refused.get_data(as_text=True)

    expected = text_token_of(history, "housing/rental-deposit/ar.md")
    answer = post(tara, RENTAL + "/ar", {**data, "expected": expected}, RENTAL + "/ar")
    assert answer.status_code == 302 and "done=approved" in answer.headers["Location"]
    arabic = history.read("housing/rental-deposit/ar.md")
    assert "revision: 2" in arabic and "machine: false" in arabic and "reviewed_by: tara" in arabic
    assert "reviewed_on: " in arabic and "updated: 2026-11-20" not in arabic
    assert arabic.rstrip().endswith("فقرة جديدة")
    assert (
        git_log(content_dir, "-1", "--format=%an|%s")
        == "tara|Approve housing/rental-deposit in ar (from en, revision 2)\n"
    )
    page = tara.get(RENTAL + "/ar?done=approved").get_data(as_text=True)
    assert "Saved and approved" in page and "<del>" not in page

    # A title and a summary are needed.
    bad = post(tara, RENTAL + "/ar", {"title": " ", "summary": "", "block": "x"}, RENTAL + "/ar")
    assert bad.status_code == 400 and "A title and a summary are needed." in bad.get_data(as_text=True)


def text_token_of(history, path):
    from app.content.history import text_token

    return text_token(history.read(path))


def test_a_translation_written_by_hand_creates_the_file(studio, people, content_dir):
    tara = people["translator"]
    page = tara.get(RENTAL + "/ps").get_data(as_text=True)
    assert "Create translation with a machine draft" in page
    data = {"title": "د کرایې تضمین", "summary": "لنډیز", "keywords": "a, b, c", "block": ["متن"], "expected": ""}
    assert post(tara, RENTAL + "/ps", data, RENTAL + "/ps").status_code == 302
    pashto = (content_dir / "housing/rental-deposit/ps.md").read_text("utf-8")
    assert "translation: {from: en, revision: 2, machine: false}" in pashto
    assert "source: https://www.belgium.be/" in pashto and pashto.endswith("---\nمتن\n")


# -- machine drafts -------------------------------------------------------------------------------


def test_machine_drafts_in_every_missing_language_are_one_commit(studio, people, content_dir, engine):
    eddie = people["editor"]
    page = eddie.get(RENTAL + "/").get_data(as_text=True)
    missing = re.findall(r'name="languages" value="(\w+)"', page)
    assert missing == ["nl", "ti", "ps"]
    answer = post(eddie, RENTAL + "/drafts", {"languages": missing}, RENTAL + "/")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Drafts made in 2 language(s)" in text
    assert "ti is not supported" in text  # the engine refused Tigrinya: said, and nothing written
    assert not (content_dir / "housing/rental-deposit/ti.md").exists()
    dutch = (content_dir / "housing/rental-deposit/nl.md").read_text("utf-8")
    assert "title: '[nl] Rental deposit'" in dutch or 'title: "[nl] Rental deposit"' in dutch
    assert "translation: {from: en, revision: 2, machine: true}" in dutch
    assert "[nl] More: [official page](https://logement.brussels/)" in dutch  # the link and its address kept
    assert git_log(content_dir, "-1", "--format=%an|%s") == "eddie|Machine drafts of housing/rental-deposit in nl, ps\n"
    assert {r["body"]["target"] for r in engine.received} == {"nl", "ti", "ps"}
    assert all(r["body"]["api_key"] == "lt-key" for r in engine.received)
    # A translation that exists is never replaced by a draft.
    before = (content_dir / "housing/rental-deposit/ar.md").read_text("utf-8")
    post(eddie, RENTAL + "/drafts", {"languages": ["ar"]}, RENTAL + "/")
    assert (content_dir / "housing/rental-deposit/ar.md").read_text("utf-8") == before


def test_without_an_engine_the_button_says_how_to_set_one_up(indexed_config, tmp_path, prepared):
    app = make_app(indexed_config, tmp_path, prepared)
    client = signed_in(app, "eddie", "editor")
    page = client.get(RENTAL + "/").get_data(as_text=True)
    assert "No translation engine is set up" in page and "KIOSK_TRANSLATION_ENGINE_URL" in page
    assert re.search(r'<button class="button" type="submit" disabled', page)
    assert post(client, RENTAL + "/drafts", {"languages": ["nl"]}, RENTAL + "/").status_code == 400
    close_database(app)


# -- XLIFF ---------------------------------------------------------------------------------------------


def test_xliff_export_then_import_is_one_commit(studio, people, content_dir):
    tara = people["translator"]
    exported = tara.get("/staff/translate/xliff/ar.xlf?from=en")
    assert exported.status_code == 200 and exported.mimetype == "application/xliff+xml"
    document = exported.get_data(as_text=True)
    assert 'original="housing/rental-deposit"' in document  # outdated in Arabic
    assert 'original="health/finding-a-doctor"' not in document  # its original is French
    filled = document.replace("<target>ضمان الإيجار</target>", "<target>ضمان الإيجار (محدّث)</target>")
    page = tara.get("/staff/translate/xliff").get_data(as_text=True)
    answer = tara.post(
        "/staff/translate/xliff",
        data={
            "csrf_token": csrf_token(page),
            "lang": "ar",
            "file": (__import__("io").BytesIO(filled.encode()), "ar.xlf"),
        },
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    arabic = (content_dir / "housing/rental-deposit/ar.md").read_text("utf-8")
    assert "ضمان الإيجار (محدّث)" in arabic and "revision: 2" in arabic
    assert git_log(content_dir, "-1", "--format=%an|%s") == "tara|Import an XLIFF translation into ar: 1 article(s)\n"
    # Into another language than chosen: refused, nothing written.
    wrong = tara.post(
        "/staff/translate/xliff",
        data={
            "csrf_token": csrf_token(page),
            "lang": "ps",
            "file": (__import__("io").BytesIO(filled.encode()), "ar.xlf"),
        },
    )
    assert wrong.status_code == 400 and "is into &#39;ar&#39;, not &#39;ps&#39;" in wrong.get_data(as_text=True)
    assert not (content_dir / "housing/rental-deposit/ps.md").exists()


def test_an_xliff_file_may_be_larger_than_any_other_form(studio, people):
    tara = people["translator"]
    document = tara.get("/staff/translate/xliff/ar.xlf?from=en").get_data(as_text=True)
    padded = document + "<!-- " + "x" * 100_000 + " -->\n"  # past the 64 KiB of other bodies
    page = tara.get("/staff/translate/xliff").get_data(as_text=True)
    file = (__import__("io").BytesIO(padded.encode()), "ar.xlf")
    answer = tara.post("/staff/translate/xliff", data={"csrf_token": csrf_token(page), "lang": "ar", "file": file})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert tara.post("/en/search/missing", data={"message": "x" * 100_000}).status_code == 413  # any other


def test_an_oversized_form_to_any_staff_page_is_a_polite_413(studio, people):
    # The staff pages' error page makes a sign-out form: it must not read the refused body again.
    for path in ("/staff/replace", "/staff/account/language", "/staff/account/password"):
        answer = people["editor"].post(path, data={"csrf_token": "x", "text": "x" * 100_000})
        assert answer.status_code == 413, path
        assert "<html" in answer.get_data(as_text=True)


# -- replace a fact everywhere ---------------------------------------------------------------------------


def test_replacing_a_fact_everywhere_previews_then_writes_one_commit(studio, people, content_dir):
    from app.content import load_content

    before = load_content(content_dir, ("fr", "nl", "en", "ar", "uk", "ti", "ps"))
    states = {code: before.article("housing", "rental-deposit").translation_state(code) for code in ("fr", "ar", "uk")}
    eddie = people["editor"]
    data = {"old": "https://www.belgium.be/", "new": "https://www.belgium.be/fr", "scope": ""}
    preview = post(eddie, "/staff/replace", {**data, "action": "preview"}, "/staff/replace")
    page = preview.get_data(as_text=True)
    assert "6 change(s) in 6 file(s)" in page
    ids = re.findall(r'name="change" value="([^"]+)"', page)
    tokens = re.findall(r'name="token" value="([^"]+)"', page)
    chosen = [i for i in ids if not i.startswith("health/")]
    applied = post(
        eddie, "/staff/replace", {**data, "action": "apply", "change": chosen, "token": tokens}, "/staff/replace"
    )
    assert applied.status_code == 200 and "4 change(s) in 4 file(s)" in applied.get_data(as_text=True)
    assert git_log(content_dir, "-1", "--format=%an", "--name-only").split() == [
        "eddie",
        "housing/rental-deposit/ar.md",
        "housing/rental-deposit/en.md",
        "housing/rental-deposit/fr.md",
        "housing/rental-deposit/uk.md",
    ]
    after = load_content(content_dir, ("fr", "nl", "en", "ar", "uk", "ti", "ps"))
    rental = after.article("housing", "rental-deposit")
    assert rental.original.source == "https://www.belgium.be/fr" and rental.original.revision == 2
    assert {code: rental.translation_state(code) for code in states} == states  # none became outdated
    assert after.article("health", "finding-a-doctor").original.source == "https://www.belgium.be/"
    # A translator may not.
    assert people["translator"].get("/staff/replace").status_code == 403


# -- the visitor's notice ------------------------------------------------------------------------------


def test_visitors_are_told_when_a_translation_is_behind_until_it_is_approved(studio, people, content_dir):
    visitor = studio.test_client()
    page = visitor.get("/ar/housing/rental-deposit").get_data(as_text=True)
    assert "notice-outdated" in page
    assert 'href="/en/housing/rental-deposit"' in re.search(
        r'<aside class="notice notice-outdated".*?</aside>', page, re.S
    ).group(0)
    assert "notice-outdated" not in visitor.get("/fr/housing/rental-deposit").get_data(as_text=True)  # current
    assert "notice-outdated" not in visitor.get("/en/housing/rental-deposit").get_data(as_text=True)  # the original

    tara = people["translator"]
    page = tara.get(RENTAL + "/ar").get_data(as_text=True)
    expected = re.search(r'name="expected" value="([0-9a-f]+)"', page).group(1)
    blocks = re.findall(r'<textarea id="block-\d+" name="block"[^>]*>([^<]*)</textarea>', page)
    data = {"title": "ضمان الإيجار", "summary": "ملخص", "keywords": "أ, ب, ج", "block": blocks, "expected": expected}
    assert post(tara, RENTAL + "/ar", {**data, "action": "approve"}, RENTAL + "/ar").status_code == 302
    assert studio.test_cli_runner().invoke(args=["index", "build"]).exit_code == 0  # publish
    studio.extensions["kiosk"].refresh()
    page = visitor.get("/ar/housing/rental-deposit").get_data(as_text=True)
    assert "notice-outdated" not in page and "notice-machine" not in page
