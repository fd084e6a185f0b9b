"""The public pages' frame kept per language and kind of browser (app/web/page_frames.py): every
kind of page is the page the templates render, whatever frames were kept before it."""

from __future__ import annotations

import re

from app.web.page_frames import PageFrames

PAGES = [
    "/",  # no language yet: the frame's words said in every language
    "/en/",
    "/ar/",  # right to left, another script and its fonts
    "/en/housing/",
    "/uk/housing/rental-deposit",
    "/en/search?q=deposit",
    "/en/search?q=depost",  # "did you mean"
    "/fr/search?q=zzqqxx",  # nothing found: the missing-page form
    '/en/search?q="><script>alert(1)</script>',
    "/en/places/",
    "/en/my-pages",
    "/en/housing/no-such-article",  # not found: the error page in its language
]
# A form's token is new in every answer (app/public_forms.py): compared as "TOKEN".
TOKEN = re.compile(r'((?:name|value|data-reset-token)=")[\w.-]{30,}"')


def _page(client, path: str) -> tuple[int, str]:
    client.application.extensions["page_cache"].__init__()  # rendered, not answered from the cache
    response = client.get(path)
    return response.status_code, TOKEN.sub(r'\1TOKEN"', response.get_data(as_text=True))


def _browsers(app):
    """A home browser and two counters (each counter's id is in its frame)."""
    home, first, second = app.test_client(), app.test_client(), app.test_client()
    first.get("/kiosk/bapa-1")
    second.get("/kiosk/bapa-2")
    return {"home": home, "bapa-1": first, "bapa-2": second}


def test_every_page_is_the_page_the_templates_render(app):
    browsers = _browsers(app)
    # A counter's own start address shows the attract screen (a home browser would become a counter).
    paths = {name: [*PAGES, *([f"/kiosk/{name}"] if name != "home" else [])] for name in browsers}
    app.jinja_env.auto_reload = True  # as in development: the frame is rendered for every page
    rendered = {(name, path): _page(client, path) for name, client in browsers.items() for path in paths[name]}
    app.jinja_env.auto_reload = False
    # Each page is then shown with the frame kept by whichever page (or browser) had its key
    # first: in one order, then in the other.
    for backwards in (False, True):
        app.extensions["page_frames"].__init__()
        for name, client in browsers.items():
            order = paths[name][::-1] if backwards else paths[name]
            for path in [*order, *order]:
                assert _page(client, path) == rendered[name, path], (name, path)


def test_each_page_has_its_own_title_words_and_token(app):
    browsers = _browsers(app)
    pages = [_page(browsers["bapa-1"], path)[1] for path in ("/en/housing/", "/en/search?q=deposit")]
    assert re.search(r"<title>[^<]*Housing[^<]*</title>", pages[0])
    assert "<title>Search · " in pages[1] and 'value="deposit"' in pages[1]
    assert pages[0].count('data-reset-token="TOKEN"') == pages[1].count('data-reset-token="TOKEN"') == 1
    tokens = set()
    for _ in range(2):  # a new reset token in every counter page, the frame kept or not
        browsers["bapa-1"].application.extensions["page_cache"].__init__()
        body = browsers["bapa-1"].get("/en/housing/").get_data(as_text=True)
        tokens.add(re.search(r'data-reset-token="([^"]+)"', body).group(1))
    assert len(tokens) == 2


def test_a_published_change_gives_the_frame_its_new_revision(app, content_dir):
    counter = _browsers(app)["bapa-1"]
    revision = re.compile(r'data-content-revision="(\w+)"')
    before = revision.search(_page(counter, "/en/housing/")[1]).group(1)
    article = next(content_dir.glob("housing/*/en.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    app.extensions["kiosk"].reload_content()
    after = revision.search(_page(counter, "/en/housing/")[1]).group(1)
    assert after != before and after == app.extensions["kiosk"].content.fingerprint[:12]


def test_a_bounded_number_of_frames_is_kept(app, client):
    app.extensions["page_frames"] = frames = PageFrames(size=2)
    for path in ("/en/housing/", "/fr/housing/", "/ar/housing/", "/uk/housing/", "/"):
        _page(client, path)
        assert 1 <= len(frames) <= 2


def test_each_mount_point_has_its_own_frame(app, client):
    def page(root: str) -> str:
        app.extensions["page_cache"].__init__()
        response = client.get("/en/housing/", base_url=f"http://localhost{root}/")
        return TOKEN.sub(r'\1TOKEN"', response.get_data(as_text=True))

    app.jinja_env.auto_reload = True
    rendered = page("/kiosk")
    app.jinja_env.auto_reload = False
    page("")  # the frame of the site at the root kept first
    assert page("/kiosk") == rendered
    assert 'href="/kiosk/static/css/kiosk.css?v=' in rendered
