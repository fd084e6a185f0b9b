"""What every part of a content load shares: the folder, the languages, the problems found so
far, the fingerprint of the files read. A file that cannot be read is reported here, with its
path and line, and skipped. No Flask."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..languages import UnknownLanguage, describe_language
from .fields import Context, Issue
from .files import UnusableFile, conflict_marker, read_content_file
from .model import Problem
from .parsed_yaml import ParsedYaml
from .rendered_bodies import RenderedBodies
from .yamlsafe import YamlDocument, YamlProblem, read_yaml

TOPICS_FILE = "topics.yaml"
# Old addresses of renamed, moved and archived articles (written by the staff studio).
REDIRECTS_FILE = "redirects.yaml"
# Folders at the top of content/ that hold other kinds of files than articles.
OTHER_FOLDERS = {"places", "events", "synonyms", "notices"}


class Reader:
    def __init__(
        self,
        root: Path,
        languages: set[str],
        pictogram_exists,
        bodies: RenderedBodies.Load,
        parsed: ParsedYaml.Load | None = None,
    ):
        self.root = root
        self.bodies = bodies
        self.parsed = parsed  # YAML parsed by earlier loads; without it, every text is parsed
        self.languages = languages
        self.rtl_languages = {code for code in languages if _is_rtl(code)}
        self.pictogram_exists = pictogram_exists
        self.problems: list[Problem] = []
        self.fingerprint = hashlib.sha256()
        # The line of a place an article names, per file (the places are read after the articles).
        self.place_lines: dict[Path, Callable[[str], int]] = {}

    def context(self, **more) -> Context:
        return Context(frozenset(self.languages), pictogram_exists=self.pictogram_exists, **more)

    def problem(self, path: Path, line: int, message: str, fatal: bool = True) -> None:
        self.problems.append(Problem(path, line, message, fatal))

    def report(self, path: Path, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.problem(path, issue.line or 1, issue.message, issue.fatal)

    def read_text(self, path: Path) -> str | None:
        """The file as text, or None after reporting why it cannot be used."""
        try:
            data = read_content_file(self.root, path)
        except UnusableFile as error:
            self.problem(path, 1, str(error))
            return None
        except OSError as error:
            self.problem(path, 1, f"cannot read the file ({error.strerror or error})")
            return None
        self.fingerprint.update(str(path.relative_to(self.root)).encode("utf-8", "surrogateescape") + b"\0")
        self.fingerprint.update(data)
        if not data.strip():
            self.problem(path, 1, "the file is empty")
            return None
        if b"\0" in data:
            line = data[: data.index(b"\0")].count(b"\n") + 1
            self.problem(path, line, "binary data (a NUL byte): this is not a text file")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problem(path, line, f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")
            return None
        return self.checked_text(path, text)

    def checked_text(self, path: Path, text: str) -> str | None:
        """The text ready to read, or None after reporting a merge conflict in it."""
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        marker = conflict_marker(text)
        if marker is not None:
            line, sign = marker
            self.problem(path, line, f"a merge conflict marker ({sign}): keep one version and remove the markers")
            return None  # never served: visitors would read both versions and the markers
        return text

    def yaml(self, path: Path, text: str, first_line: int = 1) -> YamlDocument | None:
        """The parsed YAML with its node marks, or None after reporting the YAML error."""
        try:
            return self.parsed.read(text, first_line) if self.parsed is not None else read_yaml(text, first_line)
        except YamlProblem as error:
            self.problem(path, error.line, error.message)
            return None

    def yaml_files(self, folder_name: str, name_ok, naming_message: str) -> Iterator[tuple[Path, YamlDocument]]:
        """(path, parsed YAML) of each readable <folder>/<name>.yaml; problems reported."""
        folder = self.root / folder_name
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml" or not name_ok(path.stem):
                self.problem(path, 1, naming_message)
                continue
            text = self.read_text(path)
            document = None if text is None else self.yaml(path, text)
            if document is not None:
                yield path, document


def _is_rtl(code: str) -> bool:
    try:
        return describe_language(code).is_rtl
    except UnknownLanguage:
        return False
