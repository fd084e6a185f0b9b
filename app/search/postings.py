"""A field's postings written straight in Whoosh's W3 format: the bytes W3PostingsWriter and
W3FieldWriter write, made with a few C-level operations per block rather than a Python call
per posting and several per block (in a 24,000-document build most terms have one block of a
few postings, and the codec's per-term and per-block bookkeeping was a third of the build).

The format, as whoosh/codec/whoosh3.py writes it for a term of a field:

- in the postings file, a header (WHOOSH3_HEADER_MAGIC), then each block of up to
  ``blocklimit`` postings: its length (negative for the last block), its pickled
  statistics (count, last docnum, highest weight, compression level, shortest and
  longest field length as bytes) and its pickled, zlib-compressed data (docnums as
  differences, weights in their shortest form, each frequency as 4 bytes);
- in the terms table, under the field number and the term, the term's statistics and
  where its postings are.

tests/test_search_bulk.py checks that the index reads as the one Whoosh's writer makes.
"""

from __future__ import annotations

import sys
from array import array
from itertools import chain
from operator import sub
from pickle import dumps
from typing import NamedTuple
from zlib import compress

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import _lengths
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

_BIG_ENDIAN = sys.byteorder == "big"  # a frequency is stored as pack_uint stores it: big-endian
_RECORD_LENGTHS = _lengths.pack  # a terms table record starts with its key's and value's lengths


class EncodedField(NamedTuple):
    """A field's postings as bytes, and for each term in order: its term, its statistics as the
    terms table stores them, and where its postings are in ``postings``."""

    postings: bytes
    terms: list[tuple[bytes, bytes, int, int]]


def encode_field(postings: dict, stride: int, lengths: dict, format_, codec) -> EncodedField:
    """Encode every term of one field, as the codec writes them in a postings file.

    ``postings``: {term: [docnum, frequency(, weight), docnum, …]} in the order documents were
    added (``stride`` 2: each weight is the frequency). ``lengths``: {docnum: field length as
    the codec stores it}, empty in a field that is not scored.
    """
    limit, level = codec._blocklimit, codec._compression
    if codec._inlinelimit > 1:
        raise ValueError("postings kept in the terms table are not supported")
    value_size = format_.fixed_value_size()
    if value_size not in (0, 4):
        raise ValueError(f"a posting value of {value_size} bytes is not supported")
    pack_terminfo = W3TermInfo._struct.pack
    length_of = lengths.__getitem__
    position = 0
    chunks: list[bytes] = []
    terms = []
    for term in sorted(postings):
        flat = postings[term]
        docs = array("I", flat[0::stride])
        frequencies = flat[1::stride]
        raw_weights = flat[2::stride] if stride == 3 else frequencies
        count = len(docs)
        start = position
        chunks.append(WHOOSH3_HEADER_MAGIC)
        position += len(WHOOSH3_HEADER_MAGIC)
        total_weight, max_weight, min_length, max_length = 0, 0, None, 0
        for begin in range(0, count, limit):
            ids = docs[begin : begin + limit]
            raw = raw_weights[begin : begin + limit]
            weights = array("f", raw)
            first = weights[0]
            if weights.count(first) == len(weights):
                mini_weights = None if first == 1.0 else first
            else:
                mini_weights = tuple(weights)
            values = None
            if value_size:
                values = array("I", frequencies[begin : begin + limit])
                if not _BIG_ENDIAN:
                    values.byteswap()
                values = values.tobytes()
            data = dumps((tuple(map(sub, ids, chain((0,), ids))), mini_weights, values), 2)
            if level:
                data = compress(data, level)
            block_min, block_max = None, 0
            if lengths:
                doc_lengths = list(map(length_of, ids))
                block_min, block_max = min(doc_lengths), max(doc_lengths)
                min_length = block_min if min_length is None else min(min_length, block_min)
                max_length = max(max_length, block_max)
            block_weight = max(0, float(max(raw)))  # a float, as the codec's writer has it
            max_weight = max(max_weight, block_weight)
            total_weight += sum(weights)
            info = dumps(
                (len(ids), ids[-1], block_weight, level, length_to_byte(block_min), length_to_byte(block_max)), 2
            )
            size = len(info) + len(data)
            chunks += (pack_int(-size if begin + limit >= count else size), info, data)
            position += 4 + size
        statistics = pack_terminfo(
            False,
            total_weight,
            count,
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            max_weight,
            docs[0],
            docs[-1],
        )
        terms.append((term, statistics, start, position - start))
    return EncodedField(b"".join(chunks), terms)


def write_field(fieldwriter, fieldname: str, field, encoded: EncodedField) -> None:
    """Write one encoded field with the codec's field writer: its postings where the postings
    file is, and its terms, in order, in the terms table pointing at them (the records the
    table's add() writes, one write for the field)."""
    fieldwriter.start_field(fieldname, field)
    prefix = pack_ushort(fieldwriter._fieldid)
    postfile = fieldwriter._postfile
    base = postfile.tell()
    postfile.write(encoded.postings)
    fieldwriter.finish_field()
    if not encoded.terms:
        return
    table = fieldwriter._tindex  # an OrderedHashWriter
    keys = [prefix + term for term, _, _, _ in encoded.terms]
    if keys[0] <= table.lastkey:
        raise ValueError(f"terms must increase: {table.lastkey!r}..{keys[0]!r}")
    hash_of, buckets, positions = table.hashfn, table.buckets, table.index
    position = table.dbfile.tell()
    records = []
    for key, (_, statistics, start, length) in zip(keys, encoded.terms, strict=True):
        value = statistics + pack_long(base + start) + pack_int(length)
        records.append(_RECORD_LENGTHS(len(key), len(value)) + key + value)
        hashed = hash_of(key)
        buckets[hashed & 255].append((hashed, position))
        positions.append(position)
        position += len(records[-1])
    table.dbfile.write(b"".join(records))
    table.lastkey = keys[-1]
