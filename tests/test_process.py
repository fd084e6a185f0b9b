"""The process id known without a system call (app/process.py) follows a fork, as the content
watcher and the statistics writer need it to (gunicorn forks its workers from one master)."""

from __future__ import annotations

import os

from app.process import process_id


def test_the_process_id_is_the_childs_after_a_fork():
    assert process_id() == os.getpid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: says what it knows, then leaves without running pytest's exit
        os.write(write, f"{process_id()} {os.getpid()}".encode())
        os._exit(0)
    os.close(write)
    said = os.read(read, 100).decode().split()
    os.close(read)
    os.waitpid(child, 0)
    assert said[0] == said[1] == str(child)
    assert process_id() == os.getpid() != child
