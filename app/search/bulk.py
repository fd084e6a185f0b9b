"""A whole build's documents written as one new Whoosh segment, with far less Python per posting.

Whoosh's own writer (SegmentWriter) analyses every word of every document through its chain of
filters, sends each posting through a sorting pool that pickles runs of them to temporary files
and merges them back, then reads each document's field length back from disk for every posting.
On the 24,000-document benchmark corpus that was most of a 77 s build (cProfile: pickling the
runs and merging them ~40 %, analysis ~20 %, length look-ups ~15 %).

This writer makes the same segment (same terms, postings, weights, lengths, stored fields) with
Whoosh's own codec, but

- analyses each distinct word once per field: every analyzer of the schema is a tokenizer
  followed by filters that look at one token at a time, so a word always gives the same terms,
  and a corpus repeats its words massively;
- keeps the postings in memory, per field and term, in lists appended to at C speed (no
  pool, no runs; a document's terms at once, no Python call per posting);
- encodes them in the codec's block format itself (postings.py), a block at a time;
- with add_documents, indexes the fields of about half the text in a second process
  (field_process.py) while this one indexes the rest and stores every document.

The segment is byte for byte the one Whoosh's writer makes, in one process or two (tested on
documents of nine languages' analyses).
Only whole builds use it; a publication's few changed documents go through Whoosh's writer.
tests/test_search_bulk.py checks that both writers make the same index.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from itertools import chain, repeat

from whoosh.analysis import CompositeAnalyzer, IDTokenizer, RegexTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Existence, Frequency
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .field_process import FieldProcess
from .postings import EncodedField, encode_field, write_field
from .schema import PART_SEPARATOR, PartsAnalyzer

_exhaust = deque(maxlen=0).extend  # runs an iterator of calls at C speed


class _Terms(dict):
    """{word: its terms}, each word analysed when first met (a miss costs nothing per hit)."""

    __slots__ = ("analyzer",)

    def __init__(self, analyzer):
        super().__init__()
        self.analyzer = analyzer

    def __missing__(self, word: str) -> tuple[bytes, ...]:
        terms = self[word] = tuple(token.text.encode("utf-8") for token in self.analyzer(word, mode="index"))
        return terms


class _WordAnalysis:
    """A field's analysis split into its tokenizer's words and each word's terms (cached).

    ``weights``: for a head field, the weight PartsAnalyzer gives the tokens of each part.
    ``supported``: False when the analyzer does not start with a regular-expression tokenizer
    (the writer then lets Whoosh analyse the field).
    """

    def __init__(self, analyzer):
        self.weights = None
        if isinstance(analyzer, PartsAnalyzer):
            self.weights = analyzer.weights
            analyzer = analyzer.analyzer
        self.terms = _Terms(analyzer)
        items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
        tokenizer = items[0]
        self.supported = isinstance(tokenizer, RegexTokenizer) and not tokenizer.gaps
        self.findall = tokenizer.expression.findall if self.supported else None

    def count(self, value: str) -> tuple[Counter, dict[bytes, float] | None]:
        """{term: frequency} and {term: summed weight} (None: each weight is its frequency, the
        weight of a token being 1.0), as Whoosh's Frequency format makes them from the
        analyzer's tokens. Weights are sums of a part's weight (6.0, 4.0, 2.5, 2.0) over few
        tokens: exact in any order, as products are."""
        terms_of = self.terms.__getitem__
        if self.weights is None or PART_SEPARATOR not in value:
            return Counter(chain.from_iterable(map(terms_of, self.findall(value)))), None
        freqs: Counter = Counter()
        weights: dict[bytes, float] = {}
        for weight, part in zip(self.weights, value.split(PART_SEPARATOR), strict=False):
            counted = Counter(chain.from_iterable(map(terms_of, self.findall(part))))
            freqs.update(counted)
            for term, freq in counted.items():
                weights[term] = weights.get(term, 0.0) + weight * freq
        return freqs, weights


class FieldPostings:
    """One field's postings and lengths in a build, in memory, and their encoding."""

    def __init__(self, field):
        self.field = field
        self.analysis = None
        if type(field.format) is Frequency and field.scorable and not field.vector and field.analyzer:
            analysis = _WordAnalysis(field.analyzer)
            self.analysis = analysis if analysis.supported else None
        # {term: [docnum, frequency(, weight), docnum, …]}: a posting is a few items of a list,
        # appended at C speed (a document's terms at once); weights only in a weighed field.
        self.terms: defaultdict[bytes, list] = defaultdict(list)
        self.stride = 2 if self.analysis is not None and self.analysis.weights is None else 3
        self.lengths: dict[int, int] = {}  # {docnum: length as the codec stores it}
        # An identifier: the whole value is its one term (what field.index makes, without its
        # tokens and generators: four such fields in every document).
        self.whole = type(field.analyzer) is IDTokenizer and type(field.format) is Existence

    def add(self, docnum: int, value) -> int:
        """Index one document's value: its length, as Whoosh counts it (0: not scored)."""
        weights = None
        if self.analysis is not None:
            freqs, weights = self.analysis.count(value)
            length = freqs.total()
        elif self.whole and isinstance(value, str):
            term = value.encode("utf-8")
            freqs, weights = {term: 1}, {term: self.field.format.field_boost}
            length = 1 if self.field.scorable else 0
        else:  # another kind of field: as Whoosh indexes it
            items = [(term, freq, weight) for term, freq, weight, _ in self.field.index(value)]
            freqs = {term: freq for term, freq, _ in items}
            weights = {term: weight for term, _, weight in items}
            length = sum(freqs.values()) if self.field.scorable else 0
        columns = [repeat(docnum), freqs.values()]
        if self.stride == 3:
            columns.append(freqs.values() if weights is None else map(weights.__getitem__, freqs))
        postings = zip(*columns, strict=False)  # tuples zip reuses: extend keeps none
        _exhaust(map(list.extend, map(self.terms.__getitem__, freqs), postings))
        if length:
            self.lengths[docnum] = byte_to_length(length_to_byte(length))
        return length

    def encode(self, codec) -> EncodedField:
        return encode_field(self.terms, self.stride, self.lengths, self.field.format, codec)


class _MemoryPool:
    """Stands in for Whoosh's PostingPool: nothing to sort or clean up."""

    def cleanup(self):
        pass


class BulkWriter(SegmentWriter):
    """A SegmentWriter for a new index's documents, added once each (no updates, no deletions)."""

    def __init__(self, index, **kwargs):
        super().__init__(index, **kwargs)
        self.pool = _MemoryPool()
        self._fields: dict[str, FieldPostings] = {}
        self._helper: FieldProcess | None = None

    def add_document(self, **fields):
        self._add(fields, frozenset())

    def add_documents(self, documents: list[dict], progress=None, helper: bool | None = None) -> None:
        """Add every document; the fields of some languages are indexed in a second process
        while this one indexes the others and stores every document (commit then waits for
        that process's lengths and postings: meanwhile the caller may do other work).

        ``helper``: whether to start that process (default: with two cores or more, fork,
        and enough documents to be worth the process). ``progress(done, total)``."""
        if helper is None:
            helper = FieldProcess.worth_it(len(documents))
        for document in documents:
            self._names(document)  # every document checked before the process starts
        if helper and self.docnum == 0 and not self._fields:
            self._helper = FieldProcess(self.schema, documents, self.codec)
        try:
            given = self._helper.fieldnames if self._helper else frozenset()
            for done, document in enumerate(documents, start=1):
                self._add(document, given)
                if progress:
                    progress(done, len(documents))
        except BaseException:
            self._close_helper()
            raise

    def _add(self, fields: dict, given: frozenset[str]) -> None:
        """Index and store one document, but for the fields ``given`` to the other process."""
        names = self._names(fields)
        docnum = self.docnum
        lengths = {name: self._index(name, docnum, fields[name]) for name in names if name not in given}
        self._store(fields, names, lengths)

    def _add_lengths(self, lengths: dict[str, dict[int, int]]) -> None:
        """The lengths of the other process's fields, {field: {docnum: length}} in docnum order,
        as the per-document writer's add_field adds them (each field's lengths are a column of
        their own: added after the documents, they make the same column)."""
        perdoc = self.perdocwriter
        for fieldname, field_lengths in sorted(lengths.items()):
            column_name = _lenfield(fieldname)
            if not perdoc._has_column(column_name):
                perdoc._create_column(column_name, LENGTHS_COLUMN)
            add = perdoc._get_column(column_name).add
            for docnum, length in field_lengths.items():
                add(docnum, length_to_byte(length))
            perdoc._fieldlengths[fieldname] += sum(field_lengths.values())

    def _names(self, fields: dict) -> list[str]:
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("the bulk writer takes no boosts or custom stored values")
        fieldnames = sorted(fields)
        self._check_fields(self.schema, fieldnames)
        return fieldnames

    def _index(self, fieldname: str, docnum: int, value) -> int:
        field = self.schema[fieldname]
        if value is None or not field.indexed:
            return 0
        postings = self._fields.get(fieldname)
        if postings is None:
            postings = self._fields[fieldname] = FieldPostings(field)
        return postings.add(docnum, value)

    def _store(self, fields: dict, fieldnames: list[str], lengths: dict[str, int]) -> None:
        """The document's stored fields, field lengths and column values."""
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = self.schema[fieldname]
            perdoc.add_field(fieldname, field, value if field.stored else None, lengths.get(fieldname, 0))
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        if self._helper:
            try:
                self._add_lengths(self._helper.lengths())
            except BaseException:
                self._close_helper()
                raise
        self.perdocwriter.close()
        writer = self.fieldwriter
        # This process's fields first: the other process encodes its own meanwhile.
        encoded = {name: postings.encode(self.codec) for name, postings in self._fields.items()}
        try:
            encoded.update(self._helper.encoded() if self._helper else {})
        finally:
            self._close_helper()
        for fieldname in sorted(encoded):
            write_field(writer, fieldname, self.schema[fieldname], encoded.pop(fieldname))
        writer.close()

    def cancel(self):
        self._close_helper()
        super().cancel()

    def _close_helper(self) -> None:
        if self._helper:
            self._helper.close()
            self._helper = None
