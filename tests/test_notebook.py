"""`from search import load_articles` on a real archive: the one the mirror crawl built
(tests/conftest.py `mirror_crawl`, shared with the end-to-end tests, so nothing is crawled again).

The loader must give what the CLI gives for the same filters and query: the same records as
`portal-archive export`, the same ranked hits as `portal-archive search --json`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date

import pytest

from crawlers.errors import ArchiveError, UserError
from crawlers.items import ARTICLE_FIELDS
from search import load_articles
from search.export import EXPORT_FIELDS
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # needs the mirror crawl (shared with the e2e tests)


@pytest.fixture(scope="module")
def archive(mirror_crawl):
    path, result, _ = mirror_crawl
    assert result.returncode == 0, result.stderr
    return path


def exported(archive, *args: str) -> list[dict]:
    result = run_cli("export", "--archive", str(archive), "--out", "-", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_records_are_what_export_writes_in_the_same_order(archive, mirror) -> None:
    records = load_articles(archive)
    assert len(records) == len(mirror.articles)
    assert [list(r) for r in records[:1]] == [list(EXPORT_FIELDS)]
    assert records == exported(archive)


def test_filters_are_the_cli_filters(archive) -> None:
    records = load_articles(archive)
    portal, n = Counter(r["portal"] for r in records).most_common(1)[0]
    assert [r["id"] for r in load_articles(archive, portal=portal)] == \
        [r["id"] for r in exported(archive, "--portal", portal)]
    assert len(load_articles(archive, portal=portal)) == n
    year = min(r["published"][:4] for r in records if r["published"])
    since_year = load_articles(archive, since=year, until=year)
    assert since_year == exported(archive, "--since", year, "--until", year)
    assert since_year and all(r["published"].startswith(year) for r in since_year)
    assert load_articles(archive, since=date(int(year), 1, 1), until=f"{year}") == since_year
    province = next(r["province"] for r in records if r["province"])
    in_province = [r for r in records if r["province"] == province and "ict" in r["topics"]]
    assert load_articles(archive, province=province, topic="ict") == in_province
    assert len(load_articles(archive, limit=3)) == 3


def test_a_query_gives_the_ranked_hits_of_search_json(archive) -> None:
    hits = load_articles(archive, "chuyển đổi số")
    result = run_cli("search", "chuyển đổi số", "--archive", str(archive), "--json",
                     "--limit", str(len(hits) + 5))
    assert result.returncode == 0, result.stderr
    cli = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) >= 2
    assert [h["id"] for h in hits] == [h["id"] for h in cli]
    assert [h["score"] for h in hits] == [h["score"] for h in cli]
    assert {h["id"] for h in load_articles(archive, "chuyen doi so")} == {h["id"] for h in hits}
    assert [h["id"] for h in load_articles(archive, "chuyển đổi số", limit=1)] == [hits[0]["id"]]


def test_as_frame_gives_one_row_per_record_and_one_column_per_field(archive) -> None:
    import pandas as pd

    frame = load_articles(archive, as_frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(EXPORT_FIELDS)
    assert frame["id"].tolist() == [r["id"] for r in load_articles(archive)]
    hits = load_articles(archive, "chuyển đổi số", as_frame=True)
    assert list(hits.columns) == [*ARTICLE_FIELDS, "score", "snippet"]
    assert hits["id"].tolist() == [h["id"] for h in load_articles(archive, "chuyển đổi số")]
    assert isinstance(hits.iloc[0]["topics"], list)


def test_as_frame_without_pandas_says_which_extra_to_install(archive, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas gives
    with pytest.raises(UserError, match=r"pip install 'portal-archive\[notebook\]'"):
        load_articles(archive, as_frame=True)
    assert load_articles(archive, limit=1)  # plain records need no pandas


def test_bad_input_gives_the_cli_errors(archive, tmp_path) -> None:
    with pytest.raises(ArchiveError, match="no archive index"):
        load_articles(tmp_path)
    with pytest.raises(UserError, match="invalid date for --since: '2019-13'"):
        load_articles(archive, since="2019-13")
    with pytest.raises(UserError, match="unbalanced quote"):
        load_articles(archive, 'chuyển "đổi')


def test_dedupe_keeps_what_export_dedupe_keeps(archive) -> None:
    assert [r["id"] for r in load_articles(archive, dedupe=True)] == \
        [r["id"] for r in exported(archive, "--dedupe")]
    with pytest.raises(UserError, match="dedupe"):
        load_articles(archive, "chuyển đổi số", dedupe=True)
