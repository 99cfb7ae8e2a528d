"""SharePoint 2010 portals with the LạcViệt news web parts (Đắk Nông departments and districts).

Every block is a web part (`ms-WPBody`) in a zone cell (`MSOZoneCell_…`) of `s4-workspace`; page
text written in the rich-text editor sits in `ExternalClass<hex>` divs. The LạcViệt news web part
prints a header row (`tr.ms-news-header`: category link, `td.Time` "(05.08.2019 16:32)"), then
`table#tableforprint`: `p.Title` headline, a bold sapo (`b.lv_description_mode1`) and the body in
an `ExternalClass` div, then "TIN MỚI HƠN" / "TIN ĐÃ ĐƯA" lists (`td.OtherTitle` + `td.Other`).
Its introduction web part ("Giới thiệu", "Cơ cấu tổ chức") is `div.gthieu`: a `div.gtTitle`
headline, then the text in `div.gthieu-cont`.
Hidden web part settings (`display:none`) hold text lines that are not content.
"""

from crawlers.extraction.families import aspnet
from crawlers.extraction.xpaths import class_prefix, class_token

NAME = "sharepoint"
FINGERPRINTS = (
    f"//*[{class_token('ms-WPBody')}]",
    "//*[@id='s4-workspace' or @id='s4-bodyContainer']",
    "//td[starts-with(@id, 'MSOZoneCell_')]",
    f"//*[{class_prefix('ExternalClass')}]",
    "//*[contains(@href, '/_layouts/') or contains(@src, '/_layouts/')]",
    f"//*[{class_token('s4-wpTopTable', 's4-wpcell-plain')}]",
)
CHROME_XPATHS = (
    "//body//*[@id='s4-ribbonrow' or @id='suiteBar' or @id='ms-designer-ribbon']",
    f"//body//*[{class_token('ms-hide', 'ms-hidden', 's4-notdlg-hidden', 'ms-SkiptoNavigation')}]",
    # Editors' links printed for everyone: "Soạn bài viết", "Chỉnh sửa bài viết", "Quản trị".
    "//body//*[starts-with(@id, 'ctl00_') and contains(@id, '_MnPopup')]",
    f"//body//*[{class_token('OtherTitle', 'Other')}]",
    f"//body//*[{class_token('HitTitle', 'HitCounter', 'linkweb', 'videobox')}]",
    *aspnet.CHROME_XPATHS,  # SharePoint is WebForms: its web parts use the ASP.NET vocabulary too
)
TITLE_XPATHS = (
    f"//table[@id='tableforprint']//*[{class_token('Title')}]",
    f"//*[@id='part1']//*[{class_token('Title')}]",
    f"//*[{class_token('gthieu')}][*[{class_token('gthieu-cont')}]]/*[{class_token('gtTitle')}][1]",
    *aspnet.TITLE_XPATHS,
)
DATE_XPATHS = (
    f"//tr[{class_token('ms-news-header')}]//td[{class_token('Time')}]",
    f"//*[{class_token('container_top_mid2')}]//td[{class_token('Time')}]",
    *aspnet.DATE_XPATHS,
)
BODY_XPATHS = (
    f"//table[@id='tableforprint']//*[{class_prefix('ExternalClass')}]",
    f"//*[{class_token('gtTitle')}]//*[{class_token('img')}]",
    f"//*[{class_token('gthieu')}]/*[{class_token('gthieu-cont')}]",
    *aspnet.BODY_XPATHS,
)
ARTICLE_URL_PATTERNS = aspnet.ARTICLE_URL_PATTERNS
LISTING_URL_PATTERNS = aspnet.LISTING_URL_PATTERNS
LISTING_ITEM_XPATHS = (
    f"//*[{class_token('news-item', 'item-news', 'ms-vb')}]",
)
HOME_URL_PATTERNS = (r"^/(?:(?:Pages/)?(?:default|Default|Home|home|index)\.(?:aspx|html?))?/?$",)
