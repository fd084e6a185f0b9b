"""Generated paths, query strings and form bodies against every route of the app (read from
app.url_map, so a new route is fuzzed without touching this file): never a 5xx, and never a
traceback, a filesystem path or a library name in what comes back."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from urllib.parse import quote, unquote, urlencode

import pytest
from conftest import LANGUAGES, close_database, make_config, make_content, write
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from app import create_app
from app.config import PROJECT_ROOT
from app.content import load_content
from app.database import upgrade
from app.search import build_index

PASSWORD = "fuzzing staff password"
OFFICE = """
name: {en: Welcome Office, fr: Bureau d'accueil}
address: {en: "Rue Haute 1, 1000 Brussels"}
coordinates: [50.8400, 4.3500]
opening_hours: "Mo-Fr 09:00-12:00,13:00-16:00; PH off"
languages: [fr, nl, ar]
topics: [housing]
"""
SESSION = """
title: {en: Information session, fr: Séance d'information}
place: office
topics: [housing]
start: 2026-12-08 09:30
end: "11:00"
repeat: FREQ=WEEKLY;BYDAY=TU;COUNT=4
"""
# What an error must never show. Lower case; compared with the body in lower case.
LEAKS = (
    "traceback",
    'file "',
    "site-packages",
    "dist-packages",
    "/usr/lib/python",
    "/work/",
    "/tmp/",
    str(PROJECT_ROOT).lower(),
    "werkzeug",
    "flask",
    "jinja",
    "sqlalchemy",
    "sqlite",
    "psycopg",
    "whoosh",
    "gunicorn",
    "itsdangerous",
    "wtforms",
    "exception",
)
FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- generated values ------------------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        "",
        ".",
        "..",
        "../..",
        "../../etc/passwd",
        "%2e%2e",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%252e%252e",
        "..%2f",
        "..\\..\\",
        "\x00",
        "%00",
        "a\x00b",
        "%",
        "%zz",
        "%c0%ae",
        "\u202e",
        "\u200f",
        "\u200e",
        "\ufeff",
        "\u2028",
        "\ud7ff",
        "\U0001f600",
        "ﷺ",
        "ሀ",
        "مدرسة",
        "житло",
        "a" * 300,
        "é" * 2000,
        "x" * 5000,
        "<script>alert(1)</script>",
        "{{7*7}}",
        "${7*7}",
        "'; DROP TABLE feedback; --",
        "//evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "CON",
        "index.html",
        "favicon.svg",
        "css/kiosk.css",
        "js/../../app/__init__.py",
        "-1",
        "0",
        "99999999999999999999",
        "1e308",
        "NaN",
        "2026-W99",
        "2026-W01",
        "9999-W52",
        "0000-W00",
        " ",
        "\t\n",
        "?",
        "#",
        "&",
        "=",
        ";",
        "+",
        "/",
    ]
)
# Any character an HTTP client can send: surrogates cannot be encoded, so they never arrive.
CHARS = st.characters(codec="utf-8")
TEXT = st.one_of(HOSTILE, st.text(CHARS, max_size=30), st.text(CHARS, min_size=1, max_size=8).map(lambda t: t * 50))
# Valid values of each URL variable, so the fuzzing reaches the views and not only 404s.
VALID = {
    "lang": LANGUAGES,
    "topic_id": ["housing", "health", "places", "events", "search"],
    "slug": ["rental-deposit", "finding-a-doctor", "feedback", "audio"],
    "place_id": ["office", "by-appointment"],
    "event_id": ["session"],
    "counter_id": ["bapa-1", "bon-molenbeek-2", "a", "A", "a" * 41, "-a"],
    "filename": ["favicon.svg", "css/kiosk.css", "js/tools.js", "keyboards/pashto.json", "vendor/fonts/fonts.css"],
    "name": ["translations", "content", "searches", "feedback", "usage", "counters"],
}
PARAMETERS = [
    "q",
    "lang",
    "pages",
    "path",
    "url",
    "next",
    "week",
    "weeks",
    "days",
    "table",
    "feedback",
    "reported",
    "counter",
    "token",
    "helpful",
    "comment",
    "message",
]
FIELDS = ["token", "helpful", "comment", "q", "message", "csrf_token", "username", "password", "counter"]
# Field names that break a multipart header or a form encoding.
ODD_FIELDS = ["", "\r", "\n", 'na"me', "line\r\nbreak", "nul\x00", "csrf_token\r", "a[]", "a.b", "%00"]


def url_value(name: str):
    """A value for one URL variable: a valid one, a hostile one, or any text; raw or %-encoded."""
    value = st.one_of(st.sampled_from(VALID.get(name, ["x"])), TEXT)
    return st.tuples(value, st.sampled_from(["raw", "quoted", "twice"])).map(_encode)


def _encode(pair: tuple[str, str]) -> str:
    value, how = pair
    if how == "quoted":
        return quote(value, safe="")
    if how == "twice":
        return quote(quote(value, safe=""), safe="")
    return value


QUERY = st.one_of(
    st.lists(st.tuples(st.sampled_from(PARAMETERS) | st.text(CHARS, max_size=10), TEXT), max_size=6).map(
        lambda pairs: urlencode(pairs)
    ),
    st.lists(st.sampled_from(PARAMETERS) | TEXT, max_size=6).map("&".join),  # raw, often malformed
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


def paths_of(app, rules):
    """A strategy for a path of one of ``rules``, its variables filled with generated values."""

    def fill(rule):
        names = sorted(rule.arguments)
        return st.tuples(*(url_value(name) for name in names)).map(lambda values: _substitute(rule, names, values))

    return st.sampled_from(rules).flatmap(fill)


def _substitute(rule, names, values) -> tuple[object, str]:
    path = rule.rule
    for name, value in zip(names, values, strict=True):
        path = re.sub(rf"<(?:[^<>:]+(?:\([^)]*\))?:)?{name}>", lambda _match, v=value: v, path)
    return rule, path


# -- the app, built once for the module ------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from app.database import make_engine
    from app.staff_accounts import create_user

    tmp_path = tmp_path_factory.mktemp("fuzz-routes")
    content_dir = make_content(tmp_path / "content")
    write(content_dir / "places" / "office.yaml", OFFICE)
    write(content_dir / "places" / "by-appointment.yaml", "name: By appointment\nappointment_only: true\n")
    write(content_dir / "events" / "session.yaml", SESSION)
    config = make_config(tmp_path, content_dir)
    build_index(load_content(config.content_dir, config.languages), config.index_dir)
    upgrade(config.database_url)
    from sqlalchemy.orm import Session

    engine = make_engine(config.database_url)
    with Session(engine) as session, session.begin():
        create_user(session, "alice", PASSWORD)
    engine.dispose()
    app = create_app(replace(config))
    # Exceptions propagate to the test, with their traceback, instead of becoming a plain 500.
    app.config.update(TESTING=True)
    yield app
    close_database(app)


@pytest.fixture(scope="module")
def client(fuzz_app):
    return fuzz_app.test_client()


@pytest.fixture(scope="module")
def staff_client(fuzz_app):
    client = fuzz_app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = client.post("/staff/login", data={"csrf_token": token, "username": "alice", "password": PASSWORD})
    assert answer.status_code == 302
    return client


def absolute(url: str) -> str:
    """The URL with the test client's host. Werkzeug's test client reads a path that starts with
    // as a host after it ("//[/x": an invalid IPv6 address; "//\x80": no host name), which no
    server does: the slashes after the first are sent escaped, and reach the app as slashes."""
    path = url.lstrip("/")
    return "http://localhost/" + "%2F" * max(0, len(url) - len(path) - 1) + path


def rules(app, method: str, staff: bool | None = None):
    found = [
        rule
        for rule in app.url_map.iter_rules()
        if method in rule.methods and (staff is None or rule.rule.startswith("/staff") == staff)
    ]
    assert found, method
    return found


def check(response, *inputs) -> None:
    """Never a 5xx, and nothing of the server's insides in the body (unless the visitor typed it)."""
    try:
        assert 200 <= response.status_code < 500, (response.status_code, inputs)
        if response.status_code < 300 and response.mimetype not in ("text/html", "application/json"):
            return  # the site's own files, audio, QR codes and calendars
        # The staff pages name the project's own command, which is no leak.
        body = response.get_data(as_text=True).lower().replace("flask --app wsgi", "")
        typed = " ".join(unquote(str(i)) + " " + str(i) for i in inputs).lower()
        for leak in LEAKS:
            if leak in body and leak not in typed:
                pytest.fail(f"{leak!r} in the answer to {inputs!r}")
    finally:
        response.close()


def test_paths_that_start_with_slashes_reach_the_app_as_they_are(client):
    # Found by the fuzzer: the test client took '//[/x' for a host. A server hands these on.
    for path in ["////\x80/audio", "//[/rental-deposit/audio", "//fr/", "/fr/"]:
        answer = client.get(absolute(path))
        assert answer.request.environ["PATH_INFO"] == path.encode().decode("latin-1")  # WSGI's form
        assert answer.status_code < 500


def test_every_route_is_fuzzed(fuzz_app):
    every = {rule.endpoint for rule in fuzz_app.url_map.iter_rules()}
    fuzzed = {rule.endpoint for method in ("GET", "POST") for rule in rules(fuzz_app, method)}
    assert every == fuzzed
    assert {"feedback.article_feedback", "feedback.missing", "counters.heartbeat", "counter.reset"} <= {
        rule.endpoint for rule in rules(fuzz_app, "POST")
    }


# -- GET ------------------------------------------------------------------------------------


@pytest.mark.slow
@FUZZ
@given(data=st.data(), query=QUERY)
def test_get_every_public_route(fuzz_app, client, data, query):
    _rule, path = data.draw(paths_of(fuzz_app, rules(fuzz_app, "GET", staff=False)))
    url = path + ("?" + query if query else "")
    note(f"GET {url!r}")
    check(client.get(absolute(url)), url)


@pytest.mark.slow
@settings(FUZZ, max_examples=250)
@given(data=st.data(), query=QUERY)
def test_get_every_staff_route_signed_in(fuzz_app, staff_client, data, query):
    _rule, path = data.draw(paths_of(fuzz_app, rules(fuzz_app, "GET", staff=True)))
    url = path + ("?" + query if query else "")
    note(f"GET {url!r} (signed in)")
    check(staff_client.get(absolute(url)), url)


@pytest.mark.slow
@settings(FUZZ, max_examples=100)
@given(data=st.data(), method=st.sampled_from(["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND"]))
def test_other_methods_on_every_route(fuzz_app, client, data, method):
    _rule, path = data.draw(paths_of(fuzz_app, list(fuzz_app.url_map.iter_rules())))
    check(client.open(absolute(path), method=method), method, path)


# -- POST -----------------------------------------------------------------------------------


def _body(draw, fuzz_app, path: str):
    """Form fields with random values; the token random, for another form, or the right one."""
    tokens = fuzz_app.extensions["form_tokens"]
    fields = draw(st.dictionaries(st.sampled_from(FIELDS + ODD_FIELDS) | st.text(CHARS, max_size=10), TEXT, max_size=6))
    choice = draw(st.sampled_from(["random", "valid", "other form", "none"]))
    if choice == "valid":
        fields["token"] = tokens.token_for(unquote(path.split("?", 1)[0]))
    elif choice == "other form":
        fields["token"] = tokens.token_for("/en/search/missing")
    if draw(st.booleans()):
        fields["helpful"] = draw(st.sampled_from(["yes", "no", "", "YES", "maybe"]))
    return fields


@pytest.mark.slow
@FUZZ
@given(data=st.data(), query=QUERY, encoding=st.sampled_from(["form", "multipart", "json", "bytes"]))
def test_post_every_route_that_takes_a_form(fuzz_app, client, data, query, encoding):
    _rule, path = data.draw(paths_of(fuzz_app, rules(fuzz_app, "POST")))
    url = path + ("?" + query if query else "")
    fields = _body(data.draw, fuzz_app, path)
    note(f"POST {url!r} as {encoding}: {fields!r}")
    if encoding == "form":
        response = client.post(absolute(url), data=fields)
    elif encoding == "multipart":
        response = client.post(absolute(url), data=fields, content_type="multipart/form-data")
    elif encoding == "json":
        response = client.post(absolute(url), json=fields)
    else:
        raw = data.draw(st.binary(max_size=200))
        content_type = data.draw(st.sampled_from(["application/x-www-form-urlencoded", "text/plain", "", "x/y; a"]))
        response = client.post(absolute(url), data=raw, content_type=content_type)
    check(response, url, fields)


@pytest.mark.parametrize(
    "path", ["/staff/login", "/staff/logout", "/kiosk/reset", "/api/heartbeat", "/en/search/missing"]
)
def test_a_multipart_part_without_a_name(client, path):
    """Any client can send a form part with no name= (werkzeug files it under the key None)."""
    body = b"--XX\r\nContent-Disposition: form-data\r\n\r\nhello\r\n--XX--\r\n"
    check(client.post(path, data=body, content_type="multipart/form-data; boundary=XX"), path, body)


@pytest.mark.slow
@settings(FUZZ, max_examples=200)
@given(
    body=st.one_of(
        JSON.map(lambda value: ("json", value)),
        st.binary(max_size=300).map(lambda raw: ("bytes", raw)),
        st.text(CHARS, max_size=100).map(lambda text: ("broken json", "{" + text)),
        st.dictionaries(st.sampled_from(FIELDS + ["software_version", "content_revision"]), TEXT).map(
            lambda form: ("form", form)
        ),
    ),
    content_type=st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain", None]),
)
def test_heartbeat_takes_any_body(client, body, content_type):
    kind, value = body
    if kind == "json":
        response = client.post("/api/heartbeat", data=json.dumps(value), content_type=content_type)
    elif kind == "form":
        response = client.post("/api/heartbeat", data=value)
    else:
        response = client.post("/api/heartbeat", data=value, content_type=content_type)
    check(response, value)


@pytest.mark.slow
@settings(FUZZ, max_examples=100)
@given(token=st.one_of(TEXT, st.just("valid")), body=st.binary(max_size=100))
def test_kiosk_reset_takes_any_token(fuzz_app, client, token, body):
    if token == "valid":
        token = fuzz_app.extensions["form_tokens"].token_for("/kiosk/reset")
    headers = {"X-Reset-Token": token} if token.isprintable() and token.isascii() else {}
    response = client.post("/kiosk/reset", data=body, headers=headers)
    check(response, token)
    assert response.status_code in (204, 400)


@pytest.mark.slow
@settings(FUZZ, max_examples=100)
@given(
    username=st.one_of(st.sampled_from(["alice", "ALICE", "alice "]), TEXT),
    password=st.one_of(st.just(PASSWORD), TEXT),
    next_path=TEXT,
    valid_token=st.booleans(),
)
def test_staff_login_takes_any_form(fuzz_app, username, password, next_path, valid_token):
    client = fuzz_app.test_client()
    fields = {"username": username, "password": password}
    if valid_token:
        page = client.get("/staff/login").get_data(as_text=True)
        fields["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    url = "/staff/login?" + urlencode({"next": next_path})
    response = client.post(absolute(url), data=fields)
    check(response, fields, next_path)
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["Location"]
        assert location.startswith("/staff/") and not location.startswith("//"), location
