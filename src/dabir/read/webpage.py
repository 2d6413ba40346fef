"""Web pages (.html): the article body by trafilatura (no menus, ads or scripts), its title and its date.

trafilatura's XML output keeps the paragraph structure (``<p>``, ``<head>``, ``<list>``), which plain-text
output flattens; the page's own ``<meta>`` tags give the date as written (trafilatura normalises it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dabir.models import Source
from dabir.read.base import RawDocument
from dabir.read.encoding import ReadError, decode_bytes

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SEPARATORS = re.compile(r"\s+(?:[-–—|:»«‹›]|::)\s+")
# Words that make the part of a title after a separator the site's name rather than part of the headline.
_SITE_WORDS = re.compile(
    r"خبرگزاری|روزنامه|پایگاه|سایت|شبکه|باشگاه خبرنگاران|خبرآنلاین|هفته\s*نامه|ماهنامه|رسانه|"
    r"ایرنا|ایسنا|ایلنا|تسنیم|همشهری|خبر\s*فوری|انتخاب|عصر ایران|\bnews\b|\bagency\b|\.com|\.ir",
    re.I,
)
_DATE_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "sailthru.date"),
    ("property", "article:modified_time"),
)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _meta(tree, attribute: str, value: str) -> str | None:  # noqa: ANN001 - lxml tree
    lowered = value.lower()
    for element in tree.iter("meta"):
        if (element.get(attribute) or "").strip().lower() == lowered:
            content = _fold(element.get("content") or "")
            if content:
                return content
    return None


def strip_site_name(title: str, site_name: str | None = None) -> str:
    """Drop a site name added before or after the headline: «خبر - خبرگزاری فارس» -> «خبر».

    Only a part that is the declared site name, or names a news outlet and holds no digit (a date is part
    of a headline, «... - 31 / خرداد / 1402»), counts as a site name.
    """
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        part = part.strip()
        if site_name and _fold(part) == _fold(site_name):
            return True
        return bool(_SITE_WORDS.search(part)) and not re.search(r"\d", part) and len(part) <= 40

    separators = _SEPARATORS.findall(title)
    if is_site(parts[-1]) and len(parts[-1]) < len(title) / 2:
        cut = title.rfind(separators[-1])
        return title[:cut].strip()
    if is_site(parts[0]) and len(parts[0]) < len(title) / 2:
        cut = title.find(separators[0]) + len(separators[0])
        return title[cut:].strip()
    return title


def _page_title(tree, site_name: str | None) -> str | None:  # noqa: ANN001
    """The headline: an ``<h1>`` that the ``<title>``/og:title starts with, else og:title, else ``<title>``."""
    titles = [_fold(t.text_content()) for t in tree.iter("title")]
    page_title = titles[0] if titles and titles[0] else None
    og_title = _meta(tree, "property", "og:title") or _meta(tree, "name", "twitter:title")
    headings = [_fold(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    for heading in headings:
        for candidate in (og_title, page_title):
            if candidate and candidate.startswith(heading) and len(heading) >= 0.4 * len(candidate):
                return heading
    for candidate in (og_title, page_title):
        if candidate:
            return strip_site_name(candidate, site_name)
    return headings[0] if headings else None


def _page_date(tree) -> str | None:  # noqa: ANN001
    for attribute, value in _DATE_META:
        found = _meta(tree, attribute, value)
        if found:
            return found
    for element in tree.iter("time"):  # a clock in the page header is no publication date
        in_article = any(ancestor.tag == "article" for ancestor in element.iterancestors())
        if in_article or element.get("pubdate") is not None or element.get("itemprop") == "datePublished":
            value = _fold(element.get("datetime") or element.text_content())
            if value:
                return value
    return None


def _body_paragraphs(xml: str) -> tuple[list[str], list[str]]:
    """Paragraphs and headings from trafilatura's XML: one paragraph per ``p``/``head``/list item/table cell."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return [], []
    paragraphs: list[str] = []
    headings: list[str] = []

    def text_of(element) -> str:  # noqa: ANN001
        parts: list[str] = []
        for piece in element.iter():
            if piece.tag == "lb":
                parts.append("\n")
            if piece.text and piece.tag != "lb":
                parts.append(piece.text)
            if piece is not element and piece.tail:
                parts.append(piece.tail)
        lines = [_fold(line) for line in "".join(parts).split("\n")]
        return "\n".join(line for line in lines if line)

    def walk(element) -> None:  # noqa: ANN001
        for child in element:
            if child.tag in ("list", "table", "row", "quote", "div") and len(child):
                walk(child)
                continue
            text = text_of(child)
            if not text:
                continue
            paragraphs.append(text)
            if child.tag == "head":
                headings.append(text)

    walk(main)
    return paragraphs, headings


_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "pre")
_BOILERPLATE = re.compile(
    r"\b(?:nav|menu|footer|header|banner|ads?|advert\w*|sidebar|related|comments?|share|social)\b", re.I
)


def _blocks_of(tree) -> list[str]:  # noqa: ANN001 - lxml tree
    """Text of the page's block elements in order, skipping scripts and obvious boilerplate containers.

    Used when trafilatura falls back to its baseline on short pages and flattens every paragraph into one.
    """
    out: list[str] = []
    for element in tree.iter(*_BLOCKS):
        boilerplate = False
        for ancestor in element.iterancestors():
            marks = f"{ancestor.tag} {ancestor.get('class', '')} {ancestor.get('id', '')}"
            if ancestor.tag in (
                "script",
                "style",
                "nav",
                "footer",
                "aside",
                "noscript",
            ) or _BOILERPLATE.search(marks):
                boilerplate = True
                break
        if boilerplate or any(child.tag in _BLOCKS for child in element.iterdescendants()):
            continue
        text = _fold(element.text_content())
        if text:
            out.append(text)
    return out


def _restore_paragraphs(paragraphs: list[str], tree) -> list[str]:  # noqa: ANN001
    """Split a single flattened paragraph back into the page's blocks when they make up (nearly) all of it."""
    if len(paragraphs) != 1:
        return paragraphs
    flat = _fold(paragraphs[0])
    found: list[str] = []
    position = 0
    for block in _blocks_of(tree):
        index = flat.find(block, position)
        if index >= 0:
            found.append(block)
            position = index + len(block)
    covered = sum(len(block) for block in found)
    return found if len(found) >= 2 and covered >= 0.8 * len(flat) else paragraphs


# Tags whose start or end breaks a paragraph, and tags whose content is never text of the page.
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "pre",
    ]
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe"})


class _FlatText(HTMLParser):
    """Every text node in document order, a paragraph break at each block tag: no tree, so no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS and self.blocks[-1]:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS and self.blocks[-1]:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.blocks[-1].append(data)


def flat_paragraphs(page: str) -> list[str]:
    """The visible text of ``page`` as paragraphs, for pages nested deeper than lxml (libxml2) will build."""
    parser = _FlatText()
    parser.feed(page)
    parser.close()
    return [text for text in (_fold("".join(block)) for block in parser.blocks) if text]


def _too_deep(parser) -> bool:  # noqa: ANN001 - lxml parser
    """libxml2 stops building the tree at 256 levels and drops everything below (it says so in its log)."""
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def read_html(data: bytes, name: str) -> RawDocument:
    """Read a web page: article paragraphs (headline first), title, published date as written, headings."""
    import trafilatura
    from lxml import etree, html

    charset = _META_CHARSET.search(data[:4096])
    decoded = decode_bytes(data, name, declared=charset.group(1).decode("ascii") if charset else None)
    # lxml refuses str input that still declares a byte encoding; the bytes are decoded already.
    page = _XML_DECLARATION.sub("", decoded.text, count=1)
    parser = html.HTMLParser()
    try:
        tree = html.fromstring(page, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise ReadError(f"unreadable html: {error}", name) from None
    site_name = _meta(tree, "property", "og:site_name")
    title = _page_title(tree, site_name)
    date_text = _page_date(tree)
    diagnostics = list(decoded.diagnostics)
    if _too_deep(parser):
        # What lies below level 255 is missing from the tree, so trafilatura would lose the article silently.
        paragraphs = flat_paragraphs(page)
        if title and (not paragraphs or _fold(paragraphs[0]) != _fold(title)):
            paragraphs.insert(0, title)
        diagnostics.append(
            "html: elements nested more than 255 deep; all visible text kept (no article detection)"
        )
        source = Source(path=name, format="html", encoding=decoded.encoding, sha256="", size=len(data))
        return RawDocument(
            text="\n\n".join(paragraphs),
            source=source,
            title=title,
            date_text=date_text,
            headings=[title] if title else [],
            diagnostics=diagnostics,
        )

    xml = trafilatura.extract(
        page,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
    )
    paragraphs, headings = _body_paragraphs(xml) if xml else ([], [])
    paragraphs = _restore_paragraphs(paragraphs, tree)
    if xml:
        meta = etree.fromstring(xml.encode("utf-8"))
        title = title or meta.get("title") or None
        if not date_text and meta.get("date"):
            date_text = meta.get("date")
            diagnostics.append("html: date from trafilatura metadata (normalised, not as written)")
    if not paragraphs:
        fallback = trafilatura.html2txt(page) or ""
        paragraphs = [_fold(line) for line in fallback.split("\n") if _fold(line)]
        if paragraphs:
            diagnostics.append("html: no article body found; all visible text kept")
    if title and (not paragraphs or _fold(paragraphs[0]) != _fold(title)):
        paragraphs.insert(0, title)
    if title and (not headings or headings[0] != title):
        headings.insert(0, title)
    source = Source(path=name, format="html", encoding=decoded.encoding, sha256="", size=len(data))
    return RawDocument(
        text="\n\n".join(paragraphs),
        source=source,
        title=title,
        date_text=date_text,
        headings=headings,
        diagnostics=diagnostics,
    )
