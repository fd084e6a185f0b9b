"""The kiosk's Jinja environment: Flask's, with each template's globals kept as one plain dict.

Jinja keeps a template's globals as a ChainMap of its own over the environment's, and copies
them into a dict for every rendering (and every include or import "with context"): a
ChainMap is copied key by key in Python, some 40 µs for the kiosk's 38 globals, a plain dict
at C speed in 1 µs. Here a template's globals are a dict that holds both, the template's own
over the environment's, and a global added to the environment later still reaches every
template (as Jinja's ChainMap lets it), by the environment's globals passing it on.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

from flask.templating import Environment


class TemplateGlobals(dict):
    """One template's globals: the environment's, with the template's own over them."""

    __hash__ = object.__hash__  # kept by identity in the environment's weak list

    def __init__(self, environment: Mapping, own: Mapping):
        super().__init__(environment)
        dict.update(self, own)
        self.own = set(own)

    # What the template sets is its own (Jinja updates a cached template's globals this way).
    def __setitem__(self, key, value) -> None:
        self.own.add(key)
        dict.__setitem__(self, key, value)

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def environment_set(self, key, value) -> None:
        if key not in self.own:
            dict.__setitem__(self, key, value)

    def environment_deleted(self, key) -> None:
        if key not in self.own:
            dict.pop(self, key, None)


class EnvironmentGlobals(dict):
    """The environment's globals, passing every change on to the templates' globals."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates: weakref.WeakValueDictionary[int, TemplateGlobals] = weakref.WeakValueDictionary()

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self, key, value)
        for made in list(self.templates.values()):
            made.environment_set(key, value)

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def __delitem__(self, key) -> None:
        dict.__delitem__(self, key)
        for made in list(self.templates.values()):
            made.environment_deleted(key)

    def pop(self, key, *default):
        if key not in self:
            return dict.pop(self, key, *default)
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        raise TypeError("template globals are removed by name")

    def clear(self) -> None:
        for key in list(self):
            del self[key]

    def __ior__(self, other):
        self.update(other)
        return self


class KioskEnvironment(Environment):
    def __init__(self, app, **options):
        super().__init__(app, **options)
        self.globals = EnvironmentGlobals(self.globals)

    def make_globals(self, d) -> TemplateGlobals:
        made = TemplateGlobals(self.globals, d or {})
        self.globals.templates[id(made)] = made
        return made
