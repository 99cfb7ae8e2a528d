"""Text from attached documents (văn bản): PDF, DOCX, XLSX, ODT.

Portals publish decisions, plans and reports as attachments; the file itself is archived in the
WARC whatever happens, and its text is extracted where a pure-Python reader can: PDF through
pypdf (scans without a text layer give no text), Office Open XML and OpenDocument by reading their
XML. Legacy binary `.doc`/`.xls` are archived but not read; the record says so.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote, urlsplit

from lxml import etree

from crawlers.extraction.text import clean_whitespace, nfc

DOCUMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods",
                                 "rtf", "zip", "rar"})
CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}
# Where the text lives inside zipped XML formats.
_ZIP_TEXT_PARTS = {
    "docx": ("word/document.xml",),
    "xlsx": ("xl/sharedStrings.xml",),
    "odt": ("content.xml",),
    "ods": ("content.xml",),
}
_XLSX_SHEET = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
MAX_TEXT = 200_000


@dataclass(frozen=True)
class DocumentText:
    kind: str
    text: str
    status: str  # "ok" | "empty" (e.g. a scan without text layer) | "unsupported" | "error: ..."


def document_kind(url: str, content_type: str = "") -> str | None:
    """The document kind of a link or response (`pdf`, `docx`, ...), or None for a page."""
    media = content_type.split(";")[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    last = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    if "." in last and last.rsplit(".", 1)[-1] in DOCUMENT_EXTENSIONS:
        return last.rsplit(".", 1)[-1]
    return None


def filename_of(url: str, content_disposition: str = "") -> str:
    """The file name a portal gives a document (Content-Disposition first, else the URL path)."""
    if content_disposition:
        message = Message()
        message["content-disposition"] = content_disposition
        name = message.get_filename()
        if name:
            return nfc(name)
    return nfc(unquote(urlsplit(url).path.rsplit("/", 1)[-1])) or "document"


def extract_text(body: bytes, kind: str) -> DocumentText:
    try:
        if kind == "pdf":
            text = _pdf_text(body)
        elif kind in _ZIP_TEXT_PARTS:
            text = _zip_xml_text(body, kind)
        else:
            return DocumentText(kind, "", "unsupported")
    except Exception as exc:  # noqa: BLE001 - any broken file: archived, reported, not fatal
        return DocumentText(kind, "", f"error: {type(exc).__name__}: {exc}"[:200])
    text = clean_whitespace(nfc(text))[:MAX_TEXT]
    return DocumentText(kind, text, "ok" if text else "empty")


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return "\n\n".join((page.extract_text() or "") for page in reader.pages)


def _zip_xml_text(body: bytes, kind: str) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = list(_ZIP_TEXT_PARTS[kind])
        if kind == "xlsx":
            names += sorted(n for n in archive.namelist() if _XLSX_SHEET.match(n))
        chunks = []
        for name in names:
            if name not in archive.namelist():
                continue
            root = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False))
            chunks.append(_xml_paragraphs(root))
    return "\n\n".join(c for c in chunks if c)


def _xml_paragraphs(root: etree._Element) -> str:
    """Text of paragraph-like elements (w:p, text:p, si, inline strings), one per line."""
    lines = []
    for element in root.iter():
        local = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if local in ("p", "si", "is", "h"):
            text = "".join(element.itertext()).strip()
            if text:
                lines.append(text)
    return "\n".join(lines)
