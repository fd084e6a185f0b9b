"""A strict YAML reader for files written by hand: no aliases, no duplicate keys.

Two readers give the same answers: libyaml's C parser (when PyYAML was built with it) reads
every file that is fine, ten times faster; the pure-Python one reads any file the C one refuses
or that holds an alias, and so words every problem, with its line, the one way.
"""

from __future__ import annotations

import yaml


class _StrictConstruction(yaml.constructor.SafeConstructor):
    """Refuses duplicate keys (silent overwrites) and dates that are none."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            # "2026-13-45" looks like a date to YAML but is none.
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a real date ({error})", node.start_mark
            ) from None


_StrictConstruction.add_constructor("tag:yaml.org,2002:timestamp", _StrictConstruction.construct_yaml_timestamp)


class StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _StrictConstruction,
    yaml.resolver.Resolver,
):
    """SafeLoader (pure Python) that also refuses aliases (alias bombs)."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _StrictConstruction.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content files", event.start_mark
            )
        return super().compose_node(parent, index)


if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.cyaml.CParser, _StrictConstruction, yaml.resolver.Resolver):
        """libyaml's parser with the same construction and resolution as StrictLoader."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _StrictConstruction.__init__(self)
            yaml.resolver.Resolver.__init__(self)

else:  # PyYAML built without libyaml: every file goes the pure-Python way
    _FastLoader = None


class _SlowPath(Exception):
    """The fast reader leaves this text to the pure-Python one, which words the refusal."""


def _fast_load(text: str):
    """(root node, data) by libyaml, or _SlowPath / any error for the pure-Python reader to word."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        if _has_alias(node):
            raise _SlowPath
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _slow_load(text: str):
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        return node, (None if node is None else loader.construct_document(node))
    finally:
        loader.dispose()


def _has_alias(root) -> bool:
    """Whether a node is reached twice: libyaml composes an alias as the anchored node itself."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return False


class YamlProblem(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class YamlDocument:
    """Parsed YAML and where each part of it was written: ``line("closed", 1, "from")`` is the
    file line of that key (or list item), read from the YAML node marks, never from the text."""

    def __init__(self, data, root, first_line: int = 1):
        self.data = data
        self._root = root
        self.first_line = first_line

    def line(self, *path, missing: int | None = None) -> int:
        """The line of the key or item at ``path``. A part of the path that is not in the file
        gives ``missing`` when given, else the line of the deepest part that is."""
        node, line = self._root, self.first_line
        if node is not None:
            line += node.start_mark.line
        for step in path:
            found = _child(node, step)
            if found is None:
                return line if missing is None else missing
            key_node, node = found
            line = self.first_line + key_node.start_mark.line
        return line


def _child(node, step):
    """(the node to point at, the node holding the value) of a key or an index under ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], node.value[step]
    return None


def parse_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise YamlProblem with the 1-based line number in the whole file."""
    return read_yaml(text, first_line).data


def read_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse YAML text, keeping its node marks for line numbers; raise YamlProblem with the
    1-based line number in the whole file."""
    try:
        if _FastLoader is not None:
            try:
                root, data = _fast_load(text)
                return YamlDocument(data, root, first_line)
            except Exception:  # noqa: BLE001 - any refusal is read again below, worded with its line
                pass
        root, data = _slow_load(text)
        return YamlDocument(data, root, first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        context = error.context
        if context and error.context_mark and mark and error.context_mark.line != mark.line:
            context += f" (from line {first_line + error.context_mark.line})"
        what = ", ".join(part for part in (context, error.problem) if part)
        raise YamlProblem(line, f"YAML error: {what}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"YAML error: {error}") from None
    except RecursionError:
        raise YamlProblem(first_line, "YAML error: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as error:
        # Anything else a constructor refuses: still a problem of this file, never a crash.
        raise YamlProblem(first_line, f"YAML error: {error}") from None
