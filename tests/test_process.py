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
    # connections of the process it was forked from.
    from sqlalchemy import text

    from app.database import ProcessSessions

    sessions = ProcessSessions(f"sqlite:///{tmp_path / 'kiosk.db'}")
    with sessions() as session:
        session.execute(text("create table seen (pid integer)"))
        session.commit()
        parents_engine = id(session.get_bind())
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        with sessions() as session:
            session.execute(text("insert into seen values (:pid)"), {"pid": os.getpid()})
            session.commit()
            own = id(session.get_bind()) != parents_engine
        sessions.close()
        os.write(write, b"own" if own and not sessions.open else b"shared")
        os._exit(0)
    os.close(write)
    said = os.read(read, 100)
    os.close(read)
    os.waitpid(child, 0)
    assert said == b"own"
    assert sessions.open  # the child's close() let go of its own engine, not the parent's
    with sessions() as session:
        assert id(session.get_bind()) == parents_engine
        assert session.execute(text("select pid from seen")).scalar_one() == child
    sessions.close()
    assert not sessions.open
