"""ASP.NET WebForms post-back pagers (`javascript:__doPostBack('ctl00$...$pager','Page$2')`).

On many ASP.NET and SharePoint portals the only way past page 1 of a listing is to post the page's
form back with `__EVENTTARGET`/`__EVENTARGUMENT` set, as the browser's script does. Only paging
arguments are followed (`Page$N`, numeric): they are read-only, and numbered pages are absolute,
so each page is requested once however many pagers link it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapy.http import FormRequest, TextResponse

_DO_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']+)'\s*,\s*'([^']*)'\s*\)")
_PAGE_ARGUMENT = re.compile(r"^Page\$(\d+)$")
FORM_XPATH = "//form[.//input[@name='__VIEWSTATE']]"


@dataclass(frozen=True)
class PostBack:
    target: str
    argument: str
    page: int


def pager_postbacks(response: TextResponse) -> list[PostBack]:
    """Numbered pager post-backs on a page that has a WebForms form to post."""
    if not response.xpath(FORM_XPATH):
        return []
    found: dict[tuple[str, str], PostBack] = {}
    for href in response.xpath("//a/@href[contains(., '__doPostBack')]").getall():
        match = _DO_POSTBACK.search(href)
        if not match:
            continue
        target, argument = match.groups()
        page = _PAGE_ARGUMENT.match(argument)
        if page:
            found[(target, argument)] = PostBack(target, argument, int(page.group(1)))
    return sorted(found.values(), key=lambda p: p.page)


def postback_request(response: TextResponse, postback: PostBack, **kwargs) -> FormRequest:
    """The form post a browser makes for `postback`, hidden fields echoed back."""
    return FormRequest.from_response(
        response, formxpath=FORM_XPATH, dont_click=True,
        formdata={"__EVENTTARGET": postback.target, "__EVENTARGUMENT": postback.argument},
        **kwargs)
