"""make bench's content rows, on the shipped content (the repository's content/ folder):

- loading it: in a fresh process as a server starts (its cache folder holds the bodies an earlier
  start rendered), in a fresh process with an empty cache folder (the first start after an
  install: every Markdown body rendered), then again in that process (as after a publication,
  only changed bodies rendered);
- one changed article published and visible in search: from the edited file to a search that
  finds its new word, through the studio's Publish (Publisher.publish with the served content:
  git commit, load, checks, index build from a copy of the live build, signed publication) and a
  searcher opened before the change, as a worker has one. (``flask content publish`` also
  loads the last publication from git to compare with: about 2 s more on the shipped content.)

Usage: python bench/content_bench.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.config import load_config  # noqa: E402
from app.content import load_content  # noqa: E402
from app.content.frontmatter import open_document, save_text  # noqa: E402
from app.content.history import Author  # noqa: E402
from app.publishing import Publisher  # noqa: E402
from app.search import Searcher  # noqa: E402

SHIPPED = ROOT / "content"
# The article changed, and the word it gains: no language has it, so the search finds it only
# once the publication's build is live.
CHANGED = Path("housing") / "social-housing" / "fr.md"
NEW_WORD = "zorglubeville"

_LOAD_TWICE = """
import json, sys, time
sys.path.insert(0, {root!r})
from app.config import load_config
from app.content import load_content
languages = load_config({config!r}).languages
times = []
for _ in range(2):
    started = time.perf_counter()
    load_content({content!r}, languages, cache_dir={cache!r})
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def languages() -> tuple[str, ...]:
    return tuple(load_config(ROOT / "kiosk_config.yaml").languages)


def _load_twice(content: Path, cache: Path) -> tuple[float, float]:
    script = _LOAD_TWICE.format(
        root=str(ROOT), config=str(ROOT / "kiosk_config.yaml"), content=str(content), cache=str(cache)
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    first, again = json.loads(output.strip().splitlines()[-1])
    return first, again


def load_times(content: Path = SHIPPED) -> tuple[float, float, float]:
    """Seconds to load ``content``: in a fresh process whose cache folder holds the rendered
    bodies (a server's start), in a fresh process with an empty cache folder (the first start),
    and once more in that process (after a publication)."""
    cache = Path(tempfile.mkdtemp(prefix="kiosk-bench-cache-"))
    try:
        first_start, again = _load_twice(content, cache)
        start, _ = _load_twice(content, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return start, first_start, again


def publish_to_search(work: Path, content: Path = SHIPPED) -> tuple[float, int | None]:
    """Seconds from one article's changed text to a search that finds it, and the documents the
    publication's build wrote again (None: it built everything)."""
    codes = languages()
    folder = work / "content"
    shutil.copytree(content, folder, ignore=shutil.ignore_patterns(".git"))
    publisher = Publisher(
        content_dir=folder,
        publications_dir=work / "publications.git",
        key_file=work / "keys" / "signing_key",
        index_dir=work / "index",
        languages=codes,
        load=lambda root: load_content(root, codes),
    )
    author = Author("bench", "Bench")
    publisher.publish(author)  # the live build the next publication starts from
    served = load_content(folder, codes)  # what visitors see: the studio's Publish compares with it
    searcher = Searcher(work / "index")
    searcher.warm()
    lang = CHANGED.stem
    assert not searcher.search(NEW_WORD, lang).hits

    started = time.perf_counter()
    document = open_document(folder / CHANGED)
    document.body += f"\nVoir aussi {NEW_WORD}.\n"
    save_text(folder / CHANGED, document.text())
    publisher.publish(author, served)
    while not searcher.search(NEW_WORD, lang).hits:
        if time.perf_counter() - started > 120:
            raise RuntimeError("the changed article never became visible in search")
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    info = json.loads((work / "index" / "current" / "build.json").read_text("utf-8"))
    return seconds, info.get("rewritten")


def main() -> int:
    start, first_start, again = load_times()
    print(
        f"content load, shipped content: {start:.2f} s in a fresh process (bodies in the cache folder), "
        f"{first_start:.2f} s in a fresh process with an empty cache folder, {again:.2f} s loaded again"
    )
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    try:
        seconds, rewritten = publish_to_search(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"one changed article published → visible in search: {seconds:.2f} s ({rewritten} documents rewritten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
