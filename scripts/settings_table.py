"""Print the README's configuration table, made from app/settings.py (the one settings table).

    .venv/bin/python scripts/settings_table.py --write   # rewrite the table in README.md

tests/test_settings.py fails while the README's table differs from this one.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.settings import markdown_table  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- settings table: made by scripts/settings_table.py from app/settings.py -->\n"
END = "<!-- end of settings table -->\n"


def readme_with_table(readme: str) -> str:
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return before + START + markdown_table() + END + after


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        README.write_text(readme_with_table(README.read_text("utf-8")), "utf-8")
    else:
        print(markdown_table(), end="")
