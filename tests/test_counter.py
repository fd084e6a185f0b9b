"""Counters over HTTP and their domain parts without an app: the counter marker (the only cookie,
only on counters), QR codes, "my pages", keyboards for every language, read-aloud audio."""

from __future__ import annotations

import json

import pytest
import zxingcpp
from conftest import make_config
from PIL import Image

from app.config import ConfigError, load_config
from app.content import load_content
from app.counter import counter_id_sent, counter_marker, parse_page_list, valid_counter_id
from app.keyboards import OWN_LAYOUTS_DIR, keyboard_for, missing_own_layouts
from app.languages import LanguageSet
from app.qrcodes import NotAnAddress, check_address, public_address, qr_svg
from app.speech import Speech, installed_voices, voice_for


@pytest.mark.parametrize(
    ("text", "expected"),
    [("bapa-1", "bapa-1"), ("c1", "c1"), ("-x", None), ("X1", None), ("a" * 41, None), ("", None), ("a/b", None)],
)
def test_counter_names(text, expected):
    assert valid_counter_id(text) == expected


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (" BAPA-1 ", "bapa-1"),
        ("bon-anderlecht-2", "bon-anderlecht-2"),
        ("bon.anderlecht_2", None),
        ("x" * 41, None),
        ("<script>", None),
        (12, None),
        (None, None),
    ],
)
def test_a_name_sent_by_a_counter_or_proxy_follows_the_same_rule(sent, expected):
    assert counter_id_sent(sent) == expected


def test_page_list_keeps_known_pages_once_in_order():
    known = {"housing/rental-deposit", "health/finding-a-doctor"}
    text = "health/finding-a-doctor,nope/x,housing/rental-deposit,health/finding-a-doctor"
    assert parse_page_list(text, known) == ["health/finding-a-doctor", "housing/rental-deposit"]
    assert parse_page_list("", known) == []


def test_qr_addresses():
    assert public_address("http://kiosk.example", "/en/") == "http://kiosk.example/en/"
    for bad in ("javascript:alert(1)", "ftp://x.example/", "https://", "https://x.example/" + "a" * 1000):
        with pytest.raises(NotAnAddress):
            check_address(bad)
    with pytest.raises(NotAnAddress):
        public_address("http://kiosk.example", "//evil.example/")


def test_qr_svg_decodes(tmp_path):
    svg = qr_svg("http://kiosk.example/ar/housing/rental-deposit", "QR <code>")
    assert svg.startswith('<svg role="img" aria-label="QR &lt;code&gt;"')
    # Draw the SVG's modules as pixels and read them back with zxing-cpp.
    import re

    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    code_image = Image.new("L", (size, size), 255)
    y = 0
    for command in re.findall(r"[Mmhv]-?[\d.]+(?: -?[\d.]+)?", re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)):
        kind, numbers = command[0], [float(n) for n in command[1:].split()]
        if kind == "M":
            x, y = numbers
        elif kind == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif kind == "h":
            for column in range(int(x), int(x + numbers[0])):
                code_image.putpixel((column, int(y)), 0)
            x += numbers[0]
    big = code_image.resize((size * 8, size * 8), Image.NEAREST)
    assert zxingcpp.read_barcodes(big)[0].text == "http://kiosk.example/ar/housing/rental-deposit"


def test_every_configured_language_has_a_keyboard():
    config = load_config()
    languages = LanguageSet.from_codes(config.languages)
    assert missing_own_layouts(languages.codes) == []
    for language in languages:
        keyboard = keyboard_for(language.code, language.script)
        assert keyboard.latin == (language.script == "Latn")
        if keyboard.source == "own":
            layout = json.loads((OWN_LAYOUTS_DIR / f"{keyboard.name}.json").read_text("utf-8"))
            keys = " ".join(" ".join(rows) for rows in layout["layout"].values())
            assert "{bksp}" in keys and "{space}" in keys and "{enter}" in keys, keyboard.name


@pytest.mark.parametrize(
    ("layout", "letters"),
    [
        ("pashto", "ټډړږښګڼځڅېۍ"),
        ("romanian", "ăîâșț"),
        ("bulgarian", "абвгдежзийклмнопрстуфхцчшщъьюя"),
        ("albanian", "çë"),
        ("kurmanji", "çêîşû"),
        ("dutch-belgian", "azertyqsdfghjklmwxcvbn"),
        ("somali", "abcdefghijklmnopqrstuvwxyz'"),
        ("tigrinya", "ሀለሐመረሰሸቀቐበተቸነኘአከኸወዐዘዠየደጀገጠጨጰጸፀፈፐ"),
    ],
)
def test_own_layouts_have_every_letter_of_their_language(layout, letters):
    data = json.loads((OWN_LAYOUTS_DIR / f"{layout}.json").read_text("utf-8"))
    keys = set(" ".join(" ".join(rows) for rows in data["layout"].values()).split())
    assert [letter for letter in letters if letter not in keys] == []


@pytest.mark.speech
def test_voices_come_from_espeak_ng():
    voices = installed_voices()
    assert voice_for("fr", voices) and voice_for("ar", voices) and voice_for("uk", voices)
    assert voice_for("prs", voices) == "fa"
    for code in ("ps", "ti", "so"):
        assert voice_for(code, voices) is None


@pytest.mark.speech
def test_audio_is_made_once_per_revision(tmp_path, config):
    content = load_content(config.content_dir, config.languages)
    article = content.articles["housing/rental-deposit"]
    speech = Speech(tmp_path / "speech")
    first = speech.audio(article, article.versions["fr"])
    assert first.read_bytes()[:4] == b"RIFF"
    modified = first.stat().st_mtime_ns
    assert speech.audio(article, article.versions["fr"]) == first
    assert first.stat().st_mtime_ns == modified  # served from the cache
    assert first.relative_to(tmp_path / "speech").parts[:2] == ("fr", "housing")
    assert ".r2." in first.name  # the original's revision it was translated from


def test_counter_settings(tmp_path, content_dir):
    config = make_config(tmp_path, content_dir)
    assert (config.idle_seconds, config.warning_seconds) == (90, 15)
    assert make_config(tmp_path, content_dir, idle_seconds=30).idle_seconds == 30
    with pytest.raises(ConfigError, match="idle_seconds"):
        make_config(tmp_path, content_dir, idle_seconds="soon")


def test_only_the_start_address_sets_a_cookie(client):
    for path in ("/", "/en/", "/en/housing/", "/en/housing/rental-deposit", "/en/search?q=deposit", "/en/my-pages"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert 'id="on-screen-keyboard"' not in response.text and "on-counter" not in response.text
    response = client.get("/kiosk/bapa-1")
    assert response.headers["Set-Cookie"].startswith("kiosk_counter=bapa-1.")  # the name, signed
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Strict" in response.headers["Set-Cookie"]
    assert client.get("/kiosk/Not_A_Counter").status_code == 404


def test_counter_pages_have_counter_parts(client):
    client.get("/kiosk/bapa-1")
    page = client.get("/ar/housing/rental-deposit").text
    assert 'data-counter="bapa-1"' in page
    assert 'id="idle-dialog"' in page and 'id="staff-dialog"' in page
    assert 'data-layout-name="arabic"' in page
    assert "<script>" not in page and "style=" not in page  # scripts and styles in files only


def test_on_counter_is_in_the_template_context(app):
    marker = counter_marker(app.config["SECRET_KEY"], "c1")
    with app.test_request_context("/en/", headers={"Cookie": f"kiosk_counter={marker}"}):
        app.preprocess_request()
        from flask import render_template_string

        assert render_template_string("{{ on_counter }}") == "True"
    with app.test_request_context("/en/"):
        app.preprocess_request()
        assert render_template_string("{{ on_counter }}") == "False"


def test_reset_asks_the_browser_to_clear_storage(client, app):
    assert client.post("/kiosk/reset").status_code == 400  # no token: refused like any POST
    assert client.post("/kiosk/reset", headers={"X-Reset-Token": "forged"}).status_code == 400
    token = app.extensions["form_tokens"].token_for("/kiosk/reset")
    response = client.post("/kiosk/reset", headers={"X-Reset-Token": token})
    assert response.status_code == 204
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_qr_endpoint(client):
    assert client.get("/qr.svg?url=https://logement.brussels/").mimetype == "image/svg+xml"
    assert client.get("/qr.svg?path=/en/").status_code == 200
    assert client.get("/qr.svg?url=javascript:alert(1)").status_code == 400
    assert client.get("/qr.svg?path=//evil.example/").status_code == 400


@pytest.mark.speech  # espeak-ng makes the audio
def test_audio_endpoint(client):
    response = client.get("/fr/housing/rental-deposit/audio")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.get_data()[:4] == b"RIFF"
    response.close()
    assert client.get("/en/housing/nope/audio").status_code == 404


def test_my_pages_page(client):
    page = client.get("/en/my-pages?pages=housing/rental-deposit,health/finding-a-doctor").text
    assert page.count('class="article-card"') == 2
    assert "http://kiosk.example/en/my-pages?pages=housing/rental-deposit,health/finding-a-doctor" in page
