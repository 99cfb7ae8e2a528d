"""Vietnamese date parsing: formats portals print, the Vietnamese calendar, date-line detection."""

from __future__ import annotations

import pytest

from crawlers.extraction.dates import DateLine, parse_date, parse_date_line, parse_iso_datetime


@pytest.mark.parametrize(("text", "expected"), [
    ("27/12/2019 09:44 AM", "2019-12-27"),
    ("(27/12/2019 09:44 AM)", "2019-12-27"),
    ("16/01/2020", "2020-01-16"),
    ("12/5/2023", "2023-05-12"),
    ("Ngày 12 tháng 5 năm 2023", "2023-05-12"),
    ("ngày 05 tháng 01 năm 2020", "2020-01-05"),
    ("Thứ Hai, 15/01/2020", "2020-01-15"),
    ("Thứ Sáu, 12/05/2023 - 15:20", "2023-05-12"),
    ("Ngày đăng: 12/05/2023 08:15", "2023-05-12"),
    ("Ngày đăng 13/05/2016 | 4:59 PM", "2016-05-13"),
    ("12.05.2023", "2023-05-12"),
    ("2023-05-11T20:00:00Z", "2023-05-12"),
    ("31/02/2020", None),
    ("12/13/2020", None),
    ("1/1/1890", None),
    ("không có ngày", None),
])
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-05-11T20:00:00Z", "2023-05-12"),          # 03:00 next day in Vietnam
    ("2023-05-11T16:59:59+00:00", "2023-05-11"),     # 23:59:59 the same day
    ("2023-05-11T17:00:00+00:00", "2023-05-12"),     # midnight in Vietnam
    ("2023-05-12T08:20:00+07:00", "2023-05-12"),
    ("2023-05-12T01:00:00-05:00", "2023-05-12"),
    ("2023-05-11T23:30:00", "2023-05-11"),           # naive: already local time
    ("2023-05-11", "2023-05-11"),
    ("2023-02-30T10:00:00Z", None),
    ("hôm qua", None),
])
def test_iso_datetimes_use_the_vietnamese_calendar(value: str, expected: str | None) -> None:
    assert parse_iso_datetime(value) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("27/12/2019 09:44 AM", DateLine("2019-12-27", None)),
    ("Ngày đăng 13/05/2016 | 4:59 PM | View count: 1501", DateLine("2016-05-13", None)),
    ("Thứ Sáu, 12/05/2023 - 15:20", DateLine("2023-05-12", None)),
    ("Cập nhật: 14/05/2023 10:00", DateLine(None, "2023-05-14")),
    ("Cập nhật lúc 08:15 ngày 12/05/2023", DateLine(None, "2023-05-12")),
    ("Ngày đăng: 12/05/2023 | Cập nhật: 14/05/2023", DateLine("2023-05-12", "2023-05-14")),
    ("Thứ năm, 07/05/2022, 17:50 GMT+7", DateLine("2022-05-07", None)),
])
def test_date_lines(line: str, expected: DateLine) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize("line", [
    # Body leads and cited documents carry dates but are not the article's date line.
    "Chiều ngày 15 tháng 01 năm 2020, Ủy ban nhân dân huyện Gò Công Tây tổ chức hội nghị tổng kết",
    "Ngày 12/5/2023, Đoàn công tác của Sở Thông tin và Truyền thông đã có buổi kiểm tra",
    "Quyết định số 1812/QĐ-UBND ngày 22/9/2017 về việc ban hành Đề án",
    "Ngày 27/11/2015 tại kỳ họp thứ 10, Quốc hội khóa XIII đã thông qua Bộ luật",
    "31/02/2020",
    "Hội nghị tổng kết",
])
def test_prose_and_invalid_dates_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_headline_followed_by_its_date_is_a_date_line() -> None:
    title = "Nghi Lộc: Nhiều kết quả nổi bật trong công tác thông tin- truyền thông năm 2019."
    line = f"{title} (27/12/2019 09:44 AM)"
    assert parse_date_line(line, title=title) == DateLine("2019-12-27", None)
    assert parse_date_line(line) is None
