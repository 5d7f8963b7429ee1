"""Uploads whose content (not name) is a PDF, an image, a Word document or an executable."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf(name="申报书.pdf", size=None) -> SimpleUploadedFile:
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="证据.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_named_pdf(name="申报书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def docx(name="建设方案.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")


def document(title="申报信息汇总表", name="template.pdf", content=b"%PDF-1.4\n%test\n"):
    """A Wagtail document (for notices' attachments)."""
    Document = get_document_model()
    doc = Document(title=title)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc
