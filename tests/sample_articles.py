"""The sample article records (tests/fixtures/articles/sample.jsonl) with readable names for their
ids (portal + a word of the title), shared by the SQLite and Elasticsearch search tests so both
backends are checked against the same expectations."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "sample.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
_NAMES = ("nghean-cds", "vinh-dvc", "dienchau-ntm", "hatinh-ioc", "hatinh-dang", "camxuyen-dien",
          "danang-par", "danang-ict", "lamdong-ntm", "dalat-hoso", "quangninh-dang",
          "quangninh-par")
ID = {name: record["id"] for name, record in zip(_NAMES, RECORDS, strict=True)}
NAME = {v: k for k, v in ID.items()}


def write_sample_archive(archive: Path) -> Path:
    """A new archive whose index holds the 12 sample articles, near-duplicate clusters computed."""
    from search.store import ArchiveStore

    with ArchiveStore.open(archive, create=True) as store:
        for record in RECORDS:
            store.upsert_article(record)
        store.cluster_near_duplicates()
    return archive
