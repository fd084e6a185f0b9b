"""What costs a worker real time is bounded: QR codes are made once and rate-limited, audio is
rate-limited where it is made, kept in a bounded cache and never outlives the worker timeout,
and a search takes at most a few words."""

from __future__ import annotations

import importlib.util
import os
import shutil
import textwrap

import pytest
import segno

from app import qrcodes, speech
from app.config import PROJECT_ROOT
from app.content import load_content
from app.ratelimit import QR_CODES, SPEECH
from app.speech import Speech, SpeechFailed, installed_voices
from app.web.search import MAX_QUERY_WORDS, bounded_query

VISITOR = {"REMOTE_ADDR": "203.0.113.7"}  # a documentation address

# A stand-in for espeak-ng: lists a few voices; then writes a small WAV, fails, or hangs,
# as FAKE_ESPEAK says.
FAKE_ESPEAK = """\
#!/bin/sh
if [ "$1" = "--voices" ]; then
  echo "Pty Language       Age/Gender VoiceName          File                 Other Languages"
  for voice in fr-fr en-gb nl ar uk; do echo " 5  $voice          M  $voice              x/$voice"; done
  exit 0
fi
case "$FAKE_ESPEAK" in
  hang) exec sleep 60 ;;
  fail) echo "espeak-ng: out of memory" >&2; exit 1 ;;
  crash) kill -SEGV $$ ;;
esac
cat >/dev/null
head -c 1000 /dev/zero | sed 's/^/RIFF/' > "$4"
"""


@pytest.fixture
def fake_espeak(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "espeak-ng"
    script.write_text(textwrap.dedent(FAKE_ESPEAK))
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    installed_voices.cache_clear()
    yield script
    installed_voices.cache_clear()


# -- QR codes ----------------------------------------------------------------------------


def test_a_qr_code_is_made_once_per_address(client, monkeypatch):
    made = []
    real = segno.make
    monkeypatch.setattr(qrcodes.segno, "make", lambda *args, **kwargs: made.append(args) or real(*args, **kwargs))
    qrcodes.qr_svg_document.cache_clear()
    answers = [client.get("/qr.svg?path=/en/housing/").get_data() for _ in range(3)]
    assert len(made) == 1 and answers[0] == answers[1] == answers[2]


def test_qr_codes_are_rate_limited(client):
    statuses = [
        client.get(f"/qr.svg?path=/en/{n}", environ_base=VISITOR).status_code for n in range(QR_CODES.per_minute + 1)
    ]
    assert set(statuses[:-1]) == {200} and statuses[-1] == 429


# -- read aloud ----------------------------------------------------------------------------


def _status(client, url: str, **kwargs) -> int:
    with client.get(url, **kwargs) as response:
        return response.status_code


def test_making_audio_is_rate_limited_listening_again_is_not(app, fake_espeak):
    client, cache = app.test_client(), app.extensions["kiosk"].config.speech_cache_dir
    url = "/fr/housing/rental-deposit/audio"
    for _ in range(SPEECH.per_minute):  # a new file each time, as for ever more addresses
        shutil.rmtree(cache, ignore_errors=True)
        assert _status(client, url, environ_base=VISITOR) == 200
    assert _status(client, url, environ_base=VISITOR) == 200  # made already: free
    shutil.rmtree(cache)
    assert _status(client, url, environ_base=VISITOR) == 429


@pytest.mark.parametrize("mode", ["hang", "fail", "crash"])
def test_audio_that_cannot_be_made_is_a_polite_503(app, fake_espeak, monkeypatch, mode):
    monkeypatch.setattr(speech, "SYNTHESIS_TIMEOUT_SECONDS", 1)
    monkeypatch.setenv("FAKE_ESPEAK", mode)
    response = app.test_client().get("/fr/housing/rental-deposit/audio")
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert response.is_json and response.get_json()["message"]
    # Nothing half-made is left in the cache, and the next try makes the file.
    cache = app.extensions["kiosk"].config.speech_cache_dir
    assert not list(cache.rglob("*.wav"))


def test_synthesis_is_stopped_before_gunicorn_kills_the_worker():
    spec = importlib.util.spec_from_file_location("kiosk_gunicorn_conf", PROJECT_ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    # Room for the rest of the request (reading the text, sending the file) before the kill.
    assert speech.SYNTHESIS_TIMEOUT_SECONDS <= conf.timeout - 5


def test_the_audio_cache_keeps_what_is_listened_to_within_its_size(tmp_path, config, fake_espeak):
    content = load_content(config.content_dir, config.languages)
    rental, doctor = content.articles["housing/rental-deposit"], content.articles["health/finding-a-doctor"]
    versions = [(rental, "fr"), (rental, "en"), (doctor, "fr"), (doctor, "nl")]
    cache = Speech(tmp_path / "speech", cache_bytes=3100)  # three files of the stand-in's 1,005 bytes
    made = [cache.audio(article, article.versions[lang]) for article, lang in versions[:3]]
    assert cache.cached(rental, rental.versions["fr"]) == made[0]  # listened to again
    newest = cache.audio(doctor, doctor.versions["nl"])
    kept = sorted(p.name for p in (tmp_path / "speech").rglob("*.wav"))
    assert kept == sorted([made[0].name, made[2].name, newest.name])
    assert cache.cached(rental, rental.versions["en"]) is None  # the least recently used: made again if asked


def test_a_failed_synthesis_raises_speech_failed(tmp_path, config, fake_espeak, monkeypatch):
    monkeypatch.setenv("FAKE_ESPEAK", "fail")
    article = load_content(config.content_dir, config.languages).articles["housing/rental-deposit"]
    with pytest.raises(SpeechFailed, match="out of memory"):
        Speech(tmp_path / "speech").audio(article, article.versions["fr"])


# -- searches ------------------------------------------------------------------------------


def test_a_search_takes_at_most_a_few_words():
    assert bounded_query("garantie locative") == "garantie locative"
    many = " ".join(f"w{n}" for n in range(40))
    assert bounded_query(many).split() == [f"w{n}" for n in range(MAX_QUERY_WORDS)]
    assert len(bounded_query("a" * 5000)) == 100


def test_words_past_the_limit_are_not_searched(client):
    filler = " ".join(["qqqq"] * MAX_QUERY_WORDS)
    found = client.get("/api/search", query_string={"q": "garantie " + filler, "lang": "fr"}).get_json()["results"]
    assert found
    past = client.get("/api/search", query_string={"q": filler + " garantie", "lang": "fr"}).get_json()["results"]
    assert past == []
