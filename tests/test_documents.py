"""Attached documents: kind from URL or content type, file name, and the text that can be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.documents import document_kind, extract_text, filename_of

DOCS = Path(__file__).parent / "fixtures" / "documents"


@pytest.mark.parametrize(("url", "content_type", "kind"), [
    ("http://x.gov.vn/Uploads/files/QD-1812-UBND.pdf", "", "pdf"),
    ("http://x.gov.vn/van-ban?id=5", "application/pdf", "pdf"),
    ("http://x.gov.vn/a/KH.DOCX", "", "docx"),
    ("http://x.gov.vn/a/bao-cao.xls", "application/vnd.ms-excel", "xls"),
    ("http://x.gov.vn/Chi-tiet-tin?id=1", "text/html; charset=utf-8", None),
    ("http://x.gov.vn/index.php/tin-tuc", "", None),
])
def test_document_kind(url: str, content_type: str, kind: str | None) -> None:
    assert document_kind(url, content_type) == kind


def test_filename_prefers_content_disposition() -> None:
    assert filename_of("http://x.gov.vn/DownloadFile.aspx?id=9",
                       "attachment; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf") == "Kế hoạch.pdf"
    assert filename_of("http://x.gov.vn/Uploads/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf") == \
        "Quyết định.pdf"


@pytest.mark.parametrize(("name", "kind", "status", "snippet"), [
    ("QD-1812-UBND.pdf", "pdf", "ok", "Quyet dinh so 1812/QD-UBND"),
    ("KH-chuyen-doi-so-2023.docx", "docx", "ok",
     "Căn cứ Nghị định số 61/2018/NĐ-CP về thực hiện cơ chế một cửa."),
    ("bao-cao-ho-so-truc-tuyen.xlsx", "xlsx", "ok", "Hồ sơ trực tuyến"),
    ("scan-khong-co-chu.pdf", "pdf", "empty", ""),
    ("cong-van-cu.doc", "doc", "unsupported", ""),
])
def test_text_is_read_where_a_reader_exists(name: str, kind: str, status: str,
                                            snippet: str) -> None:
    document = extract_text((DOCS / name).read_bytes(), kind)
    assert (document.kind, document.status) == (kind, status)
    assert snippet in document.text


def test_a_broken_file_is_reported_not_fatal() -> None:
    document = extract_text(b"PK\x03\x04 not really a zip", "docx")
    assert document.status.startswith("error: BadZipFile")
    assert document.text == ""
