"""Near-duplicate clusters (search/near_duplicates.py): the same story on several portals and
syndicated copies share a `cluster_id`, the earliest copy is `cluster_first`, and `export
--dedupe` keeps only it. Similarities are planted and measured with the exact Jaccard index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.export import Selection, export_records
from search.near_duplicates import THRESHOLD, jaccard, shingles
from search.store import ArchiveStore

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "articles" / "sample.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
# A long provincial story (real-looking Vietnamese: three sample articles run together).
STORY = "\n\n".join(RECORDS[i]["text"] for i in (0, 3, 6))
TITLE = "Hòa Bình đẩy mạnh chuyển đổi số, cải cách hành chính trong cơ quan nhà nước"


def _article(n: int, *, portal: str, published: str | None, text: str = STORY,
             title: str = TITLE) -> dict:
    return dict(RECORDS[0], id=f"{n:020x}", url=f"https://{portal}.gov.vn/tin-tuc/{n}",
                canonical_url=f"https://{portal}.gov.vn/tin-tuc/{n}", portal=portal,
                province="Hòa Bình", district=None, title=title, text=text, published=published,
                content_sha256=f"{n:064x}", topics=[], topic_terms={})


def _reworded(text: str, every: int) -> str:
    """`text` with every `every`-th word replaced by a word of its own (a local rewrite)."""
    words = text.split(" ")
    return " ".join(f"khác{i}" if i % every == every // 2 else w for i, w in enumerate(words))


@pytest.fixture
def store(tmp_path: Path):
    with ArchiveStore.open(tmp_path / "archive", create=True) as s:
        yield s


def _clusters(store: ArchiveStore) -> dict[str, tuple[str | None, bool | None]]:
    return {r["id"]: (r["cluster_id"], r["cluster_first"]) for r in store.iter_export()}


def test_planted_similarities_are_what_the_test_says() -> None:
    base = shingles(TITLE, STORY)
    assert len(base) > 150
    assert 0.88 <= jaccard(base, shingles(TITLE, _reworded(STORY, 60))) <= 0.93
    assert 0.45 <= jaccard(base, shingles(TITLE, _reworded(STORY, 8))) <= 0.55
    assert THRESHOLD == 0.8


def test_copies_are_grouped_under_the_earliest_and_different_stories_are_not(store) -> None:
    store.upsert_article(_article(1, portal="hoabinh", published="2024-03-02"))
    # Syndicated a day later by a district portal, credited at the end.
    store.upsert_article(_article(2, portal="lacson-hoabinh", published="2024-03-03",
                                  text=STORY + "\n\nTheo: baohoabinh.com.vn"))
    # An exact copy published the same day as the original, fetched on another portal.
    store.upsert_article(_article(3, portal="kimboi-hoabinh", published="2024-03-02"))
    store.upsert_article(_article(4, portal="mailchau-hoabinh", published="2024-03-05",
                                  text=_reworded(STORY, 60)))  # Jaccard about 0.9
    store.upsert_article(_article(5, portal="tanlac-hoabinh", published="2024-03-01",
                                  text=_reworded(STORY, 8)))  # about 0.5: another story
    for record in RECORDS:
        store.upsert_article(record)
    result = store.cluster_near_duplicates()
    store.commit()
    assert result == {"articles": 17, "hashed": 17, "clusters": 1, "duplicates": 3}
    first = f"{1:020x}"
    clusters = _clusters(store)
    assert clusters[first] == (first, True)
    assert clusters[f"{2:020x}"] == (first, False)
    assert clusters[f"{3:020x}"] == (first, False)  # same day: the smaller id is first
    assert clusters[f"{4:020x}"] == (first, False)
    assert clusters[f"{5:020x}"] == (f"{5:020x}", True)  # its own cluster
    assert all(clusters[r["id"]] == (r["id"], True) for r in RECORDS)

    kept = [r["id"] for r in export_records(store, Selection(dedupe=True))]
    assert len(kept) == 14 and first in kept
    assert not {f"{n:020x}" for n in (2, 3, 4)} & set(kept)
    # Deduplication keeps the earliest copy that matches the filters, not one that does not.
    from search.query import Filters

    only_districts = Selection(Filters(portal="lacson-hoabinh"), dedupe=True)
    assert [r["id"] for r in export_records(store, only_districts)] == [f"{2:020x}"]


def test_signatures_are_reused_and_a_changed_article_leaves_its_cluster(store) -> None:
    store.upsert_article(_article(1, portal="hoabinh", published="2024-03-02"))
    store.upsert_article(_article(2, portal="lacson-hoabinh", published="2024-03-03"))
    assert store.cluster_near_duplicates()["clusters"] == 1
    assert store.cluster_near_duplicates()["hashed"] == 0  # nothing changed: nothing rehashed
    store.upsert_article(_article(2, portal="lacson-hoabinh", published="2024-03-03",
                                  text=RECORDS[9]["text"] + "\n\n" + RECORDS[10]["text"],
                                  title=RECORDS[9]["title"]) | {"content_sha256": "e" * 64})
    assert store.cluster_near_duplicates() == {"articles": 2, "hashed": 1, "clusters": 0,
                                               "duplicates": 0}
    assert _clusters(store)[f"{2:020x}"] == (f"{2:020x}", True)


def test_an_index_never_clustered_exports_null_clusters_and_dedupe_keeps_all(store) -> None:
    for record in RECORDS:
        store.upsert_article(record)
    store.commit()
    assert {v for v in _clusters(store).values()} == {(None, None)}
    assert len(list(export_records(store, Selection(dedupe=True)))) == 12
