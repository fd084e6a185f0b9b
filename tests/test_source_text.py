"""The text staff diffs are made from: the whole body as written, whatever Markdown it holds."""

from __future__ import annotations

from conftest import LANGUAGES, article_file, write

from app.content import load_content
from app.content.frontmatter import FrontMatterError, split_front_matter
from app.records import source_text

BODY = "Before the rule.\n\n---\n\nAfter the rule.\n\n---\n\nAt the end."


def test_the_body_keeps_what_stands_before_and_after_markdown_rules():
    parts = split_front_matter("---\ntitle: T\nsummary: S\n---\n" + BODY + "\n")
    assert parts.front == "title: T\nsummary: S"
    assert parts.body == BODY + "\n"
    assert (parts.front_first_line, parts.closing_line) == (2, 4)


def test_a_file_without_closed_front_matter_says_where():
    for text in ("title: T\n", "---\ntitle: T\n"):
        try:
            split_front_matter(text)
        except FrontMatterError as error:
            assert error.line == 1 and "---" in error.message
        else:
            raise AssertionError(f"accepted {text!r}")


def test_source_text_of_an_article_with_horizontal_rules(content_dir):
    write(content_dir / "health" / "rules" / "en.md", article_file("Rules", "With rules.", BODY, revision=1))
    content = load_content(content_dir, LANGUAGES)
    version = content.article("health", "rules").versions["en"]
    assert source_text(version) == f"# Rules\n\nWith rules.\n\n{BODY}\n"
    # The page shows the same three paragraphs.
    assert [p in version.body_text for p in ("Before the rule.", "After the rule.", "At the end.")] == [True] * 3
