"""Dependencies point one way: the web side (app/__init__.py, app/web/, extensions, i18n, the
CLI) uses the domain; the domain never imports Flask, so `content check`, `index build`, the
tests and scripts use it without an app (STYLE.md, "Domain free of Flask")."""

from __future__ import annotations

import subprocess
import sys

from app.config import PROJECT_ROOT

APP = PROJECT_ROOT / "app"
WEB_SIDE = {"app", "app.web.extensions", "app.i18n"}


def _domain_modules() -> list[str]:
    modules = []
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name in WEB_SIDE or name.startswith(("app.web", "app.cli")):
            continue
        modules.append(name)
    return modules


def test_there_is_a_domain_to_check():
    modules = _domain_modules()
    assert {"app.content.loader", "app.search.query", "app.languages.facts", "app.places.hours"} <= set(modules)


# Imports the modules one after the other and names the first after which Flask is loaded
# (looking only finds a package, as app/pictograms.py does for the icon set: that is allowed).
_FIRST_TO_LOAD_FLASK = """
import importlib, sys

def flask_loaded():
    return sorted(m for m in sys.modules if m == "flask" or m.startswith(("flask.", "flask_")))

for name in sys.argv[1:]:
    importlib.import_module(name)
    if flask_loaded():
        print(name, "loads", ", ".join(flask_loaded()))
        break
"""


def test_no_domain_module_imports_flask():
    """Every domain module is imported in a fresh interpreter: none may load Flask."""
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_TO_LOAD_FLASK, *_domain_modules()],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", f"these domain modules load Flask:\n{result.stdout}"


# A module someone can read in one sitting (the architecture issue's rule).
LONGEST_MODULE = 350


def test_no_module_under_app_is_over_350_lines():
    lengths = {
        str(path.relative_to(PROJECT_ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in APP.rglob("*.py")
    }
    assert len(lengths) > 100  # the whole package was looked at
    assert {path: lines for path, lines in lengths.items() if lines > LONGEST_MODULE} == {}
