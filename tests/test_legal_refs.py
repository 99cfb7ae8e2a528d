"""Legal document references: what counts as one, and how its number is read."""

from __future__ import annotations

import pytest

from crawlers.extraction.legal_refs import find_legal_refs, fold_number, legal_refs, normalise_number


@pytest.mark.parametrize(("text", "expected"), [
    ("Thực hiện Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ",
     {"text": "Quyết định số 45/2016/QĐ-TTg", "number": "45/2016/QĐ-TTg", "type": "Quyết định",
      "type_code": "QĐ", "year": 2016, "issuer": "TTg", "date": "2016-10-19"}),
    # Spaces around the dash, as seen in real text: the number is normalised, the text kept.
    ("theo Quyết định số 45/2016/QĐ - TTg của Thủ tướng",
     {"text": "Quyết định số 45/2016/QĐ - TTg", "number": "45/2016/QĐ-TTg", "type": "Quyết định",
      "type_code": "QĐ", "year": 2016, "issuer": "TTg", "date": None}),
    ("Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa",
     {"text": "Nghị định số 61/2018/NĐ-CP", "number": "61/2018/NĐ-CP", "type": "Nghị định",
      "type_code": "NĐ", "year": 2018, "issuer": "CP", "date": None}),
    ("Nghị định 43/NĐ-CP quy định",
     {"text": "Nghị định 43/NĐ-CP", "number": "43/NĐ-CP", "type": "Nghị định", "type_code": "NĐ",
      "year": None, "issuer": "CP", "date": None}),
    ("Quyết định số 1812/QĐ-UBND ngày 22/9/2017 của UBND tỉnh",
     {"text": "Quyết định số 1812/QĐ-UBND", "number": "1812/QĐ-UBND", "type": "Quyết định",
      "type_code": "QĐ", "year": None, "issuer": "UBND", "date": "2017-09-22"}),
    ("Thông tư 01/2020/TT-BTTTT hướng dẫn",
     {"text": "Thông tư 01/2020/TT-BTTTT", "number": "01/2020/TT-BTTTT", "type": "Thông tư",
      "type_code": "TT", "year": 2020, "issuer": "BTTTT", "date": None}),
    ("Chỉ thị số 05-CT/TW của Bộ Chính trị",
     {"text": "Chỉ thị số 05-CT/TW", "number": "05-CT/TW", "type": "Chỉ thị", "type_code": "CT",
      "year": None, "issuer": "TW", "date": None}),
    ("Nghị quyết 57-NQ/TW về đột phá phát triển khoa học",
     {"text": "Nghị quyết 57-NQ/TW", "number": "57-NQ/TW", "type": "Nghị quyết", "type_code": "NQ",
      "year": None, "issuer": "TW", "date": None}),
    ("Kế hoạch số 12/KH-UBND ngày 15 tháng 01 năm 2020",
     {"text": "Kế hoạch số 12/KH-UBND", "number": "12/KH-UBND", "type": "Kế hoạch", "type_code": "KH",
      "year": None, "issuer": "UBND", "date": "2020-01-15"}),
    # Official letters carry no type code: the suffix is the issuer (body and department).
    ("Công văn số 125/UBND-VX về việc",
     {"text": "Công văn số 125/UBND-VX", "number": "125/UBND-VX", "type": "Công văn",
      "type_code": None, "year": None, "issuer": "UBND-VX", "date": None}),
    ("Thông tư liên tịch số 03/2016/TTLT-BNV-BTC",
     {"text": "Thông tư liên tịch số 03/2016/TTLT-BNV-BTC", "number": "03/2016/TTLT-BNV-BTC",
      "type": "Thông tư liên tịch", "type_code": "TTLT", "year": 2016, "issuer": "BNV-BTC",
      "date": None}),
    ("Luật số 86/2015/QH13", {"text": "Luật số 86/2015/QH13", "number": "86/2015/QH13", "type": "Luật",
                              "type_code": None, "year": 2015, "issuer": "QH13", "date": None}),
    # A lower-case type word in running text; "số:" with a colon.
    ("căn cứ quyết định số: 230/QĐ-UBND, huyện",
     {"text": "quyết định số: 230/QĐ-UBND", "number": "230/QĐ-UBND", "type": "Quyết định",
      "type_code": "QĐ", "year": None, "issuer": "UBND", "date": None}),
    # Without a type word, a number with a known type code still names a document.
    ("triển khai theo 45/2016/QĐ-TTg.",
     {"text": "45/2016/QĐ-TTg", "number": "45/2016/QĐ-TTg", "type": "Quyết định", "type_code": "QĐ",
      "year": 2016, "issuer": "TTg", "date": None}),
])
def test_one_reference_is_parsed(text: str, expected: dict) -> None:
    assert legal_refs(text) == [expected]


@pytest.mark.parametrize("text", [
    "Ngày 12/5/2023, đoàn công tác làm việc tại huyện",      # a date, not a document
    "Điện thoại: 0238/3861.234",                              # a phone number
    "tỷ lệ 98/100 hồ sơ đúng hạn",
    "quyết định đầu tư 45 tỷ đồng",                           # type word without a number
    "theo 12/UBND-VX",                                        # no type word, no known code
])
def test_non_references_are_ignored(text: str) -> None:
    assert find_legal_refs(text) == []


def test_a_following_word_after_a_spaced_dash_is_not_part_of_the_number() -> None:
    [ref] = find_legal_refs("Quyết định số 12/QĐ-UBND - Ban hành quy chế")
    assert ref.number == "12/QĐ-UBND"


def test_references_are_unique_by_number_in_order_of_first_mention() -> None:
    text = (
        "Thực hiện Kế hoạch số 12/KH-UBND và Quyết định số 45/2016/QĐ - TTg. Theo Quyết định "
        "45/2016/QĐ-TTg ngày 19/10/2016, Nghị định 61/2018/NĐ-CP và Kế hoạch 12/KH-UBND…"
    )
    refs = find_legal_refs(text)
    assert [r.number for r in refs] == ["12/KH-UBND", "45/2016/QĐ-TTg", "61/2018/NĐ-CP"]
    # The first mention is kept as written; a later mention supplies the date it lacked.
    assert refs[1].text == "Quyết định số 45/2016/QĐ - TTg"
    assert refs[1].date == "2016-10-19"


def test_dates_not_directly_after_the_number_are_not_its_date() -> None:
    [ref] = find_legal_refs("Quyết định số 230/QĐ-UBND của UBND huyện. Ngày 12/5/2023, hội nghị…")
    assert ref.date is None


def test_numbers_are_normalised_to_nfc_without_spaces_and_folded_for_search() -> None:
    decomposed = "45/2016/Q\u0110 \u2013 TTg"
    assert normalise_number(decomposed) == "45/2016/QĐ-TTg"
    assert fold_number("45/2016/QĐ-TTg") == fold_number("45/2016/qd-ttg") == "45/2016/qd-ttg"
