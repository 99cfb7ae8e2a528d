"""The assembled mirror: portals, ground truth, `fetch` and `classify`.

`fetch` is pure (no sockets) so tests can check pages without a server, and the server is a thin
wrapper around it. `classify` uses the same routes as `fetch`, so "what kind of URL is this"
cannot drift from "what does the server answer".
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from tests.mirror.content import PortalContent, build_all
from tests.mirror.families.aspnet import AspNet
from tests.mirror.families.base import Family, text_response
from tests.mirror.families.drupal import Drupal
from tests.mirror.families.joomla import Joomla
from tests.mirror.families.liferay import Liferay
from tests.mirror.families.wordpress import WordPress
from tests.mirror.model import MirrorArticle, MirrorPortal, MirrorResponse
from tests.mirror.urls import parse

_FAMILIES: dict[str, type[Family]] = {
    "liferay": Liferay, "joomla": Joomla, "drupal": Drupal, "aspnet": AspNet,
    "wordpress": WordPress,
}
_HOME_PATHS = {"liferay": "/web/guest/trang-chu", "joomla": "/index.php", "drupal": "/",
               "aspnet": "/", "wordpress": "/"}
#: Discovery channels of the default portals (MirrorPortal.channels).
_CHANNELS = {"liferay": ("links",), "joomla": ("links", "feed"),
             "drupal": ("links", "sitemap", "feed"), "aspnet": ("links",),
             "wordpress": ("links", "sitemap", "feed")}


def _renderer(name: str) -> type[Family]:
    """Renderer class for PortalDef.renderer or the family name (extended portals import lazily,
    so the default mirror does not depend on them)."""
    if name in _FAMILIES:
        return _FAMILIES[name]
    from tests.mirror.families.asp import ClassicAsp
    from tests.mirror.families.nukeviet import NukeViet
    from tests.mirror.families.postback import AspNetPostBack
    from tests.mirror.families.sharepoint import SharePoint
    from tests.mirror.families.spa import SpaPortal

    return {"postback": AspNetPostBack, "spa": SpaPortal, "asp": ClassicAsp,
            "sharepoint": SharePoint, "nukeviet": NukeViet}[name]

#: Boilerplate strings read off the seed pages that the mirror chrome reproduces
#: (same list as tests/fixtures/seed_boilerplate.txt).
SEED_BOILERPLATE: tuple[str, ...] = (
    # 000/002 Nghi Lộc, Liferay
    "Skip portlet", "Portlet Menu", "This portlet is unavailable.", "Tin đã đưa:", "Bản đồ",
    "Lịch làm việc", "Thư viện ảnh", "Thống kê truy cập", "image advertisement", "image banner",
    "BẢN ĐỒ HUYỆN NGHI LỘC", "CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN NGHI LỘC",
    "Chịu trách nhiệm nội dung: Chủ tịch UBND Huyện", "Trụ sở: K4 thị trấn Huyện Nghi Lộc, Nghệ An",
    "Điện thoại: 038.3 8610284 - Email: nghiloc@nghean.gov.vn",
    # 001 Lương Sơn, Joomla
    "DICHVUCONG", "NOGTHONMOI", "Văn bản mới", "Bản đồ hành chính huyện", "Các khu công nghiệp",
    "Today", "Yesterday", "This Week", "Last Week", "This Month", "Last Month", "All days",
    "Your IP", "Template Settings", "For each color, the params below will be given default values",
    "Blue Oranges Red", "Background Color", "Text Color", "Google Font", "Body Font-size",
    "Body Font-family", "Direction", "Select menu",
    # 003 Gò Công Tây, ASP.NET
    "Truy cập nội dung luôn", "Album ảnh", "Slideshow Image", "Chi tiết tin", "Liên kết",
    # 004 Cao Lộc, Drupal
    "Skip to main content", "About",
)


class Mirror:
    """The portals served from memory; see the package docstring for the API."""

    def __init__(self, contents: list[PortalContent]) -> None:
        self.families: dict[str, Family] = {}
        self.portals: list[MirrorPortal] = []
        for content in contents:
            d = content.define
            scheme = "https" if d.tls else "http"
            home = d.home_path or _HOME_PATHS[d.family]
            portal = MirrorPortal(id=d.id, host=d.host, family=d.family,  # type: ignore[arg-type]
                                  name=d.name, province=d.province, district=d.district,
                                  home_url=f"{scheme}://{d.host}{home}", render=d.render,
                                  tls=d.tls, channels=d.channels or _CHANNELS[d.family])
            self.portals.append(portal)
            self.families[d.host] = _renderer(d.renderer or d.family)(portal, content)
        self.articles: list[MirrorArticle] = [
            art for fam in self.families.values() for art in fam.ground_truth()]
        self.seed_boilerplate: list[str] = list(SEED_BOILERPLATE)

    def family_for(self, url: str) -> Family | None:
        """The renderer serving `url`'s host, None for hosts outside the mirror."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            return None
        return self.families.get(host)

    def fetch(self, url: str, method: str = "GET", body: bytes = b"") -> MirrorResponse:
        """Answer `url` as the real portal would (502 for hosts the mirror does not have).

        `body` is the form data of a POST (only the extended mirror's post-back pager takes one).
        """
        fam = self.family_for(url)
        if fam is None:
            return text_response(502, f"mirror: unknown host in {url}\n")
        return fam.respond(url, method.upper(), body)

    def classify(self, url: str) -> str:
        """Kind of `url` (see model.KINDS): what a crawl that fetched it has done."""
        fam = self.family_for(url)
        req = parse(url)
        if fam is None or req is None:
            return "unknown"
        return fam.resolve(req).kind

    def articles_of(self, portal_id: str) -> list[MirrorArticle]:
        """Ground truth of one portal."""
        return [a for a in self.articles if a.portal == portal_id]


def _build(extended: bool = False) -> Mirror:
    """Build a fresh mirror (deterministic)."""
    return Mirror(build_all(extended))


@lru_cache(maxsize=2)
def build_mirror(extended: bool = False) -> Mirror:
    """The mirror, built once per process (it is immutable in practice).

    `extended=True` adds five harder portals after the default five (post-back pager,
    JavaScript-only listing, broken charsets, attachments, self-signed HTTPS); see
    docs/mirror.md. The default mirror is unchanged by them.
    """
    return _build(extended)
