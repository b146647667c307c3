"""Files for upload tests: real images and documents made here, and a hostile set."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="PNG", size=(64, 48), colour=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png(name="photo.png", **kwargs) -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG", **kwargs), "image/png")


def jpeg(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG", **kwargs), "image/jpeg")


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_bytes(kind: str) -> bytes:
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return out.getvalue()


def polyglot_png_html() -> bytes:
    """A valid PNG with an HTML page appended after the image data."""
    return image_bytes("PNG") + b"<html><script>alert(document.cookie)</script></html>"


def pixel_flood_png(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header claims a huge canvas (900 megapixels)."""
    raw = image_bytes("PNG", size=(1, 1))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return raw[:8] + patched + raw[8 + 25 :]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
