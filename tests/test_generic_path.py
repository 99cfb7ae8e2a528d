"""The generic path (issue 8 item 7): never worse than plain Trafilatura off the portals.

A page refused on weak evidence is checked against Trafilatura's text of it: an article when that
prose is not the sapos of teaser boxes. A family container's body keeps what Trafilatura dropped
inside the body, not what follows its end. The whole judge is `bench/generic_pages.py` (990 pages
of Trafilatura's evaluation set, docs/evaluation.md); these pin the rules on small pages.
"""

from __future__ import annotations

from crawlers.extraction import extract_page
from crawlers.extraction.engine import block_lines
from crawlers.extraction.page import (
    _h1_before,
    _Headline,
    _link_line,
    _subheading,
    _teaser_share,
    _within,
    parse_html,
)

SENTENCE = ("The council met on Tuesday to discuss the new budget for the coming year, and several "
            "members raised concerns about the cost of road repairs in the northern districts. ")


def _article_beside_link_boxes() -> str:
    links = "".join(f'<p><a href="/wiki/topic-{i}">A standalone link to wiki topic number {i}</a></p>'
                    for i in range(12))
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(5))
    return ("<html><body><h1>Council debates the new city budget</h1>"
            f"<div class='box'>{links}</div><div class='text'>{paragraphs}</div>"
            f"<div class='box'>{links}</div></body></html>")


def _teaser_table() -> str:
    rows = "".join(f'<tr><td><a href="/news/item-{i}">Headline of another news item number {i}</a> '
                   f"{SENTENCE}</td></tr>" for i in range(8))
    return ("<html><body><h2>Tin tức sự kiện</h2><p>Latest headlines from the district</p>"
            f"<table>{rows}</table></body></html>")


def test_an_article_beside_boxes_of_standalone_links_is_an_article() -> None:
    page = extract_page(_article_beside_link_boxes(), "https://example.org/politics/budget-debate")
    assert page.page_type == "article"
    assert page.title == "Council debates the new city budget"
    assert page.text.count("Paragraph") == 5
    assert "wiki topic" not in page.text


def test_a_table_of_teasers_stays_a_listing() -> None:
    page = extract_page(_teaser_table(), "https://example.org/news/")
    assert (page.page_type, page.text) == ("listing", "")


def test_teaser_share_is_what_share_of_the_prose_is_teasers() -> None:
    article = parse_html(_article_beside_link_boxes())
    listing = parse_html(_teaser_table())
    assert article is not None and listing is not None
    prose = [f"{SENTENCE * 2}Paragraph {i}." for i in range(5)]
    assert _teaser_share(article, prose) == 0.0
    rows = [f"| Headline of another news item number {i} {SENTENCE.strip()} |" for i in range(8)]
    assert _teaser_share(listing, rows) == 1.0


def test_the_container_walk_stops_at_trafilaturas_last_line() -> None:
    walked = ["Lead in bold.", "First paragraph of the body.", "1.", "Last paragraph of the body.",
              "About the author", "Print recipe"]
    kept_by_trafilatura = ["First paragraph of the body.", "Last paragraph of the body."]
    assert _within(walked, kept_by_trafilatura) == walked[:4]
    # Trafilatura's last line not found in the walk: the whole walk, as before.
    assert _within(walked, ["Something else entirely."]) == walked


def test_the_container_walk_leaves_out_links_trafilatura_dropped_inside_the_body() -> None:
    walked = ["First paragraph of the body.", "Pinterest", "Buch bestellen", "Mehr zum Thema:",
              "Another story of the site", "1.", "Last paragraph of the body.", "About the author"]
    kept_by_trafilatura = ["First paragraph of the body.", "Last paragraph of the body."]
    links = {"pinterest", "buch bestellen", "another story of the site"}
    # Share buttons, a shop link and a box title over a related link stay out; "1." comes back.
    assert _within(walked, kept_by_trafilatura, links) == [
        "First paragraph of the body.", "1.", "Last paragraph of the body."]
    # A photo caption trafilatura dropped inside the body stays out as well.
    captioned = ["First paragraph of the body.", "The mayor looks on. Photo: J. Doe",
                 "Last paragraph of the body."]
    assert _within(captioned, kept_by_trafilatura, set(), {"the mayor looks on. photo: j. doe"}) == [
        "First paragraph of the body.", "Last paragraph of the body."]
    # A notice whose body is only the link to its document: trafilatura found nothing, so the
    # walk is the body, link and all.
    notice = ["Kế hoạch tuyên truyền công tác CCHC năm 2019"]
    assert _within(notice, [], {"ke hoach tuyen truyen cong tac cchc nam 2019"}) == notice


def test_the_container_walk_ends_at_the_last_line_either_reading_of_trafilatura_keeps() -> None:
    # Handed the container alone, trafilatura settled on its first content box (one paragraph);
    # its reading of the whole page keeps the rest of the container's article.
    walked = ["First paragraph.", "A subheading", "Second paragraph.", "Third paragraph.", "Author", "Contact"]
    alone = ["First paragraph."]
    page = ["Menu", "First paragraph.", "A subheading", "Second paragraph.", "Third paragraph."]
    assert _within(walked, alone) == walked[:1]
    assert _within(walked, alone, also=page) == walked[:4]


def test_a_line_made_only_of_link_texts_is_a_link_line() -> None:
    links = {"zum rezept", "rezept drucken", "drucken", "pinnen", "blog", "termine"}
    assert _link_line("zum rezept drucken pinnen", links)  # overlapping link texts
    assert _link_line("blog, termine", links)
    assert not _link_line("zum rezept gehts hier", links)
    assert not _link_line("", links)


def test_a_lone_source_link_in_a_post_above_teasers_is_no_teaser() -> None:
    # A linked line on its own in the post (its source) stands like a teaser's headline; a list
    # of other stories is several teaser lines in a row.
    post = SENTENCE * 5
    opening = (f"<p>{post}</p><p><a href='https://elsewhere.example.com/story'>The generation we love"
               " to dump on</a></p><p>(via Some Blog)</p>")
    page = extract_page(_post_above_teasers(opening), "https://example.org/2013/07/19/budget/")
    assert page.page_type == "article"
    assert "The generation we love to dump on" in page.text and "(via Some Blog)" in page.text
    assert "Sapo" not in page.text


def test_metadata_lines_between_headline_and_body_are_no_lead() -> None:
    lead = "The council agreed a budget for road repairs in the northern districts on Tuesday."
    body = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    top = (f"<p class='date'>Tuesday, 16 March 2021</p><p class='sapo'>{lead}</p>"
           "<p class='topic'>Filed under <a href='/tag/budget/'>Budget</a></p>"
           "<p class='cats'><a href='/c/news/'>News</a>, <a href='/c/roads/'>Roads</a></p>"
           "<div class='issue'><h4>The current issue</h4><a href='/subscribe/'>Subscribe now</a></div>")
    page = extract_page(_wordpress_page(f"<article><h1 class='entry-title'>Council agrees the road budget</h1>{top}"
                                        f"<div class='entry-content'>{body}</div></article>"),
                        "https://example.org/2022/12/01/road-budget/")
    assert page.text.startswith(lead)
    for chrome in ("16 March 2021", "Filed under", "News, Roads", "The current issue", "Subscribe now"):
        assert chrome not in page.text


def _wordpress_page(entry: str, after: str = "") -> str:
    return ("<html><head><meta name='generator' content='WordPress 6.1'>"
            "<link rel='stylesheet' href='/wp-content/themes/t/style.css'></head><body>"
            "<nav><a href='/'>Home</a><a href='/news/'>News</a></nav>"
            f"<main>{entry}{after}</main></body></html>")


def test_a_chrome_rule_does_not_drop_the_box_that_holds_the_article() -> None:
    # Hueman-style themes put the whole entry in `<div class="entry themeform share">`: the
    # share rule matches it, but it holds all of the page's prose, so it is no share bar.
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(4))
    html = ("<html><body><nav><a href='/'>Home</a><a href='/news/'>News</a></nav>"
            "<h1>Council debates the new city budget</h1>"
            f"<div class='entry themeform share'>{paragraphs}"
            "<div class='sharrre'><a href='#'>Tweet</a><a href='#'>Share</a></div></div></body></html>")
    page = extract_page(html, "https://example.org/2019/10/22/budget-debate/")
    assert (page.page_type, page.title) == ("article", "Council debates the new city budget")
    assert page.text.count("Paragraph") == 4


def test_a_family_container_holding_only_the_sapo_is_followed_by_the_article() -> None:
    lead = "The council agreed a budget for road repairs in the northern districts on Tuesday."
    sapo = f"<div class='entry-content excerpt'><p>{lead}</p></div>"
    body = "".join(f"<p>{SENTENCE * 3}Paragraph {i}.</p>" for i in range(4))
    page = extract_page(_wordpress_page("<h1>Council agrees the road budget</h1>" + sapo,
                                        f"<div class='story'>{body}</div>"),
                        "https://example.org/2022/12/01/road-budget/")
    assert page.page_type == "article"
    assert page.text.startswith(lead)
    assert page.text.count("Paragraph") == 4


SHORT = ("Aurélie Trouvé, spokeswoman of the association, was the guest of the morning programme to "
         "talk about the launch of the shared-initiative referendum on the airport privatisation.")


def _short_page(content: str) -> str:
    return ("<html><head><title>Interview on the privatisation | Example</title></head><body>"
            "<nav><a href='/'>Home</a><a href='/news/'>News</a></nav>"
            f"<h1>Interview on the privatisation</h1>{content}</body></html>")


def test_a_short_article_comes_back_on_one_paragraph_of_its_own() -> None:
    page = extract_page(_short_page(f"<div class='text'><p>{SHORT}</p></div>"),
                        "https://example.org/media/interview-privatisation")
    assert (page.page_type, page.title, page.text) == ("article", "Interview on the privatisation", SHORT)


def test_a_sidebar_card_link_is_not_the_pages_paragraph() -> None:
    # A document card every page of a portal shows: number, date and summary inside one link.
    card = ("<div class='divvanbanmoi'><a href='/van-ban?id=23'><div>Số: 03/2013/TT-TTCP</div>"
            f"<div>Ngày: 06/10/2013</div><div>{SHORT}</div><div>Xem chi tiết ...</div></a></div>")
    page = extract_page(_short_page(card), "https://example.org/tin-tiep-dan")
    assert (page.page_type, page.text) == ("other", "")


def _menu_headline_page(title: str) -> str:
    menu = "".join(f"<li><a href='/projects/p{i}/'>Project number {i}</a></li>" for i in range(6))
    paragraphs = "".join(f"<p>{SENTENCE}Part {i}.</p>" for i in range(4))
    return (f"<html><head><title>{title} – Denkmalpraxis</title></head><body>"
            f"<ul class='menu'>{menu}<li><a href='/projects/village/'>Student village Berlin</a></li></ul>"
            f"<h1>Student village Berlin</h1><div class='text'>{paragraphs}</div></body></html>")


def test_a_headline_that_is_also_a_menu_entry_counts_when_the_title_agrees() -> None:
    page = extract_page(_menu_headline_page("Student village Berlin"), "https://example.org/projects/village/")
    assert (page.page_type, page.title) == ("article", "Student village Berlin")
    assert page.text.count("Part") == 4
    # Without a `<title>` that agrees, the menu label is a section's heading: 720 characters of
    # prose with no paragraph of 250 are not enough to call the page an article.
    other = extract_page(_menu_headline_page("Projects"), "https://example.org/projects/village/")
    assert other.page_type != "article"


def test_long_prose_in_short_lines_is_an_article_without_a_headline_element() -> None:
    # A personal page whose text is broken into short lines by `<br>`: no line of 250
    # characters, no `<h1>`, but 2,000 characters of prose that are nobody's link.
    line = "we change things by being active and doing something about them every day"
    text = "<br>".join(f"{line}, point {i}." for i in range(30))
    html = ("<html><head><title>About André | changenow</title>"
            "<meta property='og:site_name' content='changenow'></head><body>"
            "<nav><a href='/'>Home</a><a href='/blog/'>Blog</a></nav>"
            f"<div class='page'><p>{text}</p></div></body></html>")
    page = extract_page(html, "https://example.org/andre/")
    assert (page.page_type, page.title) == ("article", "About André")
    assert page.text.count("point") == 30


def test_an_article_our_chrome_rules_pruned_away_is_read_from_the_page_as_served() -> None:
    # Hueman-style: the entry's box carries the share class, and two sidebar widgets (a text
    # widget, recent comments) together hold more prose than the entry: every box is dropped
    # as chrome, pruning leaves no paragraph, so trafilatura reads the page as served.
    entry = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    widget = "".join(f"<p>{SENTENCE} Reader comment {i}.</p>" for i in range(4))
    html = _wordpress_page("<div class='main'><h1>Council debates the new city budget</h1>"
                           f"<div class='entry themeform share'>{entry}</div></div>",
                           f"<div id='secondary'><div class='widget widget_text'>{widget}</div>"
                           f"<div class='widget widget_recent_comments'>{widget}</div></div>")
    page = extract_page(html, "https://example.org/2023/03/budget-debate/")
    assert (page.page_type, page.title) == ("article", "Council debates the new city budget")
    assert page.text.count("Paragraph") == 3


def _site_root(links: int, content: str) -> str:
    menu = "".join(f"<li><a href='/news/story-{i}'>Headline of another story number {i}</a></li>"
                   for i in range(links))
    return ("<html><head><title>Practice Example</title></head><body>"
            "<nav><a href='/'>Home</a><a href='/contact'>Contact</a></nav>"
            f"<ul class='latest'>{menu}</ul>{content}</body></html>")


def test_a_site_root_is_an_article_only_when_it_lists_no_headlines_and_reads_as_one() -> None:
    article = ("<h1>Welcome to our law practice</h1><div class='text'>"
               + "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3)) + "</div>")
    # A small site's one page: a headline and prose, no list of other pages' headlines.
    page = extract_page(_site_root(2, article), "https://example.org/")
    assert (page.page_type, page.title) == ("article", "Welcome to our law practice")
    assert page.text.count("Paragraph") == 3
    # The same text on a front page that lists ten headlines: the front page.
    assert extract_page(_site_root(10, article), "https://example.org/index.html").page_type == "home"
    # A root without the article's prose is the front page however few its headlines.
    bare = extract_page(_site_root(2, "<p>Opening hours: Mon-Fri.</p>"), "https://example.org/")
    assert (bare.page_type, bare.text) == ("home", "")


def _post_above_teasers(opening: str) -> str:
    teasers = "".join(
        f"<article class='post'><h2><a href='/2013/07/{i}/story-{i}/'>Headline of another story number {i}</a>"
        f"</h2><p>{SENTENCE}{SENTENCE}Sapo {i}.</p></article>" for i in range(6))
    return ("<html><head><title>Council debates the new city budget | Example</title>"
            "<meta property='og:title' content='Council debates the new city budget'></head><body>"
            "<h1>Council debates the new city budget</h1>"
            f"<div class='post-body'>{opening}</div><div class='previously'>{teasers}</div></body></html>")


def test_a_short_post_above_teaser_boxes_is_an_article() -> None:
    post = SENTENCE * 2
    page = extract_page(_post_above_teasers(f"<p>{post}</p>"), "https://example.org/2013/07/19/budget/")
    assert (page.page_type, page.title) == ("article", "Council debates the new city budget")
    assert page.text == post.strip()
    # Nothing of its own above the teasers: the page lists them.
    listing = extract_page(_post_above_teasers(""), "https://example.org/2013/07/19/budget/")
    assert listing.page_type != "article"


def test_captions_and_links_between_headline_and_body_are_no_lead() -> None:
    lead = "The council agreed a budget for road repairs in the northern districts on Tuesday."
    body = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    top = ("<div class='main-img-wrap'><div class='caption'><div class='photo-credits'>Photo: J. Doe</div>"
           "<div class='photo-caption'>The mayor, left, looks on as the council votes.</div></div></div>"
           "<figure><figcaption>Road works in the north.</figcaption></figure>"
           "<div class='img_description'><p>Road menders at work near the harbour. © City</p></div>"
           f"<p class='sapo'><b>{lead}</b></p><div class='share'><a href='/share?u=1'>Share on Facebook</a></div>")
    page = extract_page(_wordpress_page(f"<article><h1 class='entry-title'>Council agrees the road budget</h1>{top}"
                                        f"<div class='entry-content'>{body}</div></article>"),
                        "https://example.org/2022/12/01/road-budget/")
    assert (page.page_type, page.title) == ("article", "Council agrees the road budget")
    assert page.text.startswith(lead)
    for chrome in ("Photo: J. Doe", "looks on as", "Road works in the north", "Road menders", "Share on Facebook"):
        assert chrome not in page.text


def test_a_long_stretch_between_headline_and_body_is_no_lead() -> None:
    others = "".join(f"<div class='other'><p>{SENTENCE}Another story {i}.</p></div>" for i in range(4))
    body = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    page = extract_page(_wordpress_page(f"<article><h1 class='entry-title'>Council agrees the road budget</h1>"
                                        f"{others}<div class='entry-content'>{body}</div></article>"),
                        "https://example.org/2022/12/01/road-budget/")
    assert page.page_type == "article"
    assert page.text.startswith(SENTENCE.strip()) and "Another story" not in page.text


def test_an_html_comment_in_the_article_box_does_not_change_trafilaturas_reading() -> None:
    # Trafilatura parses pages without comments (its `load_html`); a comment left as the first
    # child of a box before the body's `<br>`-separated text made it read the body as one run
    # (on a real page it then dropped most of it). Our tree is handed over without comments.
    body = "<br>".join(f"{SENTENCE}Line {i}." for i in range(5))
    html = ("<html><body><h1>Council debates the new city budget</h1><div class='txt'>"
            "<div class='img_box'><!-- top image --><div class='photo'><img src='a.jpg'></div>"
            f"<p class='cap'>Photo: News agency</p></div>{body}</div></body></html>")
    page = extract_page(html, "https://example.org/news/budget-debate")
    assert (page.page_type, page.title) == ("article", "Council debates the new city budget")
    assert page.text.split("\n\n") == [f"{SENTENCE}Line {i}.".strip() for i in range(5)]


def _personal_page(title: str) -> str:
    paragraphs = "".join(f"<p>{SENTENCE}Part {i}.</p>" for i in range(3))
    return (f"<html><head><title>{title} | Example Podcast</title></head><body>"
            "<nav><a href='/'>Home</a><a href='/episodes/'>Episodes</a></nav>"
            f"<h1 class='page-title'>{title}</h1><div class='text'>{paragraphs}</div></body></html>")


def test_a_short_headline_that_the_title_repeats_is_the_headline() -> None:
    # "Johannes" is shorter than a headline found on its own may be (MIN_TITLE_CHARS), but the
    # `<h1>` and the `<title>` agree on it: with it, 530 characters of prose are an article.
    page = extract_page(_personal_page("Johannes"), "https://example.org/team/johannes/")
    assert (page.page_type, page.title) == ("article", "Johannes")
    assert page.text.count("Part") == 3
    # A generic block title is never a headline, however many sources repeat it.
    for label in ("About", "Thông tin"):
        assert extract_page(_personal_page(label), "https://example.org/team/about/").page_type != "article"


def _organisation_page(menu_label: str) -> str:
    programs = "".join(f"<li><a href='/programs/p{i}/'>Learn more about our education program number {i}</a></li>"
                       for i in range(6))
    paragraphs = "".join(f"<p>{SENTENCE * 2}Part {i}.</p>" for i in range(3))
    html = _wordpress_page(f"<article><h1 class='entry-title'>What we do</h1><div class='entry-content'>"
                           f"{paragraphs}<ul>{programs}</ul></div></article>")
    return (html.replace("<nav><a href='/'>Home</a>", f"<nav><a href='/about/'>{menu_label}</a>")
            .replace("</head>", "<title>What we do - Example</title></head>"))


def test_a_family_headline_that_is_a_menu_entry_counts_when_the_title_agrees() -> None:
    # An organisation's page: the family's headline is also the menu entry that leads to it,
    # and six links to its programmes make the entry look like a teaser list. Its prose is
    # nobody's teaser, and `<h1>` and `<title>` agree on the headline: an article.
    page = extract_page(_organisation_page("What we do"), "https://example.org/about/")
    assert (page.page_type, page.title) == ("article", "What we do")
    assert page.text.count("Part") == 3


def test_an_article_trafilatura_reads_as_all_boilerplate_is_read_from_its_main_block() -> None:
    # A theme whose menu `<nav>` is never closed: the whole page, article included, sits inside
    # the menu, and trafilatura (plain as ours) drops the menu with everything in it. The main
    # block still holds a headline and prose: trafilatura's reading of that block is the body.
    submenu = "".join(f"<li><a href='/s/p{j}/'>Page {j} of the section</a></li>" for j in range(5))
    menu = "".join(f"<li class='menu-item'><a href='/s{i}/'>Section {i}</a><ul>{submenu}</ul></li>"
                   for i in range(6))
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    html = ("<html><body><div class='bg-primary'><header><nav class='hidden lg:flex navigation'>"
            f"<ul class='menu'>{menu}<li><main><article><h1>Council debates the new city budget</h1>"
            f"<div class='text'>{paragraphs}</div></article></main></li></ul></nav></header></div></body></html>")
    page = extract_page(html, "https://example.org/news/budget-debate")
    assert (page.page_type, page.title) == ("article", "Council debates the new city budget")
    assert page.text.count("Paragraph") == 3 and "Section" not in page.text


def _content_element_with_header() -> str:
    """A CMS content element (TYPO3's `frame`): its own `<header>` holds the headline, beside the
    page banner's `<header>` that holds the site's linked logo heading and a menu."""
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(4))
    return ("<html><body><header><h1><a href='/'>City of Example</a></h1><ul>"
            "<li><a href='/news'>News</a></li><li><a href='/about'>About</a></li></ul></header>"
            "<div class='frame'><header><h1>Council opens the new library on Main Street</h1></header>"
            "<div class='bodytext'><h3><strong>On Monday the council opened the new library, three "
            "years after the old one closed, with a reading for children and a concert in the "
            f"evening for everyone who came.</strong></h3>{paragraphs}</div></div></body></html>")


def test_a_content_boxs_own_header_keeps_its_headline() -> None:
    page = extract_page(_content_element_with_header(), "https://example.org/news/library-opens")
    assert page.page_type == "article"
    assert page.title == "Council opens the new library on Main Street"
    assert "Paragraph 3." in page.text
    assert "City of Example" not in page.text


def test_a_heading_with_the_articles_prose_above_it_is_a_subheading() -> None:
    # A page-builder theme prints the `<h1>` in a header band far above the text; readability's
    # block was the article's last section, so the heading nearest it is a subheading.
    page = parse_html(
        "<html><body><section><h1>Battery maker expands its factory in Tennessee</h1></section>"
        f"<section><p>{SENTENCE * 3}</p><h2>Total volume above 130 gigawatt hours</h2>"
        f"<p>{SENTENCE * 2}</p></section></body></html>")
    assert page is not None
    root = page.find("body")
    subheading = page.find(".//h2")
    headline = _Headline("Total volume above 130 gigawatt hours", False, subheading)
    body = [SENTENCE.strip() * 3, "Total volume above 130 gigawatt hours", SENTENCE.strip() * 2]
    assert _subheading(headline, body)
    assert _h1_before(root, subheading, None, set(), "https://example.org/2022/battery") == (
        "Battery maker expands its factory in Tennessee", page.find(".//h1"))
    # Atop the body, or found by the family's rules, or an `<h1>`: the headline it was.
    assert not _subheading(headline, body[1:])
    assert not _subheading(_Headline(headline.title, True, subheading), body)
    assert not _subheading(_Headline("Battery maker expands its factory in Tennessee", False,
                                     page.find(".//h1")), [body[0], "Battery maker expands its factory in Tennessee"])


def _article_among_teaser_cards() -> str:
    """A news theme: a "most read" `<article>` card before the story, the `<h1>` in a header
    band, related stories after it with headline markup of their own (`itemprop=headline`)."""
    card = ("<article class='most-read__item'><h2>Most read</h2><a href='/other-story'>"
            "Mayor resigns after the vote on the harbour plan</a></article>")
    related = "".join(
        f"<div class='card'><h2 itemprop='headline'>Related story number {i} about the harbour plan</h2></div>"
        for i in range(3))
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(4))
    return ("<html><head><meta property='og:title' content='Council approves the harbour plan'>"
            "<title>Council approves the harbour plan - Example News</title></head><body>"
            f"{card}<div class='band'><h1>Council approves the harbour plan</h1></div>"
            f"<p>Published 4 May 2022</p><div class='story'>{paragraphs}</div>"
            f"<aside class='more'><h2>Related:</h2>{related}</aside></body></html>")


def test_the_h1_that_the_share_title_names_is_the_headline() -> None:
    page = extract_page(_article_among_teaser_cards(), "https://example.org/politics/harbour-plan")
    assert page.page_type == "article"
    assert page.title == "Council approves the harbour plan"
    assert "Paragraph 3." in page.text
def _link_roundup(entries: int) -> str:
    links = "".join(f"<li><a href='https://news.example.com/{i}'>A story elsewhere worth reading number {i}</a>"
                    " via Example News</li>" for i in range(12))
    posts = "".join(
        f"<article class='post'><h1 class='entry-title'>Links of the day {i}</h1>"
        f"<div class='entry-content'><p>{SENTENCE}</p><ul>{links}</ul></div></article>" for i in range(entries))
    return _wordpress_page(posts)


def test_one_post_whose_body_is_a_list_of_links_is_an_article() -> None:
    # A blog's link roundup (or a podcast's shownotes): the family's headline just above its
    # only body container, the body a list of links that the teaser test alone reads as a list.
    page = extract_page(_link_roundup(1), "https://example.org/2020/01/23/links-of-the-day/")
    assert (page.page_type, page.title) == ("article", "Links of the day 0")
    assert "A story elsewhere worth reading number 11" in page.text
    # Several such posts, each with its own body box: the page lists them.
    assert extract_page(_link_roundup(3), "https://example.org/2020/01/").page_type != "article"


def test_this_pages_headline_in_a_mega_menu_is_no_menu_label() -> None:
    # A theme's mega-menu shows the latest posts as linked headings, this one among them; the
    # post's headline sits in a header band far from its body box.
    title = "The author talks about her new novel and her years abroad"
    mega = "".join(f"<div class='mm-post'><h2 class='post-title'><a href='/{slug}/'>{text}</a></h2></div>"
                   for slug, text in (("novel", title), ("other", "Another interview with a poet")))
    html = ("<html><body><nav class='menu'><a href='/'>Home</a>" + mega + "</nav>"
            f"<div class='band'><div class='header'><div class='meta'><h1>{title}</h1></div></div></div>"
            "<div class='wrap'><div class='main'><article><section><span class='text'>"
            f"{SENTENCE}{SENTENCE}</span></section></article></div></div></body></html>")
    page = extract_page(html, "https://example.org/novel/")
    assert (page.page_type, page.title) == ("article", title)
    assert page.text == (SENTENCE * 2).strip()


def _image_headline(href: str) -> str:
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(2))
    return ("<html><body><div class='post'><h2 class='icon'><a href='" + href + "'>"
            "<img src='/t.png' alt='Macro photos of insects'></a></h2>"
            f"<div class='post-content'>{paragraphs}</div></div></body></html>")


def test_a_heading_drawn_as_an_image_linking_to_this_page_is_the_headline() -> None:
    url = "https://example.org/macro-photos/"
    page = extract_page(_image_headline(url), url)
    assert (page.page_type, page.title) == ("article", "Macro photos of insects")
    # The same image linking to the front page is a logo, never the headline.
    assert extract_page(_image_headline("/"), url).title != "Macro photos of insects"


def test_a_row_of_tag_links_between_headline_and_body_is_no_lead() -> None:
    lead = "The council agreed a budget for road repairs in the northern districts on Tuesday."
    tags = "-".join(f"<a href='/tag/t{i}/' rel='tag'>Tag {i}</a>" for i in range(5))
    top = (f"<div class='words'><span>{tags}</span></div><div class='chapo'><p>{lead}</p></div>"
           "<div class='tags'><a href='/category/roads/'>Roads</a> <a href='#forum'>0</a></div>")
    body = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    page = extract_page(_wordpress_page(f"<article><h1 class='entry-title'>Council agrees the road budget</h1>"
                                        f"{top}<div class='entry-content'>{body}</div></article>"),
                        "https://example.org/2022/12/01/road-budget/")
    assert page.text.startswith(lead)
    assert "Tag 1" not in page.text and "Roads" not in page.text


def _blog_post_under_a_site_name_h1() -> str:
    """A blog theme: the site's name as `<h1>`, a screen-reader landmark `<h2>` ("Main content"),
    a sidebar box title, then the post's headline as `<h3>` - the one its `<title>` names."""
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    return ("<html><head><title>A walk along the old harbour wall | Notes from the coast</title></head>"
            "<body><h1>Notes from the coast</h1><h2 class='sr-only'>Main content</h2>"
            "<div class='side'><h3>Recently on this blog</h3></div>"
            f"<div class='post'><h3>A walk along the old harbour wall</h3>{paragraphs}</div></body></html>")


def test_the_heading_that_the_title_names_is_the_headline_below_a_site_name_h1() -> None:
    page = extract_page(_blog_post_under_a_site_name_h1(), "https://example.org/2020/harbour-walk")
    assert page.page_type == "article"
    assert page.title == "A walk along the old harbour wall"


def test_a_heading_hidden_for_screen_readers_is_never_the_headline() -> None:
    # Without a title that names the post: the heading found above the prose, not the landmark.
    page = extract_page(
        "<html><body><h2 class='visually-hidden'>Main content of the page</h2>"
        f"<div><h2 class='post-title'>A walk along the old harbour wall</h2><p>{SENTENCE * 3}</p></div>"
        "</body></html>", "https://example.org/2020/harbour-walk")
    assert page.page_type == "article"
    assert page.title == "A walk along the old harbour wall"
    hidden_only = extract_page(
        "<html><body><h2 class='visually-hidden'>Main content of the page</h2>"
        f"<div><p>{SENTENCE * 3}</p></div></body></html>", "https://example.org/2020/harbour-walk")
    assert hidden_only.title != "Main content of the page"


def test_the_block_walk_drops_soft_hyphens_as_trafilatura_does() -> None:
    # Hyphenation hints are invisible: kept, the walk's lines matched neither trafilatura's nor a
    # search for the word.
    root = parse_html("<html><body><p>Ann Kiess\xadling hat vie\xadle Ent\xadde\xadckun\xadgen"
                      " gemacht.</p></body></html>")
    assert root is not None
    assert block_lines(root) == ["Ann Kiessling hat viele Entdeckungen gemacht."]


def _story_in_its_own_latest_stories_menu() -> str:
    """A news theme: a `<nav>` of the latest stories lists this one; the `<h1>` breaks after its
    kicker; a WordPress `<article>` whose `<h1>` holds the section name ("Opinion")."""
    paragraphs = "".join(f"<p>{SENTENCE * 2}Paragraph {i}.</p>" for i in range(3))
    return ("<html><head><meta name='generator' content='WordPress 6.1'>"
            "<meta property='og:title' content='Row before the works meeting: the board is split'>"
            "<link rel='stylesheet' href='/wp-content/themes/x/style.css'>"
            "<script src='/wp-includes/js/jquery.js'></script></head><body>"
            "<nav><ul><li><a href='/row-before-the-works-meeting'>Row before the works meeting: "
            "the board is split</a></li><li><a href='/other'>Another story of the day here</a></li>"
            "</ul></nav><article><h1>Opinion</h1><h1>Row before the works meeting:<br>the board is "
            f"split</h1><div class='entry-content'>{paragraphs}</div></article></body></html>")


def test_a_headline_og_title_names_outweighs_menus_line_breaks_and_a_familys_label() -> None:
    page = extract_page(_story_in_its_own_latest_stories_menu(),
                        "https://example.org/row-before-the-works-meeting")
    assert page.cms == "wordpress"
    assert page.page_type == "article"
    assert page.title == "Row before the works meeting: the board is split"
    assert "Paragraph 2." in page.text
