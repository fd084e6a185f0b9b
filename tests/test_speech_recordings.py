"""Recorded audio where no synthetic voice exists (Pashto, Tigrinya, Somali, Sorani): staff put
<lang>.mp3, .ogg or .wav beside an article's text; it plays with the same Listen controls, and
`content check` refuses what browsers would not play.

tests/data/recording.wav is a real WAV file: 0.4 s of a 440 Hz tone, 8 kHz mono, written with
Python's wave module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Gunicorn, make_config, make_content, write_config_file

from app import create_app
from app.content import load_content
from app.content.recordings import MAX_RECORDING_BYTES
from app.search import build_index
from app.speech import installed_voices, voice_for

RECORDING = Path(__file__).parent / "data" / "recording.wav"
DEPOSIT = Path("housing") / "rental-deposit"


@pytest.fixture
def recorded_app(tmp_path, content_dir):
    """The test content with a Pashto recording of the deposit article (its text is English)."""
    shutil.copyfile(RECORDING, content_dir / DEPOSIT / "ps.wav")
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    app = create_app(config)
    app.config.update(TESTING=True)
    return app


def test_pashto_has_no_synthetic_voice():
    assert voice_for("ps", installed_voices()) is None  # else this test proves nothing


def test_the_recording_plays_with_the_listen_controls(recorded_app):
    client = recorded_app.test_client()
    page = client.get("/ps/housing/rental-deposit").text
    assert 'data-action="play"' in page and "read-aloud-none" not in page
    assert 'src="/ps/housing/rental-deposit/audio"' in page
    response = client.get("/ps/housing/rental-deposit/audio")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.get_data() == RECORDING.read_bytes()
    response.close()
    # Only for Pashto visitors: an English visitor hears the English text (or nothing).
    english = client.get("/en/housing/rental-deposit/audio")
    assert english.get_data() != RECORDING.read_bytes()
    english.close()


def test_a_recording_is_served_in_parts_for_seeking(recorded_app):
    client = recorded_app.test_client()
    response = client.get("/ps/housing/rental-deposit/audio", headers={"Range": "bytes=0-43"})
    assert response.status_code == 206 and response.get_data() == RECORDING.read_bytes()[:44]
    response.close()


def test_content_check_refuses_recordings_browsers_would_not_play(tmp_path, content_dir):
    deposit = content_dir / DEPOSIT
    (deposit / "ti.mp3").write_text("not audio at all\n", encoding="utf-8")
    with open(deposit / "ps.ogg", "wb") as sparse:  # over the cap, without writing 12 MiB
        sparse.write(b"OggS")
        sparse.truncate(MAX_RECORDING_BYTES + 1)
    shutil.copyfile(RECORDING, deposit / "xx.wav")  # a language that is not configured
    (content_dir / "housing" / "no-such-article").mkdir()
    shutil.copyfile(RECORDING, content_dir / "housing" / "no-such-article" / "ps.wav")
    shutil.copyfile(RECORDING, deposit / "ar.wav")  # a good one, among the bad

    content = load_content(content_dir, make_config(tmp_path, content_dir).languages)
    problems = {
        problem.path.name if problem.path.parent.name != "no-such-article" else "orphan": problem.message
        for problem in content.problems
    }
    assert "not MP3 audio" in problems["ti.mp3"]
    assert "the limit is 12 MiB" in problems["ps.ogg"]
    assert "unknown language code 'xx'" in problems["xx.wav"]
    assert "a recording of no article" in problems["orphan"]
    assert all(problem.fatal for problem in content.problems)
    assert set(content.articles["housing/rental-deposit"].recordings) == {"ar"}


def test_content_check_command_reports_a_bad_recording(tmp_path, content_dir):
    (content_dir / DEPOSIT / "ti.wav").write_bytes(b"RIFF\0\0\0\0AVI LIST")  # a video's header
    app = create_app(make_config(tmp_path, content_dir))
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "ti.wav:1: this is not WAV audio" in result.output


@pytest.fixture
def recorded_server(tmp_path):
    """gunicorn on the test content with the Pashto recording of the deposit article."""
    content = make_content(tmp_path / "content")
    shutil.copyfile(RECORDING, content / DEPOSIT / "ps.wav")
    server = Gunicorn(tmp_path / "gunicorn.log", KIOSK_CONFIG=str(write_config_file(tmp_path, content)))
    yield server.wait_until_ready()
    server.stop()


def test_chromium_plays_the_recording_from_the_listen_button_above_the_article(browser, recorded_server):
    page = browser.new_page(viewport={"width": 1080, "height": 1920})
    try:
        page.goto(f"{recorded_server}/ps/housing/rental-deposit")
        with page.expect_response("**/ps/housing/rental-deposit/audio") as answer:
            page.locator(".article-tools-top [data-action='play']").click()
        assert answer.value.headers["content-type"] == "audio/wav"
        # Played to its end (0.4 s): the controls go back to Listen, and the browser found no error.
        # (Polled from here: the page's CSP forbids the eval that wait_for_function uses.)
        for _ in range(100):
            if page.evaluate("document.querySelector('.read-aloud audio').ended"):
                break
            page.wait_for_timeout(100)
        assert page.evaluate("document.querySelector('.read-aloud audio').ended")
        assert page.evaluate("document.querySelector('.read-aloud audio').error") is None
        assert page.evaluate("document.querySelector('.read-aloud audio').duration") == pytest.approx(0.4, abs=0.01)
        assert page.locator(".article-tools-top [data-action='play']").is_visible()
    finally:
        page.close()
