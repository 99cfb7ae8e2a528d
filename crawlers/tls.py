"""TLS per portal: verify certificates by default, accept bad ones only where the registry says so.

Expired and self-signed certificates are common on district portals. Scrapy's stock handler never
verifies (one global switch); here verification is the default and a portal marked
`tls = "insecure"` in the registry (or a crawl run with `--tls-insecure`) is fetched without it —
and the certificate's problems (self-signed, expired, wrong host) are still recorded on every
response of that portal (`response.meta["tls"]`), so nothing is silently ignored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from scrapy import Request
from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.urls import scope_of


def certificate_problems(certificate, host: str) -> list[str]:
    """What is wrong with a peer certificate, judged from the certificate alone.

    Without the chain only local facts can be checked: self-signed, expired or not yet valid,
    and a host name the certificate does not name. Takes a Twisted certificate, a pyOpenSSL
    X509 or a `cryptography` certificate.
    """
    cert = getattr(certificate, "original", certificate)
    if hasattr(cert, "to_cryptography"):
        cert = cert.to_cryptography()
    problems = []
    if cert.subject == cert.issuer:
        problems.append("self-signed")
    now = datetime.now(UTC)
    if now > cert.not_valid_after_utc:
        problems.append(f"expired {cert.not_valid_after_utc.date().isoformat()}")
    if now < cert.not_valid_before_utc:
        problems.append(f"not valid before {cert.not_valid_before_utc.date().isoformat()}")
    names = _certificate_names(cert)
    host = host.lower()
    if host not in names and not any(
            n.startswith("*.") and host.split(".", 1)[-1] == n[2:] for n in names):
        problems.append(f"issued for {', '.join(sorted(names)) or 'no name'}, not {host}")
    return problems


def _certificate_names(cert: x509.Certificate) -> set[str]:
    names = {str(a.value).lower() for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return names
    names |= {n.lower() for n in san.get_values_for_type(x509.DNSName)}
    names |= {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    return names


def tls_record(response: Response, *, insecure: bool) -> dict | None:
    """`{"verified": bool, "problems": [...]}` for an https response, None for plain http."""
    if not response.url.startswith("https://"):
        return None
    certificate = response.certificate
    problems = certificate_problems(certificate, response.url.split("/")[2].split(":")[0]) \
        if certificate is not None else ["no certificate seen"]
    return {"verified": not insecure, "problems": problems}


class TlsPolicyMixin:
    """A verifying and a lenient TLS policy for an HTTP/1.1 download handler, chosen per host.

    The choice is by host (the spider's `tls_insecure_scopes`), not by request, so that requests
    the spider does not make itself — robots.txt — follow the portal's policy too. A mixin, so
    the browser handler (crawlers/render.py, a subclass of scrapy-playwright's handler, itself an
    `HTTP11DownloadHandler`) keeps the same policy for everything it does not send to the browser.
    """

    _crawler: Crawler
    _contextFactory: object

    def __init__(self, crawler: Crawler, *args: Any, **kwargs: Any):
        super().__init__(crawler, *args, **kwargs)  # type: ignore[call-arg]
        self._lenient = self._contextFactory
        self._verifying = _ScrapyClientContextFactory(verify_certificates=True)

    async def download_request(self, request: Request) -> Response:
        # The agent is built from self._contextFactory synchronously, before the first await of
        # the parent method, so switching it here is safe on the single reactor thread.
        insecure = getattr(self._crawler.spider, "tls_insecure_scopes", frozenset())
        self._contextFactory = self._lenient if scope_of(request.url) in insecure \
            else self._verifying
        return await super().download_request(request)  # type: ignore[misc]


class PortalTlsDownloadHandler(TlsPolicyMixin, HTTP11DownloadHandler):
    """The stock HTTP/1.1 handler with the per-host TLS policy (the default https handler)."""
