"""QR codes that visitors scan to take a page home: SVG made on the server with segno."""

from __future__ import annotations

import dataclasses
import functools
import io
import re
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
    try:
        parts = urlsplit(address)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise NotAnAddress(f"{address[:80]!r} is not an address") from None
    if parts.scheme not in ("http", "https") or not parts.netloc or len(address) > MAX_ADDRESS_LENGTH:
        raise NotAnAddress(f"{address[:80]!r} is not an http(s) address")
    if any(ord(character) < 32 for character in address):
        raise NotAnAddress("control characters in the address")
    return address


_OUTSIDE_LINK = re.compile(r'href="(https?://[^"]+)"')


def linked_hosts(content, public_base_url: str) -> frozenset[str]:
    """Hosts the site's own pages link to: articles' sources and links, places' and events' addresses.

    A counter shows a QR code instead of leaving the site (app/static/js/counter.js); only these
    hosts are made into codes, so /qr.svg is no QR code maker for any address on the internet.
    """
    addresses = [public_base_url]
    for article in content.articles.values():
        for version in article.versions.values():
            addresses += [version.source or "", *_OUTSIDE_LINK.findall(version.body_html)]
    for item in [*content.places.values(), *content.events.values()]:
        addresses += [getattr(item, f.name) for f in dataclasses.fields(item)]
        maps_url = getattr(item, "maps_url", None)
        addresses.append(maps_url() if callable(maps_url) else None)
    hosts = (urlsplit(a).hostname for a in addresses if isinstance(a, str) and a.startswith(("http:", "https:")))
    return frozenset(host for host in hosts if host)


def check_linked_address(address: str, hosts: frozenset[str]) -> str:
    """``address`` if it is an http(s) address on one of ``hosts``, else raise NotAnAddress."""
    check_address(address)
    if urlsplit(address).hostname not in hosts:
        raise NotAnAddress(f"{address[:80]!r} is not linked from this site")
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
