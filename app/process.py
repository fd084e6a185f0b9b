"""This process's id, known without asking the kernel each time.

Code that must not carry threads or connections across gunicorn's fork (the content watcher, the
statistics writer) compares the process id on every request, several times per request.
``os.getpid()`` is a system call, a few µs each in a virtual machine, so the id is read once at
import and again in the child after every fork (``os.register_at_fork``: os.fork and
multiprocessing's fork both run it; a process started anew imports this module anew).
"""

from __future__ import annotations

import os

_pid = os.getpid()


def _forked() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_forked)


def process_id() -> int:
    """The id of the process running this code (what os.getpid() answers)."""
    return _pid
