"""Small files that unpack to a lot: the shapes of input a server must refuse or read in linear time.

Each is built here in a few kB (nothing hostile is checked in)."""

from __future__ import annotations

import io
import zlib


def make_pdf(*contents: bytes) -> bytes:
    """A PDF with one page for each deflated content stream in ``contents`` (Helvetica as /F1)."""
    pages = len(contents)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for number, content in enumerate(contents):
        stream = zlib.compress(content, 9)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * number)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_lines(count: int, words: bytes = b"ab cd") -> bytes:
    """A content stream drawing ``count`` short lines, one under the other (``T*``)."""
    return b"BT /F1 10 Tf 12 TL 72 720 Td " + (b"(" + words + b") Tj T* ") * count + b"ET"


def make_docx(paragraphs: list[str]) -> bytes:
    """A .docx of the given paragraphs (python-docx's default template)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
