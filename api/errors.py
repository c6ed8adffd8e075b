"""Shared error handling: every error answers `{"error": short, "detail": longer}` with its status.

API clients (/api/*, and /sparql or any page unless the client prefers HTML) get JSON; browsers get
werkzeug's plain HTML error page. Unexpected exceptions are logged with their traceback and answered
with a generic 500, so no stack trace ever reaches a user.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse

# Shown for unexpected failures; the traceback goes to the server log only.
GENERIC_DETAIL = "The server hit an unexpected error; it has been logged. Please try again or report it."


class ApiError(HTTPException):
    """An HTTP error with its own short `error` title, e.g. ApiError(403, "update refused", "...")."""

    def __init__(self, code: int, error: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(description=detail)
        self.code = code
        self.error = error
        self.extra_headers = headers or {}

    @property
    def name(self) -> str:  # werkzeug's HTML page uses it as the title
        return self.error


def wants_json() -> bool:
    """True unless a browser-like client prefers HTML; /api/* always answers JSON."""
    if request.path.startswith("/api/") or request.path == "/api":
        return True
    accept = request.accept_mimetypes
    if not accept:  # no Accept header: a program, not a browser
        return True
    return accept.best_match(["application/json", "text/html"]) != "text/html"


def error_response(code: int, error: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    """The JSON error body with its status and any extra headers (e.g. Allow for 405)."""
    response = jsonify({"error": error, "detail": detail})
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _short(exc: HTTPException) -> str:
    return str(getattr(exc, "error", None) or exc.name).lower()


def handle_http_error(exc: HTTPException) -> BaseResponse | HTTPException:
    """Known HTTP errors (404, 405, 413, 400, ApiError...): JSON for clients, HTML for browsers."""
    code = exc.code or 500
    # Keep protocol headers such as Allow (405) or Retry-After; the body's own Content-Type is ours.
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    headers.update(getattr(exc, "extra_headers", {}))
    if not wants_json():
        response = exc.get_response()
        for key, value in headers.items():
            response.headers[key] = value
        return response
    return error_response(code, _short(exc), exc.description or exc.name, headers)


def handle_unexpected(exc: Exception) -> BaseResponse:
    """Anything not an HTTP error is a bug: log the traceback, tell the user nothing internal."""
    from flask import current_app  # noqa: PLC0415  (only needed on this rare path)

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if not wants_json():
        return InternalServerError(description=GENERIC_DETAIL).get_response()
    return error_response(500, "internal server error", GENERIC_DETAIL)


def register(app: Flask) -> None:
    """Install the handlers on `app` (called by the factory before the blueprints)."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def html_error(exc: HTTPException) -> tuple[str, int]:
    """An HTTP error as the HTML error page: the pages' blueprints answer errors this way."""
    code = exc.code or 500
    return render_template("error.html", code=code, name=exc.name, detail=exc.description), code
