"""Deterministic article content for the five mirrored portals.

Everything comes from `random.Random` with fixed seeds plus the five real seed articles, so two
builds are identical and the ground truth never drifts between test runs. The content model is
family-neutral: the renderers in `families/` decide URLs and markup.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tests.mirror import banks
from tests.mirror.seeds import SEEDS

_SPACES = re.compile(r"[ \t\n\u00a0]+")


def collapse(text: str) -> str:
    """Visible text of `text`: NFC, whitespace runs (incl. NBSP) collapsed, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def slugify(text: str) -> str:
    """ASCII slug the way Vietnamese CMS plugins make them ("Đổi mới" -> "doi-moi")."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class PortalDef:
    """Static facts about one portal (names, communes, categories and their sizes)."""

    id: str
    host: str
    family: str
    name: str
    province: str
    district: str
    communes: tuple[str, ...]
    categories: tuple[tuple[str, str, int], ...]  # (slug, display name, article count)
    units: tuple[str, ...]
    sources: tuple[str, ...]
    seed: int
    undated: int  # generated articles without a date line
    nfd: int  # generated articles whose HTML is NFD
    # -- extended mirror only (the five default portals keep the defaults) --
    first_num: int | None = None  # article numbers start after this (default: per family)
    renderer: str | None = None  # renderer module when it is not the family's (mirror._RENDERERS)
    home_path: str | None = None  # home page path when it is not the family's default
    render: str | None = None  # MirrorPortal.render
    tls: str | None = None  # MirrorPortal.tls
    channels: tuple[str, ...] | None = None  # MirrorPortal.channels (default per family)


PORTAL_DEFS: tuple[PortalDef, ...] = (
    PortalDef(
        "nghiloc-nghean", "nghiloc.nghean.gov.vn", "liferay",
        "Cổng thông tin điện tử huyện Nghi Lộc", "Nghệ An", "Nghi Lộc",
        ("Nghi Long", "Nghi Xá", "Nghi Hoa", "Nghi Thuận", "Nghi Công Bắc", "Nghi Công Nam",
         "Nghi Văn", "Nghi Lâm", "Nghi Kiều", "Nghi Mỹ", "Nghi Phương", "Nghi Đồng", "Nghi Hưng",
         "Nghi Thạch", "Nghi Trung", "Nghi Yên", "Nghi Tiến", "Nghi Quang", "Khánh Hợp",
         "Phúc Thọ"),
        (("tin-tuc-su-kien", "Tin tức - Sự kiện", 36), ("chuyen-doi-so", "Chuyển đổi số", 18),
         ("cai-cach-hanh-chinh", "Cải cách hành chính", 12)),
        ("Phòng VHTT huyện", "Trung tâm VH-TT huyện", "Văn phòng HĐND-UBND huyện"),
        ("Báo Nghệ An", "Đài PT-TH Nghệ An", "Cổng TTĐT tỉnh Nghệ An"),
        1101, 3, 0,
    ),
    PortalDef(
        "luongson-hoabinh", "luongson.hoabinh.gov.vn", "joomla",
        "Cổng thông tin điện tử huyện Lương Sơn", "Hòa Bình", "Lương Sơn",
        ("Tân Vinh", "Cao Dương", "Thanh Sơn", "Nhuận Trạch", "Hòa Sơn", "Lâm Sơn", "Liên Sơn",
         "Cư Yên", "Trung Sơn", "Tiến Xuân", "Yên Bình", "Yên Trung", "Thanh Cao", "Cao Sơn",
         "Long Sơn"),
        (("tin-tuc", "Tin tức", 38), ("chuyen-doi-so", "Chuyển đổi số", 16),
         ("van-hoa-xa-hoi", "Văn hóa - Xã hội", 12)),
        ("Phòng VH-TT huyện", "Trung tâm VH-TT huyện", "Đài Truyền thanh huyện"),
        ("http://baohoabinh.com.vn", "Báo Hòa Bình", "Đài PT-TH Hòa Bình"),
        2202, 3, 1,
    ),
    PortalDef(
        "caoloc-langson", "caoloc.langson.gov.vn", "drupal",
        "Cổng thông tin điện tử huyện Cao Lộc", "Lạng Sơn", "Cao Lộc",
        ("Gia Cát", "Hải Yến", "Hợp Thành", "Lộc Yên", "Xuất Lễ", "Cao Lâu", "Mẫu Sơn",
         "Công Sơn", "Thạch Đạn", "Thanh Lòa", "Bình Trung", "Tân Liên", "Tân Thành", "Thụy Hùng",
         "Hòa Cư", "Song Giáp", "Phú Xá", "Xuân Long", "Yên Trạch"),
        (("tin-tuc", "Tin tức - Sự kiện", 36), ("chuyen-doi-so", "Chuyển đổi số", 20),
         ("kinh-te-xa-hoi", "Kinh tế - Xã hội", 10)),
        ("Trung tâm Công nghệ số", "Trung tâm VH-TT&TT huyện", "Văn phòng HĐND và UBND huyện"),
        ("Báo Lạng Sơn", "Cổng TTĐT tỉnh Lạng Sơn"),
        3303, 3, 0,
    ),
    PortalDef(
        "gocongtay-tiengiang", "gocongtay.tiengiang.gov.vn", "aspnet",
        "Cổng thông tin điện tử huyện Gò Công Tây", "Tiền Giang", "Gò Công Tây",
        ("Thạnh Nhựt", "Bình Phú", "Bình Nhì", "Đồng Sơn", "Đồng Thạnh", "Long Bình",
         "Long Vĩnh", "Thạnh Trị", "Vĩnh Hựu", "Yên Luông", "Bình Tân", "Thành Công"),
        (("3", "Tin tức - Sự kiện", 40), ("5", "Cải cách hành chính", 14),
         ("7", "Văn hóa - Xã hội", 12)),
        ("Văn phòng HĐND và UBND huyện", "Phòng VH-TT huyện"),
        ("Báo Ấp Bắc", "Đài PT-TH Tiền Giang"),
        4404, 3, 1,
    ),
    PortalDef(
        "dienchau-nghean", "dienchau.nghean.gov.vn", "wordpress",
        "Cổng thông tin điện tử huyện Diễn Châu", "Nghệ An", "Diễn Châu",
        ("Diễn Kỷ", "Diễn Phong", "Diễn Hồng", "Diễn Thịnh", "Diễn Kim", "Diễn Hải",
         "Diễn Thành", "Diễn Ngọc", "Diễn Bích", "Diễn Vạn", "Diễn Tháp", "Diễn Lộc", "Diễn Cát",
         "Diễn Yên", "Diễn Liên", "Diễn Đồng"),
        (("tin-tuc", "Tin tức", 34), ("chuyen-doi-so", "Chuyển đổi số", 20),
         ("van-hoa-xa-hoi", "Văn hóa - Xã hội", 12)),
        ("Phòng VH-TT huyện", "Trung tâm VH-TT huyện"),
        ("Báo Nghệ An", "Đài PT-TH Nghệ An"),
        5505, 0, 0,
    ),
)

#: Topics per category position (first category is general news, so it mixes everything).
_CATEGORY_TOPICS: tuple[tuple[str, ...], ...] = (
    tuple(banks.TOPICS),
    ("chuyen-doi-so", "dich-vu-cong", "chinh-quyen-dien-tu"),
    ("cai-cach-hanh-chinh", "van-hoa", "y-te", "giao-duc", "nong-thon-moi"),
)


@dataclass(frozen=True)
class AttachmentSpec:
    """A document file linked from an article: where it is served and what it contains."""

    path: str  # absolute path on the portal, e.g. /Uploads/files/QD-1812-UBND.pdf
    filename: str
    content_type: str
    snippet: str  # a phrase text extraction from `data` yields
    data: bytes
    label: str  # link text on the article page


@dataclass
class ArticleSpec:
    """One article before rendering: text as published (raw) plus its ground-truth fields."""

    num: int  # portal-unique number, the id in Joomla/ASP.NET/WordPress/Drupal URLs
    category: int
    title: str
    slug: str
    published: date | None
    when: datetime  # sort key and the time shown on date lines (hidden when published is None)
    author: str | None
    unit: str | None
    source: str | None
    raw_paragraphs: list[str]
    caption: str | None = None
    image_alt: str | None = None
    nfd: bool = False
    seed: str | None = None
    extra_related: list[str] = field(default_factory=list)
    attachments: list[AttachmentSpec] = field(default_factory=list)
    #: Extended mirror (Điện Bàn): "cp1258-undeclared" (no charset anywhere), "tcvn3", "vni";
    #: None = the family's usual encoding.
    charset: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        """Ground-truth paragraphs (NFC, collapsed)."""
        return [collapse(p) for p in self.raw_paragraphs]

    def shown(self, text: str) -> str:
        """Text as it appears in the HTML: NFD for the deliberately decomposed articles."""
        return unicodedata.normalize("NFD", text) if self.nfd else text


@dataclass
class PortalContent:
    """Articles of one portal grouped by category, newest first."""

    define: PortalDef
    categories: list[list[ArticleSpec]]

    @property
    def articles(self) -> list[ArticleSpec]:
        """All articles, newest first (home page order)."""
        return sorted((a for c in self.categories for a in c), key=lambda a: a.when, reverse=True)


class _Values(dict[str, str]):
    """Placeholder values drawn on first use, so every sentence gets fresh numbers and names."""

    def __init__(self, rng: random.Random, d: PortalDef, when: datetime) -> None:
        super().__init__(huyen=d.district, tinh=d.province, nam=str(when.year),
                         nam_truoc=str(when.year - 1), nam_sau=str(when.year + 1))
        self.rng, self.d, self.when = rng, d, when

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key in ("xa", "xa2"):
            return r.choice(self.d.communes)
        if key == "ngay":
            day = self.when - timedelta(days=r.randint(1, 4))
            return f"{day.day}/{day.month}/{day.year}"
        if key == "so":
            return str(r.randint(12, 3999))
        if key == "n1":
            return str(r.randint(2, 30))
        if key == "n2":
            return str(r.randint(40, 600))
        if key == "n3":
            return f"{r.randint(1_000, 40_000):,}".replace(",", ".")
        if key == "n4":
            return f"{r.randint(40_000, 120_000):,}".replace(",", ".")
        if key == "pct":
            return f"{r.randint(600, 999) / 10:.1f}".replace(".", ",")
        if key == "tien":
            return f"{r.randint(300, 9_000):,}".replace(",", ".")
        if key == "nguoi":
            return f"{r.choice(banks.SURNAMES)} {r.choice(banks.MIDDLE)} {r.choice(banks.GIVEN)}"
        if key == "chucvu":
            return r.choice(banks.POSITIONS)
        raise KeyError(key)


def _fill(template: str, rng: random.Random, d: PortalDef, when: datetime) -> str:
    return template.format_map(_Values(rng, d, when))


def _generate(d: PortalDef, rng: random.Random, cat: int, when: datetime, num: int,
              titles: set[str]) -> ArticleSpec:
    topic = rng.choice(_CATEGORY_TOPICS[cat])
    title_bank, leads, sentences = banks.TOPICS[topic]
    while True:
        title = _fill(rng.choice(title_bank), rng, d, when)
        if title not in titles:
            titles.add(title)
            break
    pool = sentences + banks.GENERAL
    rng.shuffle(pool := list(pool))
    n_par = rng.randint(3, 10)
    paragraphs = [_fill(rng.choice(leads), rng, d, when)]
    while len(paragraphs) < n_par - 1:
        k = rng.randint(1, 3)
        chunk, pool = pool[:k], pool[k:] or list(sentences)
        paragraphs.append(" ".join(_fill(s, rng, d, when) for s in chunk))
    paragraphs.append(_fill(rng.choice(banks.CLOSINGS), rng, d, when))
    source = rng.choice(d.sources) if rng.random() < 0.25 else None
    author = rng.choice(banks.BYLINES) if (source is None or rng.random() < 0.5) else None
    unit = rng.choice(d.units) if author and rng.random() < 0.6 else None
    caption = _fill(rng.choice(banks.CAPTIONS), rng, d, when) if rng.random() < 0.5 else None
    return ArticleSpec(num=num, category=cat, title=title, slug=slugify(title), published=when.date(),
                       when=when, author=author, unit=unit, source=source,
                       raw_paragraphs=paragraphs, caption=caption,
                       image_alt=("image" if caption else None))


def _seed_spec(s: dict, num: int, when: datetime) -> ArticleSpec:
    published = date.fromisoformat(s["published"]) if s["published"] else None
    return ArticleSpec(num=num, category=s["category"], title=s["title"], slug=slugify(s["title"]),
                       published=published, when=when, author=s["author"], unit=s["unit"],
                       source=s["source"], raw_paragraphs=list(s["paragraphs"]),
                       caption=s["caption"], image_alt=s["image_alt"], seed=s["key"],
                       extra_related=list(s["related"]))


#: Sort timestamps for the seed articles (the undated ones get a plausible hidden position).
_SEED_WHEN = {"000": datetime(2019, 12, 27, 9, 44), "002": datetime(2021, 10, 15, 8, 5),
              "001": datetime(2020, 9, 20, 7, 30), "003": datetime(2020, 1, 16, 14, 0),
              "004": datetime(2023, 5, 12, 15, 20)}


def build_portal(d: PortalDef) -> PortalContent:
    """Generate one portal's articles: its seeds plus deterministic filler up to the category sizes."""
    rng = random.Random(d.seed)
    base = {"liferay": 5000, "joomla": 100, "drupal": 1000, "aspnet": 1200, "wordpress": 300}
    num = d.first_num if d.first_num is not None else base[d.family]
    seeds = [s for s in SEEDS if s["portal"] == d.id]
    titles = {s["title"] for s in seeds}
    categories: list[list[ArticleSpec]] = []
    start, span = datetime(2018, 1, 2, 7, 0), (datetime(2025, 6, 28) - datetime(2018, 1, 2)).days
    for cat, (_slug, _name, size) in enumerate(d.categories):
        items: list[ArticleSpec] = []
        for s in seeds:
            if s["category"] == cat:
                items.append(_seed_spec(s, num := num + 1, _SEED_WHEN[s["key"]]))
        while len(items) < size:
            when = start + timedelta(days=rng.randrange(span), hours=rng.randint(0, 9),
                                     minutes=rng.randrange(60))
            items.append(_generate(d, rng, cat, when, num := num + 1, titles))
        items.sort(key=lambda a: a.when, reverse=True)
        categories.append(items)
    generated = [a for c in categories for a in c if a.seed is None]
    generated.sort(key=lambda a: a.num)
    picks = rng.sample(generated, d.undated + d.nfd)
    for a in picks[: d.undated]:
        a.published = None
    for a in picks[d.undated:]:
        a.nfd = True
    return PortalContent(d, categories)


def build_all(extended: bool = False) -> list[PortalContent]:
    """Content of the five portals in PORTAL_DEFS order, then (extended) the harder portals."""
    contents = [build_portal(d) for d in PORTAL_DEFS]
    if extended:
        from tests.mirror.extended import build_extended

        contents += build_extended()
    return contents
