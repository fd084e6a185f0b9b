"""A second process that indexes some of a whole build's fields while the builder indexes the
others (a build is mostly Python: one process uses one core of the two a kiosk server has).

The process is forked once the build has its documents, so it has them without copying; it
indexes each document's value in its fields (about half of the analysed text, the fields of
whole languages, as a language's fields share its analysis costs), sends back their lengths,
then their postings encoded as the postings file holds them (postings.py): compact bytes the
builder writes where they belong. The index is the one a single process makes, byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback

from .postings import EncodedField
from .schema import text_fields

# Fewer documents than this: a second process costs more than it saves.
HELPER_DOCUMENTS = 1000
# The builder's share of the work besides its fields (storing every document, writing): the
# process takes fields worth this much more text than the builder keeps.
BUILDER_HEAD_START = 0.15


class FieldProcessFailed(RuntimeError):
    """The second process failed or died: its traceback, when it could send it."""


class FieldProcess:
    """The forked process indexing ``fieldnames`` of ``documents`` (their docnums: their order)."""

    def __init__(self, schema, documents: list[dict], codec):
        self.fieldnames = _helper_fields(schema, documents)
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_run, args=(sender, schema, documents, self.fieldnames, codec), name="index-fields", daemon=True
        )
        self._process.start()
        sender.close()

    @staticmethod
    def worth_it(documents: int) -> bool:
        """Whether a build of so many documents is quicker with the second process here, and
        safe: only a process with no other thread forks (the `flask index build` command, a
        benchmark). A web worker has threads (the recorder's writer, the index upkeep that runs
        this build): a lock one of them held at the fork would stay held in the child forever,
        so there the build stays in one process."""
        return (
            documents >= HELPER_DOCUMENTS
            and (os.cpu_count() or 1) > 1
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1
        )

    def lengths(self) -> dict[str, dict[int, int]]:
        """{field: {docnum: length}} of the process's fields (no entry: 0)."""
        return self._receive()

    def encoded(self) -> dict[str, EncodedField]:
        """The process's fields that documents have, encoded: the process's last message."""
        return self._receive()

    def close(self) -> None:
        self._receiver.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def _receive(self):
        try:
            kind, message = self._receiver.recv()
        except (EOFError, OSError) as error:
            raise FieldProcessFailed(f"the indexing process ended with code {self._process.exitcode}") from error
        if kind == "error":
            raise FieldProcessFailed(message)
        return message


def _helper_fields(schema, documents: list[dict]) -> frozenset[str]:
    """Analysed fields of whole languages, about half of the documents' analysed text."""
    sizes: dict[str, int] = {}
    for document in documents:
        for name, value in document.items():
            if isinstance(value, str):
                sizes[name] = sizes.get(name, 0) + len(value)
    languages: dict[str, int] = {}
    for lang in {name.rsplit("_", 1)[1] for name in schema.names() if name.startswith("body_")}:
        languages[lang] = sum(sizes.get(name, 0) for name in text_fields(lang))
    loads = {"builder": sum(languages.values()) * BUILDER_HEAD_START, "helper": 0.0}
    given = []
    for lang in sorted(languages, key=lambda lang: (-languages[lang], lang)):  # the largest first
        side = "helper" if loads["helper"] <= loads["builder"] else "builder"
        loads[side] += languages[lang]
        if side == "helper":
            given.append(lang)
    return frozenset(name for lang in given for name in text_fields(lang) if name in schema)


def _run(sender, schema, documents: list[dict], fieldnames: frozenset[str], codec) -> None:
    from .bulk import FieldPostings  # bulk.py imports this module

    try:
        fields: dict[str, FieldPostings] = {}
        lengths: dict[str, dict[int, int]] = {}
        for docnum, document in enumerate(documents):
            for name in fieldnames.intersection(document):
                value = document[name]
                if value is None:
                    continue
                if name not in fields:
                    fields[name] = FieldPostings(schema[name])
                    lengths[name] = {}
                length = fields[name].add(docnum, value)
                if length:
                    lengths[name][docnum] = length
        sender.send(("lengths", lengths))
        sender.send(("encoded", {name: postings.encode(codec) for name, postings in fields.items()}))
    except BaseException:  # noqa: BLE001 - whatever failed, the builder must hear of it
        sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()
