"""QR codes that visitors scan to take a page home: SVG made on the server with segno."""

from __future__ import annotations

import functools
import io
from urllib.parse import urlsplit

import segno
from markupsafe import Markup, escape

MAX_ADDRESS_LENGTH = 1000  # a longer address makes a code too dense to scan from a screen
# Codes are made once per address and kept (a few KiB each): making one takes milliseconds.


class NotAnAddress(ValueError):
    """Only http(s) addresses of a sensible length are turned into QR codes."""


def public_address(public_base_url: str, path: str) -> str:
    """The address of a kiosk page on the public site (``public_base_url`` in the configuration)."""
    if not path.startswith("/") or path.startswith("//"):
        raise NotAnAddress(f"{path!r} is not a path on this site")
    return public_base_url.rstrip("/") + path


def check_address(address: str) -> str:
    """Return ``address`` if it is an http(s) address a phone can open, else raise NotAnAddress."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(address) > MAX_ADDRESS_LENGTH:
        raise NotAnAddress(f"{address[:80]!r} is not an http(s) address")
    if any(ord(character) < 32 for character in address):
        raise NotAnAddress("control characters in the address")
    return address


@functools.lru_cache(maxsize=2048)
def qr_svg(address: str, label: str) -> Markup:
    """An inline SVG QR code of ``address``, labelled for screen readers, scaled by CSS."""
    code = segno.make(check_address(address), error="m", micro=False)
    # omitsize: the SVG keeps its viewBox only, so CSS decides its size on screen and on paper.
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code", dark="#000", light="#fff")
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


@functools.lru_cache(maxsize=1024)
def qr_svg_document(address: str) -> bytes:
    """A standalone SVG file of ``address`` (served as image/svg+xml)."""
    buffer = io.BytesIO()
    code = segno.make(check_address(address), error="m", micro=False)
    code.save(buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
