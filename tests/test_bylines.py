"""Trailing byline blocks as Vietnamese portals print them (crawlers/extraction/bylines.py)."""

from __future__ import annotations

import pytest

from crawlers.extraction.bylines import split_byline

BODY = "UBND huyện tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2024."


@pytest.mark.parametrize(("tail", "author", "source"), [
    (["Tin, ảnh: Hoàng Anh"], "Hoàng Anh", None),
    (["Bài và ảnh: Minh Châu - Lê Hải", "Theo: baohoabinh.com.vn"], "Minh Châu - Lê Hải",
     "baohoabinh.com.vn"),
    (["Đình Dương", "Phòng VHTT huyện"], "Đình Dương", None),
    (["Theo: Báo Lạng Sơn"], None, "Báo Lạng Sơn"),
])
def test_byline_block_is_split_off(tail: list[str], author: str | None, source: str | None) -> None:
    byline = split_byline([BODY, *tail])
    assert (byline.paragraphs, byline.author, byline.source) == ([BODY], author, source)


def test_credit_label_before_a_sentence_is_body_text() -> None:
    lines = [BODY, "Tin, ảnh: theo báo cáo của UBND huyện, tỷ lệ đạt 85%."]
    byline = split_byline(lines)
    assert (byline.paragraphs, byline.author, byline.source) == (lines, None, None)
