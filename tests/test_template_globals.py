"""Templates' globals as one plain dict (app/web/template_globals.py): what Jinja's ChainMap
gives, a template's own over the environment's, and later changes to the environment's."""

from __future__ import annotations

from flask import Flask
from jinja2 import DictLoader

from app.web.application import KioskFlask
from app.web.template_globals import KioskEnvironment, TemplateGlobals


def _app() -> Flask:
    app = KioskFlask(__name__)
    app.jinja_env.loader = DictLoader({"page.html": "{{ greeting }} {{ name | default('-') }}"})
    return app


def test_the_kiosk_app_has_the_kiosk_environment(app):
    assert isinstance(app.jinja_env, KioskEnvironment)
    assert type(app.jinja_env.get_template("base.html").globals) is TemplateGlobals


def test_a_template_sees_the_environment_s_globals_and_its_own_over_them():
    app = _app()
    app.jinja_env.globals.update(greeting="hello", name="everyone")
    with app.app_context():
        plain = app.jinja_env.get_template("page.html")
        own = app.jinja_env.from_string("{{ greeting }} {{ name }}", globals={"name": "Amina"})
        assert plain.render() == "hello everyone"
        assert own.render() == "hello Amina"
        assert own.globals["url_for"] == app.url_for  # Flask's own globals too


def test_a_global_added_or_changed_later_reaches_templates_loaded_before():
    app = _app()
    with app.app_context():
        plain = app.jinja_env.get_template("page.html")
        own = app.jinja_env.from_string("{{ greeting }} {{ name }}", globals={"name": "Amina"})
        assert plain.render() == " -"
        app.jinja_env.globals["greeting"] = "salam"
        app.jinja_env.globals.update(name="everyone")
        assert plain.render() == "salam everyone"
        assert own.render() == "salam Amina"  # its own name stays
        del app.jinja_env.globals["name"]
        app.jinja_env.globals.pop("greeting")
        assert plain.render() == " -"
        assert own.render() == " Amina"


def test_a_cached_template_given_globals_keeps_them_as_its_own():
    app = _app()
    app.jinja_env.globals["name"] = "everyone"
    with app.app_context():
        app.jinja_env.get_template("page.html")
        template = app.jinja_env.get_template("page.html", globals={"greeting": "hi", "name": "Yonas"})
        app.jinja_env.globals["name"] = "nobody"
        assert template.render() == "hi Yonas"
