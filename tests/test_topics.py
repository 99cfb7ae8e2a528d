"""Rule-based topic tags: which terms fire, on folded text, at word boundaries."""

from __future__ import annotations

import pytest

from crawlers.extraction.topics import matched_topic_terms, tag_topics, topic_terms


@pytest.mark.parametrize(("title", "text", "expected"), [
    ("Nghi Lộc: Đẩy mạnh chuyển đổi số", "Ứng dụng CNTT và chữ ký số.", ["ict"]),
    ("Tổng kết cải cách hành chính", "Bộ phận một cửa tiếp nhận hồ sơ.", ["admin-reform"]),
    ("Xã Tân Vinh đạt chuẩn nông thôn mới", "", ["new-rural"]),
    ("", ("Xây dựng chính quyền điện tử, giải quyết thủ tục hành chính trên dịch vụ công trực tuyến, "
         "đạt tiêu chí nông thôn mới."), ["admin-reform", "ict", "new-rural"]),
    ("chuyen doi so khong dau", "", ["ict"]),            # typed without diacritics
    ("Hội thi văn nghệ quần chúng", "Các đội thi biểu diễn ca múa nhạc.", []),
    ("", "Số liệu thống kê điện tử hóa", []),             # bare "số"/"điện tử" are not terms
])
def test_tag_topics(title: str, text: str, expected: list[str]) -> None:
    assert tag_topics(title, text) == expected


def test_matched_terms_explain_each_tag() -> None:
    matches = matched_topic_terms("Chuyển đổi số", "Phần mềm một cửa điện tử, CNTT.")
    assert matches["ict"] == ["cntt", "chuyen doi so", "mot cua dien tu"]
    assert matches["admin-reform"] == ["mot cua"]
    assert "new-rural" not in matches


def test_terms_match_at_word_boundaries_only() -> None:
    # "ntm" inside another token, "cntt" inside a longer code: no tag.
    assert tag_topics("", "mã XNTMA và CNTTX") == []


def test_topic_terms_report_the_terms_as_written_in_order_of_appearance() -> None:
    terms = topic_terms("Nghi Lộc: Đẩy mạnh Chuyển đổi số", "Ứng dụng CNTT và chữ ký số; một cửa.")
    assert terms == {"ict": ["Chuyển đổi số", "CNTT", "chữ ký số"], "admin-reform": ["một cửa"]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Khai giảng năm học mới, 1.200 học sinh đến trường.", ["education"]),
    ("Tuyên truyền, giáo dục pháp luật cho nhân dân.", []),      # propaganda, not schooling
    ("Trạm y tế xã tổ chức tiêm chủng mở rộng.", ["health"]),
    ("Kiểm tra an toàn thực phẩm dịp Tết.", ["health"]),
    ("Quy tế lễ", []),                                            # "y tế" only as a whole word
])
def test_education_and_health_terms(text: str, expected: list[str]) -> None:
    assert tag_topics("", text) == expected
