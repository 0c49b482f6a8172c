"""SE005 insecure-transport: Interfaces travel over encrypted transport: no `http://` or `ftp://`
endpoint, no `http`/`ftp` transport, TLS 1.2 or later.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import TECHTALK

_INSECURE_TRANSPORT = {"http": "plain HTTP", "ftp": "plain FTP"}

_INSECURE_SCHEMES = ("http://", "ftp://", "ws://")


class InsecureTransport(Rule):
    code = "SE005"
    judges = ("interface",)
    name = "insecure-transport"
    severity = Severity.ERROR
    tags = ("security",)
    precision = "very-high"
    summary = "Interfaces travel over encrypted transport: no `http://` or `ftp://` endpoint, no `http`/`ftp` transport, TLS 1.2 or later."
    rationale = f"""
Unencrypted transport exposes the data and the credentials that travel with it. The finance and
operations *Integration overview* (developer documentation) requires TLS 1.2 or later for outbound
calls, and {TECHTALK} asks for HTTPS with TLS 1.2 in transit. TLS 1.0 and 1.1 are retired across
Microsoft cloud services.
"""
    how_to_fix = 'Use an `https://` (or `sftp`/`ftps`/`amqps`) endpoint, set `security.transport` accordingly, and `tls_min_version: "1.2"` or later.'
    passing_example = """
blueprint_version: 1
interfaces:
  - id: IF-RATES
    source: SYS-BANK
    target: SYS-FO
    security:
      auth: certificate
      transport: https_tls12
      tls_min_version: "1.2"
      endpoint: "https://api.bank.example/rates"
"""
    failing_example = """
blueprint_version: 1
interfaces:
  - id: IF-RATES
    source: SYS-BANK
    target: SYS-FO
    security:
      auth: certificate
      transport: http
      tls_min_version: "1.0"
      endpoint: "http://api.bank.example/rates"
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for interface in model.interfaces:
            endpoint = interface.get_str("security/endpoint")
            if endpoint and endpoint.strip().lower().startswith(_INSECURE_SCHEMES):
                scheme = endpoint.strip().split(":", 1)[0].lower()
                yield Finding.at(
                    interface,
                    "security/endpoint",
                    f"{interface.label} uses an unencrypted {scheme}:// endpoint",
                )
            transport = interface.get_str("security/transport")
            if transport in _INSECURE_TRANSPORT:
                yield Finding.at(
                    interface,
                    "security/transport",
                    f"{interface.label} travels over {_INSECURE_TRANSPORT[transport]} (security.transport {transport})",
                )
            tls = interface.get("security/tls_min_version")
            if isinstance(tls, (str, int, float)) and not isinstance(tls, bool) and str(tls) in ("1.0", "1.1", "1"):
                yield Finding.at(
                    interface,
                    "security/tls_min_version",
                    f"{interface.label} accepts TLS {tls}, below the TLS 1.2 minimum",
                )
