"""Readers: the bytes of a txt, html, pdf or docx file -> :class:`RawDocument` (decoded, not yet repaired).

``read_path``/``read_bytes`` pick the format from the content (``%PDF``, a zip holding ``word/document.xml``,
``<html``) and the file name, and raise :class:`ReadError` (a one-line :class:`~dabir.errors.UserError`) for
anything that cannot be read faithfully.
"""

from __future__ import annotations

from dabir.read.base import RawDocument
from dabir.read.dispatch import SUPPORTED_SUFFIXES, read_bytes, read_path, sniff_format
from dabir.read.encoding import ReadError

__all__ = ["SUPPORTED_SUFFIXES", "RawDocument", "ReadError", "read_bytes", "read_path", "sniff_format"]
