"""Places named in articles: explicit unit forms, bare provinces, hints, and 2025 successors."""

from __future__ import annotations

import pytest

from crawlers.extraction.places import find_places, name_key, places

BEFORE = "2019-05-01"
AFTER = "2025-08-01"


def _names(text: str, **kwargs) -> list[tuple[str, str, str]]:
    """(name, level, province) of every place found in `text`."""
    return [(u.name, u.level, u.province) for u in find_places(None, text, **kwargs)]


@pytest.mark.parametrize(("text", "expected"), [
    ("UBND huyện Nghi Lộc tổ chức hội nghị", [("Nghi Lộc", "district", "Nghệ An")]),
    ("Huyện Nghi Lộc tổ chức hội nghị", [("Nghi Lộc", "district", "Nghệ An")]),
    ("tại xã Nghi Tiến", [("Nghi Tiến", "commune", "Nghệ An")]),
    ("thị trấn Quán Hành đông vui", [("Quán Hành", "commune", "Nghệ An")]),
    ("tỉnh Nghệ An", [("Nghệ An", "province", "Nghệ An")]),
    ("Nghệ An đẩy mạnh chuyển đổi số", [("Nghệ An", "province", "Nghệ An")]),  # bare province
    ("TP. Vinh tổ chức lễ hội", [("Vinh", "district", "Nghệ An")]),
    ("thành phố Vinh tổ chức lễ hội", [("Vinh", "district", "Nghệ An")]),
    ("thành phố Hà Nội", [("Hà Nội", "province", "Hà Nội")]),
    ("người dân TP.HCM", [("Hồ Chí Minh", "province", "Hồ Chí Minh")]),
    ("Thừa Thiên Huế", [("Huế", "province", "Huế")]),                           # alias
    ("Bà Rịa - Vũng Tàu", [("Bà Rịa - Vũng Tàu", "province", "Bà Rịa - Vũng Tàu")]),
    ("tỉnh Hoà Bình", [("Hòa Bình", "province", "Hòa Bình")]),                  # old tone position
    # A chain names the containing units; each is a place of its own, in order.
    ("xã Nghi Tiến, huyện Nghi Lộc, tỉnh Nghệ An",
     [("Nghi Tiến", "commune", "Nghệ An"), ("Nghi Lộc", "district", "Nghệ An"),
      ("Nghệ An", "province", "Nghệ An")]),
    # "các xã A, B và C": a list after a plural type word.
    ("Các xã Nghi Tiến, Nghi Yên và Nghi Thiết đạt chuẩn",
     [("Nghi Tiến", "commune", "Nghệ An"), ("Nghi Yên", "commune", "Nghệ An"),
      ("Nghi Thiết", "commune", "Nghệ An")]),
])
def test_explicit_forms_and_bare_provinces(text: str, expected: list) -> None:
    assert _names(text, published=BEFORE) == expected


@pytest.mark.parametrize("text", [
    "Huyện ủy Nghi Lộc họp",                    # "Huyện ủy" is a Party body, not a unit form
    "phát triển kinh tế - xã hội bền vững",      # "xã hội" is "society"
    "Chủ tịch Hồ Chí Minh",                     # the President, not the city
    "học tập tư tưởng Hồ Chí Minh",
    "đồng chí Nguyễn Hà Nam phát biểu",          # a person's name
    "chiến thắng Điện Biên Phủ",                 # a longer proper name
    "Nghi Lộc tổ chức hội nghị",                 # bare district names are never matched
    "huyện Châu Thành tổ chức",                  # a district name of many provinces, no hint
    "Quận 1 và phường 3",                        # numbered units without their city
])
def test_ambiguous_or_non_place_text_gives_nothing(text: str) -> None:
    assert _names(text, published=BEFORE) == []


def test_ambiguous_names_are_resolved_by_the_following_unit() -> None:
    found = find_places(None, "xã Tân Phú, huyện Đức Hòa, tỉnh Long An", published=BEFORE)
    assert [(u.name, u.level, u.district) for u in found] == [
        ("Tân Phú", "commune", "Đức Hòa"), ("Đức Hòa", "district", None), ("Long An", "province", None)
    ]


def test_ambiguous_names_are_resolved_by_the_portal_hints() -> None:
    assert _names("huyện Châu Thành tổ chức", province="Tiền Giang", published=BEFORE) == [
        ("Châu Thành", "district", "Tiền Giang")
    ]


def test_a_district_is_kept_as_named_with_its_2025_province_as_successor() -> None:
    [unit] = places(None, "huyện Nghi Lộc", published=BEFORE)
    assert unit == {
        "name": "Nghi Lộc", "type": "Huyện", "level": "district", "province": "Nghệ An",
        "district": None, "code": "429", "era": "pre-2025",
        "successor": {"name": "Nghệ An", "type": "Tỉnh", "level": "province", "province": "Nghệ An",
                      "district": None, "code": "40", "era": "2025"},
    }


def test_a_merged_commune_has_its_2025_commune_as_successor() -> None:
    [unit] = places(None, "xã Nghi Tiến", published=BEFORE)
    assert (unit["code"], unit["district"]) == ("17836", "Nghi Lộc")
    assert unit["successor"]["level"] == "commune"
    assert unit["successor"]["era"] == "2025"
    assert unit["successor"]["province"] == "Nghệ An"


def test_a_merged_province_has_the_new_province_as_successor() -> None:
    [unit] = places(None, "tỉnh Hà Giang", published=BEFORE)
    assert unit["successor"]["name"] == "Tuyên Quang"
    assert unit["successor"]["code"] == "08"


def test_articles_after_the_reorganisation_name_2025_units() -> None:
    [unit] = places(None, "Xã Nghi Lộc tổ chức hội nghị", published=AFTER, province="Nghệ An")
    assert (unit["name"], unit["level"], unit["era"], unit["successor"]) == (
        "Nghi Lộc", "commune", "2025", None
    )
    # Before 1 July 2025 there was no commune of that name: nothing is guessed.
    assert places(None, "Xã Nghi Lộc tổ chức hội nghị", published=BEFORE) == []


def test_places_are_unique_in_order_of_first_mention_and_the_title_counts() -> None:
    found = find_places("Nghi Lộc: hội nghị tại xã Nghi Tiến", "huyện Nghi Lộc và xã Nghi Tiến",
                        published=BEFORE)
    assert [u.name for u in found] == ["Nghi Tiến", "Nghi Lộc"]


def test_name_key_ignores_tone_position_and_hyphen_spacing() -> None:
    assert name_key("Hoà Bình") == name_key("Hòa Bình")
    assert name_key("Phan Rang-Tháp Chàm") == name_key("Phan Rang - Tháp Chàm")
    assert name_key("Hà Nam") != name_key("Hạ Nam")
