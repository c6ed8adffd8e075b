"""Headers and request limits every response and request gets, whatever the blueprint.

HTML pages may not be framed (clickjacking) nor run scripts from elsewhere; no response names the server
software; a request whose URL or headers are too large gets the JSON error form instead of reaching a
route (waitress itself refuses only far larger ones, with plain text, see `kg serve`).
"""

from __future__ import annotations

from flask import Flask, Response, request

from api.errors import ApiError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Larger URLs and header blocks are answered 431 by the app; waitress is told to accept up to
# WAITRESS_HEADER_BYTES so that it passes them on instead of answering in plain text.
MAX_HEADER_BYTES = 128 * 1024
WAITRESS_HEADER_BYTES = 4 * 1024 * 1024


def _check_request_size() -> None:
    size = len(request.environ.get("RAW_URI") or request.full_path)
    size += sum(len(k) + len(v) + 4 for k, v in request.headers.items())
    if size > MAX_HEADER_BYTES:
        raise ApiError(
            431,
            "request header fields too large",
            f"The URL and headers take {size} bytes; at most {MAX_HEADER_BYTES} are accepted. "
            "Send long SPARQL queries by POST.",
        )


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.pop("Server", None)
    return response


def register(app: Flask) -> None:
    """Install the request check and the response headers on `app`."""
    app.before_request(_check_request_size)
    app.after_request(_secure_headers)
