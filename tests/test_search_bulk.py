"""The bulk writer of whole builds (app/search/bulk.py) makes the index Whoosh's own writer makes:
the same terms, postings, weights, lengths and stored fields, in every kind of analysis."""

from __future__ import annotations

import multiprocessing
import random
import re
import threading
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from app.search.bulk import BulkWriter
from app.search.field_process import (
    BUILDER_HEAD_START,
    HELPER_DOCUMENTS,
    FieldProcess,
    FieldProcessFailed,
    _helper_fields,
)
from app.search.schema import PART_SEPARATOR, build_schema, text_fields

UDHR = Path(__file__).parent / "data" / "udhr"
# Snowball, lemmas, Arabic script with roots, Persian, n-grams (Ethiopic and Latin).
LANGUAGES = ["en", "fr", "uk", "sq", "ar", "fa", "ti", "so", "tr"]


def _documents(count_per_language: int = 70) -> list[dict]:
    """Documents of random real words; common words reach more than one block of postings."""
    rng = random.Random(3)
    documents = []
    for lang in LANGUAGES:
        words = re.findall(r"\w+", " ".join(p.read_text("utf-8") for p in sorted((UDHR / lang).glob("*.txt"))))
        words = words[:400] + ["ÉCOLE", "İstanbul", "مدرسةُ", "سلام‌ها", "ёлка", "12", "x"]
        for number in range(count_per_language):
            head = PART_SEPARATOR.join(" ".join(rng.choices(words, k=rng.randint(1, 6))) for _ in range(4))
            body = " ".join(rng.choices(words, k=rng.randint(0, 120)))
            document = {
                "key": f"t/a{number}/{lang}",
                "article": f"t/a{number}",
                "topic": "t",
                "lang": lang,
                "text": body,
                f"head_{lang}": head,
                f"body_{lang}": body,
            }
            if lang == "ar":
                document["roots_ar"] = head.replace(PART_SEPARATOR, " ") + " " + body
            documents.append(document)
    return documents


def _build(folder: Path, documents: list[dict], bulk: bool, helper: bool | None = None) -> Path:
    """``helper``: the bulk writer's add_documents, with or without its second process
    (None: add_document, one document at a time)."""
    folder.mkdir()
    index = whoosh_index.create_in(folder, build_schema(LANGUAGES))
    writer = BulkWriter(index) if bulk else index.writer()
    if helper is None:
        for document in documents:
            writer.add_document(**document)
    else:
        writer.add_documents(documents, helper=helper)
    writer.commit()
    return folder


def _segment_files(folder: Path) -> dict[str, bytes]:
    """Every file of the index's one segment, by name without the segment's random id."""
    index = whoosh_index.open_dir(str(folder))
    (segment,) = index._segments()
    storage = segment.open_compound_file(index.storage)
    files = {}
    for name in storage.list():
        with storage.open_file(name) as file:
            files[name.replace(segment.segment_id(), "")] = file.read()
    storage.close()
    return files


def _postings(matcher) -> list:
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def _contents(folder: Path) -> dict:
    """Everything a search reads of an index: term statistics, postings, lengths, stored fields."""
    index = whoosh_index.open_dir(str(folder))
    with index.reader() as reader:
        terms = {}
        for fieldname, term in reader.all_terms():
            info = reader.term_info(fieldname, term)
            matcher = reader.postings(fieldname, term)
            terms[fieldname, term] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                _postings(matcher),
            )
        fields = [name for name in index.schema.names() if index.schema[name].scorable]
        lengths = {
            (docnum, name): reader.doc_field_length(docnum, name) for docnum in reader.all_doc_ids() for name in fields
        }
        totals = {name: reader.field_length(name) for name in fields}
        stored = list(reader.all_stored_fields())
    return {"terms": terms, "lengths": lengths, "totals": totals, "stored": stored}


@pytest.mark.slow  # builds several indexes: in make test; make test-fast stays under a minute
def test_the_bulk_writer_makes_the_index_whooshs_writer_makes(tmp_path):
    documents = _documents()
    expected = _contents(_build(tmp_path / "whoosh", documents, bulk=False))
    made = _contents(_build(tmp_path / "bulk", documents, bulk=True))
    assert len(expected["terms"]) > 5000
    # Common terms span several blocks of postings (a block holds 128).
    assert max(len(postings[-1]) for postings in expected["terms"].values()) > 300
    assert made["terms"].keys() == expected["terms"].keys()
    for key, statistics in expected["terms"].items():
        assert made["terms"][key] == statistics, key
    assert made["lengths"] == expected["lengths"]
    assert made["totals"] == expected["totals"]
    assert made["stored"] == expected["stored"]


@pytest.mark.slow  # builds several indexes: in make test; make test-fast stays under a minute
def test_the_bulk_writer_makes_whooshs_segment_byte_for_byte_with_or_without_its_second_process(tmp_path):
    documents = _documents(40)
    alone = _build(tmp_path / "alone", documents, bulk=True, helper=False)
    helped = _build(tmp_path / "helped", documents, bulk=True, helper=True)
    expected = _segment_files(alone)
    assert {name for name in expected if name.endswith((".pst", ".trm"))} == {".pst", ".trm"}
    assert _segment_files(helped) == expected
    # Whoosh's own writer makes the very same files (same postings, same blocks, same order).
    assert _segment_files(_build(tmp_path / "whoosh", documents, bulk=False)) == expected
    assert not multiprocessing.active_children()


def test_the_second_process_takes_whole_languages_about_its_share_of_the_text():
    documents = _documents(20)
    schema = build_schema(LANGUAGES)
    given = _helper_fields(schema, documents)
    languages = {name.rsplit("_", 1)[1] for name in given}
    assert 0 < len(languages) < len(LANGUAGES)
    assert given == {name for lang in languages for name in text_fields(lang) if name in schema}
    size = {lang: sum(len(d.get(n, "")) for d in documents for n in text_fields(lang)) for lang in LANGUAGES}
    share = sum(size[lang] for lang in languages) / sum(size.values())
    # The builder also stores every document: the process takes that much more text.
    assert abs(share - (1 + BUILDER_HEAD_START) / 2) < 0.15


@pytest.mark.slow  # builds several indexes: in make test; make test-fast stays under a minute
def test_a_failure_in_the_second_process_fails_the_build(tmp_path):
    documents = _documents(10)
    given = sorted(_helper_fields(build_schema(LANGUAGES), documents))
    name = next(name for name in given if name.startswith("body_"))
    documents[-1] = {**documents[-1], "lang": name[5:], name: 12345}  # not text: its analysis fails
    tmp_path.joinpath("index").mkdir()
    writer = BulkWriter(whoosh_index.create_in(tmp_path / "index", build_schema(LANGUAGES)))
    writer.add_documents(documents, helper=True)  # the builder's part: the commit waits for the process
    with pytest.raises(FieldProcessFailed, match="TypeError"):
        writer.commit()
    writer.cancel()
    assert not multiprocessing.active_children()


def test_a_process_with_other_threads_builds_alone(monkeypatch):
    # A web worker (the recorder's writer, the index upkeep) never forks: a lock another thread
    # held at the fork would stay held in the child.
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    many = HELPER_DOCUMENTS * 2
    with monkeypatch.context() as alone:  # as `flask index build` runs (pytest may have threads)
        alone.setattr(threading, "active_count", lambda: 1)
        assert FieldProcess.worth_it(many)
        assert not FieldProcess.worth_it(HELPER_DOCUMENTS - 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not FieldProcess.worth_it(many)
    finally:
        stop.set()
        other.join()
