"""Values made once and kept in a bounded dict, emptied when full. No Flask.

An open build keeps what searches ask again and again (a word's tokens, a word's query, a term's
frequency, a text's snippets). Emptying the whole dict when it is full is cruder than an LRU but
costs nothing on a hit, where an LRU moves the key on every one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

Value = TypeVar("Value")


def kept(memo: dict, key: Hashable, make: Callable[[], Value], most: int) -> Value:
    """``memo[key]``, made by ``make()`` when absent; ``memo`` is emptied first when it holds
    ``most`` values. ``make`` never returns None (None is "not kept")."""
    value = memo.get(key)
    if value is None:
        if len(memo) >= most:
            memo.clear()
        value = memo[key] = make()
    return value
