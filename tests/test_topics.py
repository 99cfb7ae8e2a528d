"""Rule-based topic tags: which terms fire, on folded text, at word boundaries, and when they
make a tag the subject of the article (named in the title, or recurring in the text)."""

from __future__ import annotations

import pytest

from crawlers.extraction.topics import matched_topic_terms, tag_topics, topic_terms


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Nghi Lộc: Đẩy mạnh chuyển đổi số", "Ứng dụng CNTT và chữ ký số.", ["ict"]),
    ("Tổng kết cải cách hành chính", "Bộ phận một cửa tiếp nhận hồ sơ.", ["admin-reform"]),
    ("Xã Tân Vinh đạt chuẩn nông thôn mới", "", ["new-rural"]),
    ("", ("Xây dựng chính quyền điện tử, giải quyết thủ tục hành chính trên dịch vụ công trực tuyến, "
         "đạt tiêu chí nông thôn mới, xã nông thôn mới nâng cao."), ["admin-reform", "ict", "new-rural"]),
    ("Sắp xếp tổ chức bộ máy gắn với tinh giản biên chế", "", ["admin-reform"]),
    ("Hà Nội đẩy mạnh công tác đấu thầu qua mạng", "", ["ict"]),
    ("chuyen doi so khong dau", "", ["ict"]),            # typed without diacritics
    ("Hội thi văn nghệ quần chúng", "Các đội thi biểu diễn ca múa nhạc.", []),
    ("", "Số liệu thống kê điện tử hóa", []),             # bare "số"/"điện tử" are not terms
])
def test_tag_topics(title: str, text: str, expected: list[str]) -> None:
    assert tag_topics(title, text) == expected


def test_matched_terms_explain_each_tag() -> None:
    matches = matched_topic_terms("Chuyển đổi số", "Phần mềm một cửa điện tử, CNTT; bộ phận một cửa.")
    assert matches["ict"] == ["cntt", "chuyen doi so", "mot cua dien tu"]  # term-list order
    assert matches["admin-reform"] == ["mot cua"]  # "một cửa" twice in 48 characters
    assert "new-rural" not in matches


# A long report (4,000 characters) that names a subject once in passing.
REPORT = ("Hội nghị tổng kết công tác năm, đánh giá kết quả phát triển kinh tế - xã hội. " * 50)


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("", REPORT + "Tăng cường ứng dụng CNTT. " + REPORT, []),               # once: passing
    ("", REPORT + "Ứng dụng CNTT, chữ ký số. " + REPORT, []),                # twice in 8,000 chars
    ("", "Ứng dụng CNTT. " + REPORT[:1400] + " Chữ ký số.", ["ict"]),        # twice in 1,430 chars
    ("Tăng cường ứng dụng CNTT", REPORT, ["ict"]),                          # named in the title
])
def test_a_tag_needs_the_title_or_mentions_that_recur_through_the_text(
    title: str, text: str, expected: list[str]
) -> None:
    assert tag_topics(title, text) == expected


def test_terms_match_at_word_boundaries_only() -> None:
    # "ntm" inside another token, "cntt" inside a longer code: no tag.
    assert tag_topics("", "mã XNTMA và CNTTX") == []


def test_topic_terms_report_the_terms_as_written_in_order_of_appearance() -> None:
    terms = topic_terms("Nghi Lộc: Đẩy mạnh Chuyển đổi số",
                        "Ứng dụng CNTT và chữ ký số; một cửa, một cửa liên thông.")
    assert terms == {"ict": ["Chuyển đổi số", "CNTT", "chữ ký số"],
                     "admin-reform": ["một cửa", "một cửa liên thông"]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Khai giảng năm học mới, 1.200 học sinh đến trường.", ["education"]),
    ("Tuyên truyền, giáo dục pháp luật cho nhân dân.", []),      # propaganda, not schooling
    ("Trạm y tế xã tổ chức tiêm chủng mở rộng.", ["health"]),
    ("Kiểm tra an toàn thực phẩm dịp Tết, bảo đảm vệ sinh an toàn thực phẩm.", ["health"]),
    ("Quy tế lễ", []),                                            # "y tế" only as a whole word
])
def test_education_and_health_terms(text: str, expected: list[str]) -> None:
    assert tag_topics("", text) == expected
