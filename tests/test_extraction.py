"""extract_page on recorded pages: own fixtures (one per family/portal/case) and the real corpus.

Fixtures live in tests/fixtures/extraction/<family>/<portal>/<case>/{page.html,expected.json};
expected.json states the page type, CMS, headline, date, byline fields and body snippets that
must (not) be in the text. The real Liferay corpus is read from the shared folder beside the repo.
"""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest

from crawlers.extraction import ExtractedPage, extract_page
from crawlers.extraction.families import detect_family
from crawlers.extraction.page import parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
FIXTURE_DIRS = sorted(p.parent for p in FIXTURES.glob("*/*/*/page.html"))
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "liferay-sotttt-hanoi"
SOTTTT = "https://sotttt.hanoi.gov.vn"


def _load(case: Path) -> tuple[ExtractedPage, dict]:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    page = extract_page((case / "page.html").read_bytes(), expected["url"])
    return page, expected


def test_fixture_set_covers_every_family_and_page_type() -> None:
    cases = [json.loads((d / "expected.json").read_text(encoding="utf-8")) for d in FIXTURE_DIRS]
    assert len(cases) >= 40
    articles = {c["cms"] for c in cases if c["page_type"] == "article"}
    listings = {c["cms"] for c in cases if c["page_type"] == "listing"}
    families = {"liferay", "joomla", "drupal", "sharepoint", "wordpress", "dnn"}
    assert articles == families | {"aspnet"}
    assert listings == families
    assert any(c["page_type"] == "home" for c in cases)


@pytest.mark.parametrize("case", FIXTURE_DIRS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_page(case: Path) -> None:
    page, expected = _load(case)
    assert page.page_type == expected["page_type"]
    assert page.cms == expected["cms"]
    assert page.language == "vi"
    if expected["page_type"] != "article":
        assert not page.is_article
        assert page.text == ""
        return
    assert page.is_article
    assert page.title == expected["title"]
    assert page.published == expected["published"]
    assert page.author == expected["author"]
    assert page.source == expected["source"]
    for snippet in expected["must_contain"]:
        assert snippet in page.text
    for paragraph in expected["paragraphs"]:  # the gold body, paragraph by paragraph
        assert paragraph in page.text
    for snippet in expected["must_not_contain"]:
        assert snippet not in page.text
    assert not page.text.startswith(expected["title"])
    assert "\n\n" in page.text


def test_wordpress_utc_timestamp_is_dated_on_the_vietnamese_calendar() -> None:
    page, _ = _load(FIXTURES / "wordpress" / "dienchau-nghean" / "article-digital-village-utc-date")
    # datetime="2023-05-11T20:00:00+00:00" is 03:00 on 12 May in Asia/Ho_Chi_Minh.
    assert page.published == "2023-05-12"
    assert page.updated == "2023-05-13"
    assert page.canonical_url == page.url


def test_liferay_date_inside_headline_is_not_part_of_the_title() -> None:
    page, _ = _load(FIXTURES / "liferay" / "nghiloc-nghean" / "article-2019-ict-results")
    assert page.title is not None and "27/12/2019" not in page.title
    assert page.published == "2019-12-27"


def test_body_lead_dates_are_not_date_lines() -> None:
    # The Liferay page without a date line cites "Quyết định số 1812/QĐ-UBND ngày 22/9/2017".
    page, _ = _load(FIXTURES / "liferay" / "nghiloc-nghean" / "article-digital-transformation-no-date")
    assert page.published is None


# --- real corpus: sotttt.hanoi.gov.vn (Liferay 6.2, HTTrack mirror) ------------------------------

CORPUS_ARTICLES = [
    # file, original path, headline, published, author (first byline line)
    ("article-1005455.html",
     "/vi/tin-tuc-su-kien/-/view_content/1005455-tuyen-truyen-bo-luat-to-tung-hinh-su-nam-2015",
     "Tuyên truyền Bộ luật Tố tụng hình sự năm 2015", "2016-05-13", "Đặng Vân"),
    ("article-4378590.html",
     "/vi/bao-chi-xuat-ban/-/view_content/4378590-dam-bao-cong-tac-thong-tin-truyen-thong-phuc-vu-sea-games-31",
     "Đảm bảo công tác thông tin, truyền thông phục vụ SEA Games 31", "2022-05-07", "Linh Phạm"),
    ("article-4388466.html",
     "/vi/buu-chinh-vien-thong/-/view_content/4388466-day-nhanh-tien-do-trien-khai-thu-nghiem-nen-tang-dia-chi-so-quoc-gia",
     "Đẩy nhanh tiến độ triển khai thử nghiệm Nền tảng địa chỉ số Quốc gia", "2022-06-06",
     "Phạm Linh"),
    ("article-4380261.html",
     "/vi/bao-chi-xuat-ban/-/view_content/4380261-hop-bao-thong-tin-ve-tinh-hinh-kinh-te-xa-hoi-quy-i-2022",
     "Họp báo thông tin về tình hình kinh tế - xã hội quý I/2022", "2022-04-06",
     "Huy Kiên - Lê Hải"),
    ("article-4378921.html",
     "/vi/-au-thau-mua-sam-cong/-/view_content/4378921-ha-noi-day-manh-cong-tac-dau-thau-qua-mang",
     "Hà Nội đẩy mạnh công tác đấu thầu qua mạng", "2021-04-16", "Bùi Thị Quỳnh"),
]
# Portlet titles, menu entries, related-news titles and footer text seen on the corpus pages.
CORPUS_BOILERPLATE = [
    "Tin tức nổi bật", "quy hoạch - kế hoạch", "Truy cập nội dung luôn", "Giới thiệu",
    "Cơ cấu tổ chức", "Các tin khác", "In bài viết", "Gửi mail", "View count", "Ngày đăng",
    "Địa chỉ: Số 185 Giảng Võ", "liên kết website", "Chọn liên kết",
    "Thông báo lịch tổ chức thi tuyển công chức năm 2022",
]

@pytest.mark.parametrize(("name", "path", "title", "published", "author"), CORPUS_ARTICLES,
                         ids=[row[0] for row in CORPUS_ARTICLES])
def test_corpus_article(name: str, path: str, title: str, published: str, author: str) -> None:
    page = extract_page((CORPUS / name).read_bytes(), SOTTTT + path)
    assert page.cms == "liferay"
    assert page.page_type == "article" and page.is_article
    assert page.title == title
    assert page.published == published
    assert page.author == author
    assert page.language == "vi"
    assert page.canonical_url is not None and page.canonical_url.startswith(SOTTTT)
    assert len(page.text) > 1000
    for snippet in CORPUS_BOILERPLATE:
        assert snippet not in page.text
    assert author not in page.text


def test_corpus_lead_starting_with_another_date_keeps_the_date_line_date() -> None:
    # The sapo of article 1005455 starts "Ngày 27/11/2015 …"; the date line says 13/05/2016.
    page = extract_page((CORPUS / "article-1005455.html").read_bytes(), SOTTTT + "/vi/x/-/view_content/1005455-x")
    assert page.published == "2016-05-13"
    assert page.text.startswith("Ngày 27/11/2015 tại kỳ họp thứ 10")


@pytest.mark.parametrize(("name", "url", "page_type"), [
    ("listing-tin-tuc-su-kien-p1.html", SOTTTT + "/vi/tin-tuc-su-kien", "listing"),
    ("listing-tin-tuc-su-kien-p2.html",
     SOTTTT + "/vi/tin-tuc-su-kien?p_p_id=101&_101_delta=20&_101_cur=2", "listing"),
    # The same listing under a neutral URL: structure alone must make it a listing.
    ("listing-tin-tuc-su-kien-p1.html", SOTTTT + "/vi/-/view_content/1-disguised", "listing"),
    ("home.html", SOTTTT + "/", "home"),
])
def test_corpus_non_articles(name: str, url: str, page_type: str) -> None:
    page = extract_page((CORPUS / name).read_bytes(), url)
    assert page.page_type == page_type
    assert not page.is_article
    assert page.text == ""


def test_family_detection_on_corpus() -> None:
    for path in sorted(CORPUS.glob("*.html")):
        tree = parse_html(path.read_text(encoding="utf-8"))
        assert tree is not None and detect_family(tree) == "liferay"


def test_undecodable_bytes_and_empty_pages_do_not_raise() -> None:
    broken = b"<html><head><meta charset='windows-1258'></head><body><p>\xff\xfe\x80 abc</p></body></html>"
    assert extract_page(broken, "http://x.gov.vn/a").page_type in {"other", "listing"}
    assert extract_page(b"", "http://x.gov.vn/").page_type == "other"
    assert extract_page("<p>plain</p>", "http://x.gov.vn/b", encoding="no-such-codec").text == ""


def test_declared_encoding_is_respected() -> None:
    case = FIXTURES / "joomla" / "luongson-hoabinh" / "article-ict-criteria-source"
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    body = (case / "page.html").read_text(encoding="utf-8").encode("utf-16")
    page = extract_page(body, expected["url"], encoding="utf-16")
    assert page.title == expected["title"]


def test_extraction_is_fast_enough_for_every_page() -> None:
    pages = [(d / "page.html").read_bytes() for d in FIXTURE_DIRS]
    start = time.perf_counter()
    for body in pages:
        extract_page(body, "https://example.gov.vn/tin-tuc/-/view_content/1-x")
    per_page = (time.perf_counter() - start) / len(pages)
    assert per_page < 0.25


# --- hard cases of the evaluation pages ----------------------------------------------------------

@pytest.mark.parametrize(("case", "declared"), [
    ("joomla/luongson-hoabinh/article-cp1258-declared-utf8", b"utf-8"),
    ("aspnet/gocongtay-tiengiang/article-cp1258-declared-latin1", b"iso-8859-1"),
    ("drupal/caoloc-langson/article-utf8-declared-1252", b"windows-1252"),
])
def test_wrongly_declared_encodings_are_detected(case: str, declared: bytes) -> None:
    body = (FIXTURES / case / "page.html").read_bytes()
    assert b'charset="' + declared + b'"' in body
    page, expected = _load(FIXTURES / case)
    assert page.title == expected["title"]
    assert expected["paragraphs"][0] in page.text


def test_word_pasted_nfd_text_comes_out_nfc_without_office_markup() -> None:
    case = FIXTURES / "aspnet" / "gocongtay-tiengiang" / "article-word-paste-nfd"
    assert b"<o:p>" in (case / "page.html").read_bytes()
    page, expected = _load(case)
    assert unicodedata.is_normalized("NFC", page.text)
    assert "mso-" not in page.text and "o:p" not in page.text
    assert page.text.split("\n\n") == expected["paragraphs"]


@pytest.mark.parametrize("case", [
    "liferay/nghiloc-nghean/article-body-date-only",
    "drupal/caoloc-langson/article-body-date-only",
    "dnn/chauthanh-tiengiang/article-body-date-only",
])
def test_a_date_only_in_the_body_leaves_published_null(case: str) -> None:
    page, _ = _load(FIXTURES / case)
    assert page.is_article
    assert page.text.startswith("Ngày ")  # the lead starts with a date: it is not the article's
    assert page.published is None


def test_a_bare_date_ending_a_headline_stays_in_the_title() -> None:
    page, _ = _load(FIXTURES / "aspnet" / "gocongtay-tiengiang" / "article-short-power")
    assert page.title == "Lịch tạm ngừng cung cấp điện ngày 18/6/2020"


def test_legal_refs_and_places_come_with_the_article() -> None:
    page = extract_page(
        (FIXTURES / "liferay" / "nghiloc-nghean" / "article-digital-review-2024" / "page.html").read_bytes(),
        "https://nghiloc.nghean.gov.vn/tin-tuc-su-kien/-/view_content/2101-x",
        province="Nghệ An", district="Nghi Lộc",
    )
    assert [r["number"] for r in page.legal_refs] == ["1812/QĐ-UBND"]
    assert page.legal_refs[0]["date"] == "2017-09-22"
    assert [(p["name"], p["level"]) for p in page.places] == [
        ("Nghi Lộc", "district"), ("Nghệ An", "province")
    ]
