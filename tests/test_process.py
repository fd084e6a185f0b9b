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


def test_database_sessions_get_an_engine_of_their_own_after_a_fork(tmp_path):
    # The statistics writer's sessions: a forked worker must not use (or dispose of) the
    # connections of the process it was forked from. The child only makes its engine, without
    # connecting: a fork of a process with threads (pytest-xdist's) may copy a lock that one of
    # them held, and SQLite's could then never be taken in the child.
    import select
    import signal

    from sqlalchemy import text

    from app.database import ProcessSessions

    sessions = ProcessSessions(f"sqlite:///{tmp_path / 'kiosk.db'}")
    with sessions() as session:
        session.execute(text("create table seen (pid integer)"))
        session.commit()
        parents_engine = session.get_bind()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            with sessions() as session:
                own = session.get_bind() is not parents_engine
            sessions.close()
            os.write(write, b"own" if own and not sessions.open else b"shared")
        finally:
            os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], 30)
    said = os.read(read, 100) if ready else b"no answer"
    os.close(read)
    if not ready:
        os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    assert said == b"own"
    assert sessions.open  # the child's close() let go of its own engine, not the parent's
    with sessions() as session:
        assert session.get_bind() is parents_engine
        session.execute(text("insert into seen values (1)"))  # its connections still work
        assert session.execute(text("select count(*) from seen")).scalar_one() == 1
    sessions.close()
    assert not sessions.open
