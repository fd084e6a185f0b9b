"""What the database could not take yet, kept on local disk until it can. No Flask here.

A visitor's answer ("was this helpful?", a note) is acknowledged only once it is stored: in the
database, or, when the database cannot take it (locked, read-only, down, deleted), appended
here and fsynced first. Counts still waiting when a worker stops are saved here too. The
recorder's thread of any worker writes them to the database later; an answer's form token
makes writing it twice harmless (records.add_rows stores one row per token).

Each worker appends to its own file; a file is taken for writing by renaming it, so two workers
never write the same file, and the files of a worker that died are taken by the others.
Nothing here is about a visitor beyond what the database itself would hold.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections import Counter
from datetime import date
from pathlib import Path

from .models import Feedback, MissingReport
from .records import Row

log = logging.getLogger(__name__)
_TABLES = {model.__tablename__: model for model in (Feedback, MissingReport)}
# Past this size answers are refused (the visitor is told to try later), not kept: a flood of
# answers while the database is down must not fill the disk the kiosk runs from.
MAX_SPOOL_BYTES = 50 * 1024 * 1024
# The counts a stopped worker keeps, by name in its file (app/recorder.py has one Counter of each).
COUNT_NAMES = ("views", "searches", "nothing_found", "opened")


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (a stopped worker's spool, an interrupted sync)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(path: Path) -> int:
    try:
        return int(path.name.split("-")[1].split(".")[0])
    except (IndexError, ValueError):
        return 0


def _row_json(row: Row) -> str:
    values = {k: v.isoformat() if isinstance(v, date) else v for k, v in row.values.items()}
    return json.dumps({"table": row.model.__tablename__, "values": values, "once": row.once}, ensure_ascii=False)


def _row_from_json(line: str) -> Row:
    data = json.loads(line)
    values = data["values"] | {"day": date.fromisoformat(data["values"]["day"])}
    return Row(_TABLES[data["table"]], values, data.get("once"))


def _key_json(key: tuple) -> list:
    return [k.isoformat() if isinstance(k, date) else k for k in key]


def _key_from_json(key: list) -> tuple:
    return (date.fromisoformat(key[0]), *key[1:])


class Spool:
    def __init__(self, directory: Path, max_bytes: int = MAX_SPOOL_BYTES):
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    def _size(self) -> int:
        return sum(path.stat().st_size for path in self.directory.glob("*") if path.is_file())

    def _write(self, path: Path, text: str, mode: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(path, mode, encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    # -- visitors' answers ------------------------------------------------------------------

    def append_rows(self, rows: list[Row]) -> bool:
        """Keep ``rows`` on disk (fsynced); False if the disk cannot take them either."""
        text = "".join(_row_json(row) + "\n" for row in rows)
        try:
            with self._lock:
                if self.directory.is_dir() and self._size() + len(text) > self.max_bytes:
                    log.error("a visitor's answer was not saved: the spool is full (%d bytes)", self.max_bytes)
                    return False
                self._write(self.directory / f"rows-{os.getpid()}.jsonl", text, "a")
            return True
        except OSError as error:
            log.error("a visitor's answer was not saved (database and spool unavailable: %s)", type(error).__name__)
            return False

    def take_rows(self) -> list[tuple[Path, list[Row]]]:
        """The kept answers of this worker and of workers that died, each file with its rows.
        Delete a file (``done``) once its rows are in the database."""
        me = os.getpid()
        taken = []
        for path in sorted(self.directory.glob("rows-*.jsonl")):
            pid = _pid_of(path)
            if pid != me and process_alive(pid):
                continue
            claimed = self.directory / f"retry-{me}-{secrets.token_hex(4)}.jsonl"
            try:
                with self._lock:  # this worker's own appends wait for the rename
                    path.rename(claimed)
            except OSError:
                continue  # another worker took it first
        for path in sorted(self.directory.glob("retry-*.jsonl")):
            pid = _pid_of(path)
            if pid != me:
                if process_alive(pid):
                    continue
                claimed = self.directory / f"retry-{me}-{secrets.token_hex(4)}.jsonl"
                try:
                    path.rename(claimed)
                except OSError:
                    continue
                path = claimed
            try:
                lines = path.read_text("utf-8").splitlines()
            except OSError:
                continue
            rows = []
            for line in lines:
                try:
                    rows.append(_row_from_json(line))
                except (ValueError, KeyError, TypeError):
                    # A line cut short by a crash in the middle of a write: it was never acknowledged.
                    log.warning("an unreadable line of %s was dropped", path.name)
            taken.append((path, rows))
        return taken

    @staticmethod
    def done(path: Path) -> None:
        path.unlink(missing_ok=True)

    # -- counts waiting when a worker stops ---------------------------------------------------

    def save_counts(self, views: Counter, searches: Counter, nothing_found: Counter, opened: Counter) -> bool:
        """Keep counts that could not be written before the worker stops; False if the disk failed."""
        data = {
            name: [[_key_json(key), n] for key, n in counts.items()]
            for name, counts in zip(COUNT_NAMES, (views, searches, nothing_found, opened), strict=True)
        }
        final = self.directory / f"counts-{os.getpid()}-{secrets.token_hex(4)}.json"
        temporary = final.with_suffix(".tmp")
        try:
            self._write(temporary, json.dumps(data, ensure_ascii=False), "w")
            temporary.rename(final)  # whole or not at all
            return True
        except OSError as error:
            log.error("statistics lost at shutdown (database and spool unavailable: %s)", type(error).__name__)
            return False

    def take_counts(self) -> tuple[Counter, Counter, Counter, Counter]:
        """Counts saved by stopped workers, taken out of the spool (they are counted again in memory):
        views, searches, searches that found nothing, results opened."""
        taken = {name: Counter() for name in COUNT_NAMES}
        for path in sorted(self.directory.glob("counts-*.json")):
            claimed = path.with_name(f"taking-{os.getpid()}-{path.name}")
            try:
                path.rename(claimed)
                data = json.loads(claimed.read_text("utf-8"))
                claimed.unlink()
            except (OSError, ValueError):
                continue
            for name, counts in taken.items():
                for key, n in data.get(name, []):  # a file of an older version has no "opened"
                    counts[_key_from_json(key)] += n
        return tuple(taken[name] for name in COUNT_NAMES)
