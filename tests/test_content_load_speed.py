"""What makes loading the content cheap, checked for what it must not change: libyaml reads the
front matter as the pure-Python reader does, and a load after a publication renders only the
Markdown that changed."""

from __future__ import annotations

import yaml
from conftest import LANGUAGES

from app.config import PROJECT_ROOT
from app.content import load_content
from app.content.frontmatter import split_front_matter
from app.content.loader import RENDERED
from app.content.yamlsafe import StrictLoader, parse_yaml

SHIPPED = PROJECT_ROOT / "content"


def _shipped_yaml():
    for path in sorted(SHIPPED.rglob("*")):
        if path.suffix == ".yaml" or (path.suffix == ".md" and path.name != "README.md"):
            text = path.read_text("utf-8")
            yield path, split_front_matter(text).front if path.suffix == ".md" else text


def test_every_shipped_file_reads_the_same_with_libyaml_and_pure_python():
    # The locked PyYAML wheel carries libyaml; an install without it would load content in pure
    # Python, several times slower, so that is a failure here, not a reason to skip.
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml (make setup installs the locked wheel)"
    checked = 0
    for path, text in _shipped_yaml():
        fast = parse_yaml(text)
        slow = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
        assert fast == slow and type(fast) is type(slow), path
        checked += 1
    assert checked > 900


def test_a_load_after_one_edit_renders_only_the_edited_file(content_dir):
    first = load_content(content_dir, LANGUAGES)
    rendered = RENDERED.rendered
    again = load_content(content_dir, LANGUAGES)
    assert RENDERED.rendered == rendered  # nothing changed: nothing rendered
    assert again.article("housing", "rental-deposit").versions["en"].body_html == (
        first.article("housing", "rental-deposit").versions["en"].body_html
    )

    path = content_dir / "housing" / "rental-deposit" / "en.md"
    path.write_text(path.read_text("utf-8") + "\nA **new** line.\n", encoding="utf-8")
    edited = load_content(content_dir, LANGUAGES)
    assert RENDERED.rendered == rendered + 1
    english = edited.article("housing", "rental-deposit").versions["en"]
    assert "<strong>new</strong>" in english.body_html and "A new line." in english.body_text
    # The other languages' bodies are those of the first load, not rendered again.
    assert edited.article("housing", "rental-deposit").versions["fr"].body is (
        first.article("housing", "rental-deposit").versions["fr"].body
    )
