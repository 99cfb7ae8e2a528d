"""Search over the archive: query language, diacritics folding, ranking, filters, snippets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawlers.errors import UserError
from search.query import Filters, parse_date, parse_query
from search.snippets import make_snippet
from search.store import ArchiveStore
from tests.sample_articles import NAME, RECORDS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    archive = tmp_path_factory.mktemp("archive")
    with ArchiveStore.open(archive, create=True) as s:
        for record in RECORDS:
            s.upsert_article(record)
        s.commit()
        yield s


def names(store: ArchiveStore, text: str, filters: Filters | None = None) -> list[str]:
    return [NAME[hit["id"]] for hit in store.search(parse_query(text, filters or Filters()))]


def same_set(store: ArchiveStore, text: str, filters: Filters | None = None) -> set[str]:
    return set(names(store, text, filters))


# -- diacritics and case -----------------------------------------------------------------------


def test_with_and_without_diacritics_find_the_same_articles_and_case_changes_nothing(store) -> None:
    expected = [h["id"] for h in store.search(parse_query("chuyển đổi số"))]
    assert len(expected) == 6
    assert {h["id"] for h in store.search(parse_query("Chuyen doi so"))} == set(expected)
    assert [h["id"] for h in store.search(parse_query("CHUYỂN ĐỔI SỐ"))] == expected


def test_d_with_stroke_folds_to_d(store) -> None:
    assert names(store, "Đảng") == names(store, "dang")
    assert {"hatinh-dang", "quangninh-dang"} <= same_set(store, "Đảng")
    assert same_set(store, "điện tử") == same_set(store, "DIEN TU")
    assert same_set(store, '"điện tử"') == {
        "nghean-cds", "camxuyen-dien", "lamdong-ntm", "dalat-hoso", "quangninh-par",
    }


def test_decomposed_query_text_matches_like_composed() -> None:
    decomposed = "chuye\u0302\u0309n đo\u0302\u0309i so\u0302\u0301"
    assert parse_query(decomposed).match == parse_query("chuyển đổi số").match


# -- query language ----------------------------------------------------------------------------


def test_words_are_anded_but_a_phrase_needs_consecutive_words(store) -> None:
    # Đà Nẵng's ICT plan mentions "vùng nông thôn" and "dữ liệu mới" but not "nông thôn mới".
    assert same_set(store, "nông thôn mới") == {"dienchau-ntm", "lamdong-ntm", "danang-ict"}
    assert same_set(store, '"nông thôn mới"') == {"dienchau-ntm", "lamdong-ntm"}


def test_or_between_terms(store) -> None:
    assert same_set(store, 'IOC OR "PAR INDEX"') == {"hatinh-ioc", "quangninh-par"}
    assert same_set(store, "IOC OR IoT") == {"hatinh-ioc", "lamdong-ntm"}
    # OR binds its neighbours only; the next word is ANDed.
    assert same_set(store, "IOC OR IoT nông") == {"lamdong-ntm"}


def test_minus_excludes(store) -> None:
    assert same_set(store, '"chuyển đổi số" -"nông thôn"') == {
        "nghean-cds", "hatinh-ioc", "camxuyen-dien", "quangninh-par",
    }
    assert same_set(store, '"chuyển đổi số" -nông -IOC') == {
        "nghean-cds", "camxuyen-dien", "quangninh-par",
    }


def test_trailing_star_matches_a_prefix(store) -> None:
    assert same_set(store, "IO*") == {"hatinh-ioc", "lamdong-ntm"}  # IOC, IoT
    assert same_set(store, '"cổng dịch vụ"') == {"dalat-hoso", "vinh-dvc"}
    assert same_set(store, '"cổng dị"*') == {"dalat-hoso", "vinh-dvc"}
    # The prefix applies to the last word of a phrase: "công" starts with "cô" too.
    assert same_set(store, '"dịch vụ cô"*') == {"dalat-hoso", "vinh-dvc", "hatinh-ioc"}


def test_fts_syntax_characters_are_plain_text(store) -> None:
    for text in ("IOC:", "(IOC)", "^IOC", "IOC AND", "{IOC}", "IOC +", "'IOC'", "IOC;--"):
        hits = names(store, text)
        assert "hatinh-ioc" in hits, text
    assert parse_query("title:IOC").match == '"title ioc"'  # one word, two tokens: a phrase
    assert parse_query("IOC AND NOT PAR").match == '("ioc") NOT ("par")'
    assert parse_query("covid-19").match == '"covid 19"'
    assert parse_query("NEAR(IOC PAR, 5)").match == '"near ioc" AND "par" AND "5"'
    assert names(store, "NEAR(IOC PAR, 5)") == []


def test_match_expression_quotes_every_token() -> None:
    query = parse_query('Chuyển đổi OR "chính quyền số" -Đảng điện*')
    assert query.match == (
        '("chuyen" AND ("doi" OR "chinh quyen so") AND "dien" *) NOT ("dang")'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query: give at least one word to search for"),
        ("   ", "empty query: give at least one word to search for"),
        (":: () ^ *", "empty query: give at least one word to search for"),
        ('""', "empty query: give at least one word to search for"),
        ('"chuyển đổi số', "unbalanced quote in query '\"chuyển đổi số': close the phrase with \""),
        (
            "-Đảng -IOC",
            "query '-Đảng -IOC' only excludes words: add at least one word to search for",
        ),
        ("OR IOC", "misplaced OR in query 'OR IOC': put OR between two words or phrases"),
        ("IOC OR", "misplaced OR in query 'IOC OR': put OR between two words or phrases"),
        (
            "IOC OR OR PAR",
            "misplaced OR in query 'IOC OR OR PAR': put OR between two words or phrases",
        ),
        (
            "IOC -PAR OR Đảng",
            (
                "cannot combine OR with an exclusion in query 'IOC -PAR OR Đảng': "
                "write the excluded term on its own, e.g. 'a OR b -c'"
            ),
        ),
        (
            "IOC OR -PAR",
            (
                "cannot combine OR with an exclusion in query 'IOC OR -PAR': "
                "write the excluded term on its own, e.g. 'a OR b -c'"
            ),
        ),
    ],
)
def test_invalid_queries_raise_one_line_user_errors(text: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        parse_query(text)
    assert str(err.value) == message


# -- ranking -----------------------------------------------------------------------------------


def test_scores_are_floats_in_descending_order(store) -> None:
    # Typed without diacritics: one tier, so the order is the score's (see exact spelling below).
    hits = store.search(parse_query('"cai cach hanh chinh"'))
    assert [NAME[h["id"]] for h in hits][:2] == ["danang-par", "vinh-dvc"]  # phrase in title
    assert all(isinstance(h["score"], float) for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_title_match_outranks_a_text_match(tmp_path: Path) -> None:
    with ArchiveStore.open(tmp_path, create=True) as s:
        for record in RECORDS:
            s.upsert_article(record)
        body = "Hội đồng nhân dân tỉnh họp thường kỳ. " * 5
        s.upsert_article(dict(RECORDS[0], id="a" * 20, title="Quyết toán ngân sách năm 2022",
                              text=body, content_sha256="1" * 64))
        s.upsert_article(dict(RECORDS[0], id="b" * 20, title="Kỳ họp thứ 12",
                              text=body + "Đại biểu thảo luận quyết toán ngân sách.",
                              content_sha256="2" * 64))
        hits = s.search(parse_query("ngân sách"))
    assert [h["id"] for h in hits] == ["a" * 20, "b" * 20]
    assert hits[0]["score"] > hits[1]["score"] > 0


def test_limit(store) -> None:
    assert len(store.search(parse_query("chuyen doi so"), limit=2)) == 2


# -- filters -----------------------------------------------------------------------------------


def test_province_filter_is_diacritics_and_case_insensitive_but_exact(store) -> None:
    in_nghe_an = {"nghean-cds", "vinh-dvc", "dienchau-ntm"}
    assert same_set(store, "tỉnh OR huyện OR thành", Filters(province="Nghe An")) <= in_nghe_an
    assert same_set(store, "xã OR tỉnh OR phố", Filters(province="NGHỆ AN")) == in_nghe_an
    assert same_set(store, "xã OR tỉnh OR phố", Filters(province="Nghệ")) == set()


def test_district_portal_topic_filters(store) -> None:
    assert same_set(store, '"chuyển đổi số"', Filters(district="cam xuyen")) == {"camxuyen-dien"}
    assert same_set(store, '"chuyển đổi số"', Filters(portal="QUANGNINH")) == {"quangninh-par"}
    assert same_set(store, "Đảng", Filters(topic="admin-reform")) == {"dalat-hoso"}  # đăng ký
    assert same_set(store, "điện", Filters(topic="new-rural")) == {
        "dienchau-ntm", "lamdong-ntm",
    }


def test_date_filters_are_inclusive_and_skip_undated(store) -> None:
    since = parse_date("2023", flag="--since")
    until = parse_date("2023-04", flag="--until")
    assert same_set(store, "điện OR IOC OR chỉ", Filters(since=since, until=until)) == {
        "hatinh-ioc", "danang-par",
    }
    assert same_set(store, '"hồ sơ"', Filters(since=date(2000, 1, 1))) == {"vinh-dvc"}
    assert same_set(store, '"hồ sơ"') == {"vinh-dvc", "dalat-hoso"}


@pytest.mark.parametrize(
    ("value", "flag", "expected"),
    [
        ("2023", "--since", date(2023, 1, 1)),
        ("2023", "--until", date(2023, 12, 31)),
        ("2024-02", "--since", date(2024, 2, 1)),
        ("2024-02", "--until", date(2024, 2, 29)),
        ("2023-12", "--until", date(2023, 12, 31)),
        ("2023-05-12", "--since", date(2023, 5, 12)),
        ("2023-05-12", "--until", date(2023, 5, 12)),
        (" 2023-05 ", "--since", date(2023, 5, 1)),
    ],
)
def test_parse_date_partial_dates_name_first_or_last_day(value, flag, expected) -> None:
    assert parse_date(value, flag=flag) == expected


def test_parse_date_end_keyword_overrides_the_flag() -> None:
    assert parse_date("2023-02", flag="--until", end=False) == date(2023, 2, 1)
    assert parse_date("2023-02", flag="--since", end=True) == date(2023, 2, 28)


@pytest.mark.parametrize("value", ["2023-13-01", "2023-02-30", "23", "2023/05/12", "12-05-2023",
                                   "2023-5", "", "hôm qua"])
def test_parse_date_rejects_other_forms(value: str) -> None:
    with pytest.raises(UserError) as err:
        parse_date(value, flag="--since")
    assert str(err.value) == (
        f"invalid date for --since: '{value}': use YYYY, YYYY-MM or YYYY-MM-DD"
    )


def test_since_after_until_is_a_user_error() -> None:
    with pytest.raises(UserError) as err:
        Filters(since=date(2024, 1, 1), until=date(2023, 12, 31))
    assert str(err.value) == (
        "--since 2024-01-01 is after --until 2023-12-31: swap the two dates or widen the range"
    )


# -- snippets ----------------------------------------------------------------------------------


def test_snippet_shows_original_diacritics_with_markers(store) -> None:
    hits = {NAME[h["id"]]: h for h in store.search(parse_query('"chuyen doi so"'))}
    assert hits["nghean-cds"]["snippet"] == (
        "… năm thực hiện Đề án «chuyển đổi số» của tỉnh. Theo báo cáo, 100% cơ quan hành chính "
        "cấp tỉnh đã sử dụng hệ thống quản lý văn bản và …"
    )
    assert "«Chuyển đổi số»" in hits["lamdong-ntm"]["snippet"]


def test_snippet_marks_each_matched_word_including_folded_homographs(store) -> None:
    [hit] = store.search(parse_query("ho so dien tu", Filters(portal="dalat-lamdong")))
    assert hit["snippet"] == (
        "… đã chuyển sang tiếp nhận «hồ» «sơ» «điện» «tử» đối với thủ tục đăng ký «hộ» kinh "
        "doanh. Cán bộ hướng dẫn người dân «số» hóa giấy tờ ngay tại …"
    )


def test_snippet_keeps_the_end_of_a_text_that_fits() -> None:
    text = "Khai trương Trung tâm IOC tại Hà Tĩnh.\n\nTrung tâm hoạt động 24/7."
    assert make_snippet(text, parse_query("trung tam").terms) == (
        "Khai trương «Trung» «tâm» IOC tại Hà Tĩnh. «Trung» «tâm» hoạt động 24/7."
    )


def test_snippet_of_short_text_has_no_ellipsis() -> None:
    terms = parse_query("IOC").terms
    assert make_snippet("Khai trương IOC.", terms) == "Khai trương «IOC»."
    assert make_snippet("(IOC) Hà Tĩnh", terms) == "(«IOC») Hà Tĩnh"


def test_snippet_without_match_in_text_starts_at_the_beginning() -> None:
    text = " ".join(f"từ{i}" for i in range(40))
    snippet = make_snippet(text, parse_query("ngân sách").terms)
    assert snippet == " ".join(f"từ{i}" for i in range(30)) + " …"
    assert "«" not in snippet


def test_snippet_prefers_the_window_with_most_terms() -> None:
    text = ("ngân sách " + "chữ " * 40 + "quyết toán ngân sách tỉnh. " + "chữ " * 40).strip()
    snippet = make_snippet(text, parse_query("quyết toán ngân sách").terms, words=10)
    assert snippet == "… chữ chữ «quyết» «toán» «ngân» «sách» tỉnh. chữ chữ chữ …"


# -- exact spelling first, diacritics optional, word order (search/store.py `search`) -----------


def _record(n: int, title: str, text: str) -> dict:
    return dict(RECORDS[0], id=f"{n:020x}", url=f"http://x.gov.vn/{n}", canonical_url=None,
                title=title, text=text, content_sha256=f"{n:064x}")


@pytest.fixture(scope="module")
def spellings(tmp_path_factory: pytest.TempPathFactory):
    """Articles whose words fold to the same letters: "sở", "số", "sơ"; "đổi" and "đời"."""
    records = [
        _record(1, "Sở Tư pháp tổ chức hội nghị", "Sở Tư pháp tổng kết công tác năm 2019."),
        # "số" three times, twice in the title: more folded "so" than record 1.
        _record(2, "Số liệu số hộ nghèo", "Số hộ nghèo giảm theo báo cáo thống kê năm 2019."),
        _record(3, "Sơ kết 6 tháng", "Hội nghị sơ kết công tác 6 tháng đầu năm."),
        _record(4, "Chuyển đổi số ở Nghi Lộc", "Huyện đẩy mạnh chuyển đổi số trong cơ quan nhà nước."),
        # The same three words, scattered and in another order.
        _record(5, "Số hóa hồ sơ và đổi mới", "Chuyển giao công nghệ; đổi mới cách làm; số hóa."),
    ]
    with ArchiveStore.open(tmp_path_factory.mktemp("spellings"), create=True) as s:
        for record in records:
            s.upsert_article(record)
        s.commit()
        yield s


def ranked(store: ArchiveStore, text: str) -> list[int]:
    return [int(h["id"], 16) for h in store.search(parse_query(text))]


def test_the_exact_spelling_ranks_first(spellings) -> None:
    assert ranked(spellings, "so") == [2, 5, 3, 1, 4]       # folded only: most "so" first
    assert ranked(spellings, "sở") == [1, 2, 5, 3, 4]       # "Sở" lifted above every "Số"
    assert set(ranked(spellings, "số")[:3]) == {2, 4, 5}    # the three written "số"
    assert set(ranked(spellings, "sơ")[:2]) == {3, 5}       # "Sơ kết", "hồ sơ"
    assert ranked(spellings, "Sở tư pháp") == [1]


def test_diacritics_stay_optional(spellings) -> None:
    every_so = {1, 2, 3, 4, 5}
    assert set(ranked(spellings, "so")) == every_so        # typed without diacritics: all
    assert set(ranked(spellings, "sở")) == every_so        # typed with: all, exact first
    assert set(ranked(spellings, "SỞ")) == every_so
    assert ranked(spellings, "SỞ") == ranked(spellings, "sở")


def test_words_in_the_typed_order_rank_above_scattered_words(spellings) -> None:
    assert ranked(spellings, "chuyển đổi số") == [4, 5]
    assert ranked(spellings, "chuyen doi so") == [4, 5]
    assert ranked(spellings, '"chuyển đổi số"') == [4]
    assert ranked(spellings, '"số đổi chuyển"') == []  # a phrase keeps its word order


def test_proximity_and_exact_expressions_quote_every_token() -> None:
    query = parse_query('chuyển đổi số OR "sở" ubnd điện*')
    assert query.exact_match == '"chuyển" AND "đổi" AND ("số" OR "sở")'
    assert query.proximity_match == ('"chuyen doi" OR "doi so" OR "so so" OR "so ubnd" OR '
                                     '"chuyen doi so" OR "doi so so" OR "so so ubnd"')
    assert parse_query("chuyen doi so").exact_match is None  # nothing spelled to prefer
    assert parse_query("sở").proximity_match is None


OLD_ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "store" / "v6-archive"
"""An index written by portal-archive before the exact-spelling index existed (schema 6, the
sample records), made with `ArchiveStore` of commit fbf37c1 (see tests/fixtures/store/README.md)."""


def test_an_archive_from_before_the_exact_spelling_index_gains_it_on_open(tmp_path: Path) -> None:
    import shutil
    import sqlite3

    archive = tmp_path / "old"
    shutil.copytree(OLD_ARCHIVE, archive)
    tables = "SELECT name FROM sqlite_master WHERE name = 'articles_fts_exact'"
    conn = sqlite3.connect(archive / "index.sqlite3")
    assert conn.execute(tables).fetchall() == []
    conn.close()
    folded = ["quangninh-dang", "hatinh-dang", "dalat-hoso"]  # "Đảng" twice, once; "đăng" once
    with ArchiveStore.open(archive, readonly=True) as old:  # read-only: folded ranking, no change
        assert [NAME[h["id"]] for h in old.search(parse_query("đăng"))] == folded
    conn = sqlite3.connect(archive / "index.sqlite3")
    assert conn.execute(tables).fetchall() == []
    conn.close()
    with ArchiveStore.open(archive) as store:  # writable open upgrades it
        hits = [NAME[h["id"]] for h in store.search(parse_query("đăng"))]
        with ArchiveStore.open(tmp_path / "new", create=True) as fresh:
            for record in RECORDS:
                fresh.upsert_article(record)
            fresh.commit()
            assert hits == [NAME[h["id"]] for h in fresh.search(parse_query("đăng"))]
    assert hits == ["dalat-hoso", "quangninh-dang", "hatinh-dang"]  # "đăng" as written first
    conn = sqlite3.connect(archive / "index.sqlite3")
    assert conn.execute(tables).fetchall() == [("articles_fts_exact",)]
    conn.close()


def test_an_updated_article_leaves_the_exact_spelling_index_with_its_new_text(tmp_path: Path) -> None:
    with ArchiveStore.open(tmp_path, create=True) as s:
        s.upsert_article(_record(1, "Sở Tư pháp tổ chức hội nghị", "Sở Tư pháp tổng kết."))
        s.upsert_article(_record(2, "Số liệu thống kê", "Số hộ nghèo giảm."))
        assert ranked(s, "sở") == [1, 2]
        longer = "Số liệu mới được công bố trong báo cáo tổng hợp về tình hình kinh tế của huyện."
        assert s.upsert_article(dict(_record(1, "Bản tin mới", longer),
                                     content_sha256="f" * 64)) == "updated"
        assert ranked(s, "so") == [2, 1]  # folded: record 2 has "so" in its title
        assert ranked(s, "sở") == [2, 1]  # the old "Sở" is gone from the exact index too
