"""Headline choice: the article's own title, never a portlet/module title or the site name."""

from __future__ import annotations

import pytest

from crawlers.extraction.titles import (
    acceptable_title,
    choose_title,
    clean_title_candidate,
    is_block_title,
    is_site_name,
    strip_site_suffix,
)


@pytest.mark.parametrize("text", [
    "Chi tiết tin", "Album ảnh", "Văn bản mới", "Tin tức", "Tin tức nổi bật", "Thông báo",
    "TIN TỨC SỰ KIỆN", "quy hoạch - kế hoạch", "Liên kết", "Thống kê truy cập",
])
def test_block_titles_are_rejected(text: str) -> None:
    assert is_block_title(text)
    assert not acceptable_title(text)


@pytest.mark.parametrize(("text", "site"), [
    ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN NGHI LỘC", None),
    ("Cổng thông tin điện tử huyện Cao Lộc", None),
    ("Sở Thông Tin Và Truyền Thông", None),
    ("UBND huyện Gò Công Tây", None),
    ("Diễn Châu Online", "Diễn Châu Online"),
])
def test_site_names_are_rejected(text: str, site: str | None) -> None:
    assert is_site_name(text, site)
    assert not acceptable_title(text, site_name=site)


@pytest.mark.parametrize("text", ["So geht pelzfrei einkaufen", "Tinh thần đoàn kết"])
def test_an_authority_word_counts_only_with_its_diacritics(text: str) -> None:
    # Folded, "Sở" (a department) is the "So" of German and English subheadings.
    assert not is_site_name(text)


@pytest.mark.parametrize("text", [
    "Huyện Nghi Lộc tổ chức hội nghị tổng kết công tác thông tin truyền thông năm 2019",
    "Sở Thông tin và Truyền thông kiểm tra công tác chuyển đổi số tại huyện Cao Lộc",
    "Gò Công Tây: Tổng kết chuyên đề Cải cách hành chính",
])
def test_headlines_that_start_like_authorities_are_kept(text: str) -> None:
    assert acceptable_title(text)


@pytest.mark.parametrize(("html_title", "expected"), [
    ("Tuyên truyền Bộ luật Tố tụng hình sự năm 2015 - Tin tức sự kiện - Sở Thông Tin Và Truyền Thông",
     "Tuyên truyền Bộ luật Tố tụng hình sự năm 2015"),
    ("Họp báo thông tin về tình hình kinh tế - xã hội quý I/2022 - Sở Thông Tin Và Truyền Thông",
     "Họp báo thông tin về tình hình kinh tế - xã hội quý I/2022"),
    ("Kiểm tra quản lý nhà nước | Cổng thông tin điện tử huyện Cao Lộc", "Kiểm tra quản lý nhà nước"),
    ("Cổng TTĐT huyện Lương Sơn - Lương Sơn: 13/19 xã đạt tiêu chí thông tin - truyền thông",
     "Lương Sơn: 13/19 xã đạt tiêu chí thông tin - truyền thông"),
    ("Diễn Châu ra mắt khu dân cư số – Trang thông tin điện tử huyện Diễn Châu",
     "Diễn Châu ra mắt khu dân cư số"),
])
def test_strip_site_suffix(html_title: str, expected: str) -> None:
    assert strip_site_suffix(html_title) == expected


def test_menu_labels_of_the_page_count_as_block_titles() -> None:
    assert strip_site_suffix("Bài A dài hơn mười ký tự - Văn hóa xã hội", extra_labels=["Văn hóa xã hội"]) == (
        "Bài A dài hơn mười ký tự"
    )


@pytest.mark.parametrize(("candidates", "html_title", "expected"), [
    (["Tin tức nổi bật", "Đảm bảo công tác thông tin, truyền thông phục vụ SEA Games 31"], None,
     "Đảm bảo công tác thông tin, truyền thông phục vụ SEA Games 31"),
    (["Chi tiết tin", None, ""], "Gò Công Tây: Tổng kết chuyên đề - Cổng thông tin điện tử huyện Gò Công Tây",
     "Gò Công Tây: Tổng kết chuyên đề"),
    (["Album ảnh"], "Trang chủ", None),
    ([], None, None),
])
def test_choose_title(candidates: list[str | None], html_title: str | None, expected: str | None) -> None:
    assert choose_title(candidates, html_title=html_title) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Nghi Lộc: Nhiều kết quả nổi bật. (27/12/2019 09:44 AM)", "Nghi Lộc: Nhiều kết quả nổi bật."),
    ("  Tiêu đề   bài viết  ", "Tiêu đề bài viết"),
    ("Quý I/2022 - 06/04/2022", "Quý I/2022"),
])
def test_clean_title_candidate(text: str, expected: str) -> None:
    assert clean_title_candidate(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Lịch tạm ngừng cung cấp điện ngày 18/6/2020", "Lịch tạm ngừng cung cấp điện ngày 18/6/2020"),
    ("Hội nghị [15/01/2020]", "Hội nghị"),
    ("Hội nghị tổng kết 15/01/2020 08:30", "Hội nghị tổng kết"),
])
def test_a_date_is_cut_only_when_it_is_a_stamp(text: str, expected: str) -> None:
    assert clean_title_candidate(text) == expected
