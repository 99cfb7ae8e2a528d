"""Near-duplicate articles: the same news on several portals, and syndicated copies.

A district portal often republishes a provincial paper's story ("Theo: baohoabinh.com.vn"), and
the province's portals copy each other's announcements. Researchers counting coverage want each
story once, so every article gets a `cluster_id` (the id of the earliest copy of its story) and
`cluster_first` (true for that earliest copy); `export --dedupe` keeps one article per cluster.

Similarity is the Jaccard index of word 3-shingles of the title and text (NFC, case-folded),
estimated with MinHash and looked up with MinHash LSH (datasketch): finding similar pairs among
N articles without comparing all N² of them is exactly what LSH is for. A candidate pair is kept
when its estimated Jaccard is at least `THRESHOLD`.

Storage is additive (like search/attachments.py): two tables beside `articles`, created when a
writer opens the file, so no schema version is needed and an old file simply reads "not yet
computed" (null). Signatures are cached per article with a digest of what they were computed
from, so a re-run after a crawl only hashes new or changed articles.

Clusters are recomputed over the whole archive (cross-portal copies need every portal) at the
end of each crawl and `reextract`, where `flag_shared_dates` runs. Memory is neither the texts
nor the LSH index: articles stream from a cursor, the LSH band tables are in a temporary SQLite
file (`_DiskBands`), and only candidate pairs' signatures are read back.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

THRESHOLD = 0.8
"""Estimated Jaccard of word 3-shingles above which two articles are one story. A syndicated copy
with a credit line added or a paragraph trimmed stays above it; two different reports of the same
meeting (shared names and formulas, different sentences) fall well below."""
SHINGLE_WORDS = 3
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
"""datasketch 2.0 made the hash scheme explicit; stored signatures are only comparable with the
same scheme, seed and number of permutations (a change of any of them recomputes every one)."""
MIN_SHINGLES = 8
"""Texts shorter than this (a caption, "Xem chi tiết") are never grouped: too little to tell a
copy from a coincidence."""
EARLIEST_ORDER = "a.published IS NULL, a.published, a.fetched_at, a.id"
"""Which copy is the first: the earliest publication date (undated last), then the earliest
fetch, then the id, so the choice is total and stable."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    signature BLOB
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_clusters (
    article_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL,
    cluster_first INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_clusters_cluster ON article_clusters (cluster_id);
"""
_WORD = re.compile(r"\w+")
_SIGNATURE_VERSION = f"{SCHEME}/{SEED}/{NUM_PERM}/{SHINGLE_WORDS}"


def ensure_tables(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def shingles(title: str, text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The word `size`-shingles of an article: NFC, case-folded, punctuation dropped."""
    words = _WORD.findall(unicodedata.normalize("NFC", f"{title}\n{text}").casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard index of two shingle sets (what MinHash estimates)."""
    return len(a & b) / len(a | b) if a or b else 1.0


@dataclass
class Clustering:
    articles: int = 0
    hashed: int = 0
    clusters: int = 0
    """Clusters of two or more articles."""
    duplicates: int = 0
    """Articles that are not the first of their cluster (what --dedupe leaves out)."""

    def as_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "hashed": self.hashed, "clusters": self.clusters,
                "duplicates": self.duplicates}


class _Signer:
    """MinHash signatures with one set of permutations (drawing them is most of a small
    document's cost)."""

    def __init__(self) -> None:
        self.template = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)

    def sign(self, title: str, text: str) -> LeanMinHash | None:
        grams = shingles(title, text)
        if len(grams) < MIN_SHINGLES:
            return None
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME,
                          permutations=self.template.permutations)
        minhash.update_batch([gram.encode("utf-8") for gram in grams])
        return LeanMinHash(minhash)


def _lean(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=np.uint32), scheme=SCHEME)


def _digest(title: str, text: str) -> str:
    return hashlib.sha256(f"{_SIGNATURE_VERSION}\n{title}\n{text}".encode()).hexdigest()


def _signatures(conn: sqlite3.Connection, stats: Clustering) -> Iterator[tuple[str, bytes | None]]:
    """(article id, signature bytes or None) in earliest-first order, hashing only articles whose
    cached signature is missing or stale."""
    signer = _Signer()
    rows = conn.execute(
        "SELECT a.id, a.title, a.text, m.digest, m.signature FROM articles a "
        f"LEFT JOIN article_minhash m ON m.article_id = a.id ORDER BY {EARLIEST_ORDER}"
    )
    stale: list[tuple[str, str, bytes | None]] = []
    for article_id, title, text, digest, signature in rows:
        current = _digest(title, text)
        if digest != current:
            lean = signer.sign(title, text)
            signature = lean.hashvalues.astype(np.uint32).tobytes() if lean is not None else None
            stale.append((article_id, current, signature))
            stats.hashed += 1
            if len(stale) >= 2000:
                _save(conn, stale)
        yield article_id, signature
    _save(conn, stale)


def _save(conn: sqlite3.Connection, signatures: list[tuple[str, str, bytes | None]]) -> None:
    # Rows already read (or a key lookup of a later one): safe beside the open cursor.
    conn.executemany(
        "INSERT OR REPLACE INTO article_minhash (article_id, digest, signature) VALUES (?, ?, ?)",
        signatures)
    signatures.clear()


class _DiskBands:
    """MinHash LSH with its band tables in a temporary SQLite file, not in memory.

    datasketch's `MinHashLSH` keeps, per article, a key and one bucket entry per band in Python
    dicts: 3.2 KB an article measured (5,000 random signatures, tracemalloc), for every article
    of the archive at the end of every crawl. The banding here is datasketch's own (its `b` and
    `r` for THRESHOLD and NUM_PERM, its band ranges): two articles are candidates when any band
    of their signatures is equal, exactly as `MinHashLSH.query` answers; only the lookups are on
    disk (an index on band and band bytes)."""

    def __init__(self) -> None:
        self.ranges = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM).hashranges
        self._tmp = tempfile.TemporaryDirectory(prefix="portal-archive-lsh-")
        self._db = sqlite3.connect(Path(self._tmp.name) / "bands.sqlite3")
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE bands (band INTEGER, key BLOB, idx INTEGER);"
            "CREATE INDEX bands_key ON bands (band, key);"
            "CREATE TABLE signatures (idx INTEGER PRIMARY KEY, signature BLOB);")

    def _keys(self, blob: bytes) -> list[tuple[int, bytes]]:
        # Band i is hash values start..end of the signature: 4 bytes each (uint32).
        return [(band, blob[start * 4:end * 4]) for band, (start, end) in enumerate(self.ranges)]

    def query(self, blob: bytes) -> list[tuple[int, bytes]]:
        """(index, signature) of the articles inserted so far that share a band with `blob`."""
        found: set[int] = set()
        for band, key in self._keys(blob):
            found.update(idx for (idx,) in self._db.execute(
                "SELECT idx FROM bands WHERE band = ? AND key = ?", (band, key)))
        return [(idx, self._db.execute("SELECT signature FROM signatures WHERE idx = ?",
                                       (idx,)).fetchone()[0]) for idx in sorted(found)]

    def insert(self, index: int, blob: bytes) -> None:
        self._db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                             [(band, key, index) for band, key in self._keys(blob)])
        self._db.execute("INSERT INTO signatures VALUES (?, ?)", (index, blob))

    def close(self) -> None:
        self._db.close()
        self._tmp.cleanup()


def assign_clusters(conn: sqlite3.Connection) -> Clustering:
    """Recompute `article_clusters` for every article (inside the caller's transaction).

    Memory does not grow with the archive's articles, only with its duplicates: the LSH bands
    are on disk (`_DiskBands`), and only articles that joined another are in `parent`."""
    stats = Clustering()
    lsh = _DiskBands()
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])  # path halving
            i = parent[i]
        return i

    try:
        for index, (_article_id, blob) in enumerate(_signatures(conn, stats)):
            stats.articles += 1
            if blob is None:
                continue
            minhash = _lean(blob)
            for other_index, other_blob in lsh.query(blob):
                # Verify each LSH candidate on the estimate: banding lets some lower pairs through.
                if minhash.jaccard(_lean(other_blob)) < THRESHOLD:
                    continue
                # Articles arrive earliest first: the smaller index is the earlier copy.
                a, b = root(index), root(other_index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            lsh.insert(index, blob)
    finally:
        lsh.close()
    # A cluster's root is its earliest article (unions keep the smaller index), so it comes
    # before its members below; only roots of clusters of two or more are remembered.
    roots = {root(i) for i in list(parent)}
    conn.execute("DELETE FROM article_clusters")
    names: dict[int, str] = {}
    members: dict[int, int] = {}
    rows = conn.execute(f"SELECT a.id FROM articles a ORDER BY {EARLIEST_ORDER}")
    batch: list[tuple[str, str, int]] = []
    for index, (article_id,) in enumerate(rows):
        top = root(index)
        if top == index and top in roots:
            names[index] = article_id
        if top in roots:
            members[top] = members.get(top, 0) + 1
        batch.append((article_id, names.get(top, article_id), int(top == index)))
        if len(batch) >= 5000:
            conn.executemany("INSERT INTO article_clusters VALUES (?, ?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO article_clusters VALUES (?, ?, ?)", batch)
    conn.execute("DELETE FROM article_minhash WHERE article_id NOT IN (SELECT id FROM articles)")
    stats.clusters = len(members)
    stats.duplicates = sum(n - 1 for n in members.values())
    return stats


def cluster_ids(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """`{article id: (cluster_id, cluster_first)}` for those that have been clustered."""
    ids = list(article_ids)
    result: dict[str, tuple[str, bool]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for article_id, cluster, first in conn.execute(
            "SELECT article_id, cluster_id, cluster_first FROM article_clusters "
            f"WHERE article_id IN ({', '.join('?' * len(chunk))})", chunk):
            result[article_id] = (cluster, bool(first))
    return result
