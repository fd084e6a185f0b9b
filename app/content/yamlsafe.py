"""A strict YAML reader for files written by hand: no aliases, no duplicate keys."""

from __future__ import annotations

import yaml


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (alias bombs) and duplicate keys (silent overwrites)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content files", event.start_mark
            )
        return super().compose_node(parent, index)

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


StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_yaml_timestamp)


class YamlProblem(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise YamlProblem with the 1-based line number in the whole file."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader
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
