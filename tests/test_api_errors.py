"""Shared error handling: JSON `{"error", "detail"}` with the right status for clients, HTML for browsers."""

from __future__ import annotations

import logging

import pytest

from api import create_app

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture()
def bare_app():
    """An empty in-memory app whose extra routes each test may add before the first request."""
    application = create_app({"TESTING": True, "STORE": "memory:", "MAX_CONTENT_LENGTH": 1000})
    yield application
    application.extensions["kg"].close()


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "detail"}
    assert body["error"] and body["detail"]
    return body


@pytest.mark.parametrize("path", ["/api/no-such-thing", "/sparql/no-such-thing", "/no-such-page"])
def test_unknown_path_is_json_404_for_programs(client, path):
    body = assert_json_error(client.get(path, headers={"Accept": "application/json"}), 404)
    assert body["error"] == "not found"


def test_api_paths_answer_json_even_to_browsers(client):
    assert_json_error(client.get("/api/no-such-thing", headers={"Accept": BROWSER_ACCEPT}), 404)


def test_browsers_get_an_html_error_page_outside_the_api(client):
    response = client.get("/no-such-page", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_wrong_method_is_405_with_allow_header(client):
    response = client.delete("/sparql", headers={"Accept": "application/json"})
    body = assert_json_error(response, 405)
    assert body["error"] == "method not allowed"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_body_over_max_content_length_is_413(bare_app):
    client = bare_app.test_client()
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 2000})
    body = assert_json_error(response, 413)
    assert body["error"] == "request entity too large"


def test_unexpected_exception_is_a_generic_500_logged_with_its_traceback(bare_app, caplog):
    def broken():
        raise RuntimeError("secret internal detail")

    bare_app.add_url_rule("/api/broken", "broken", broken)
    with caplog.at_level(logging.ERROR):
        response = bare_app.test_client().get("/api/broken")
    body = assert_json_error(response, 500)
    text = response.get_data(as_text=True)
    assert "secret internal detail" not in text
    assert "Traceback" not in text
    assert body["error"] == "internal server error"
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "secret internal detail" in str(logged[0].exc_info[1])


def test_unexpected_exception_gives_browsers_a_plain_500_page(bare_app, caplog):
    def broken():
        raise RuntimeError("secret internal detail")

    bare_app.add_url_rule("/broken", "broken", broken)
    with caplog.at_level(logging.ERROR):
        response = bare_app.test_client().get("/broken", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "secret internal detail" not in response.get_data(as_text=True)


def test_bad_request_from_werkzeug_keeps_its_detail(bare_app):
    from werkzeug.exceptions import BadRequest

    def picky():
        raise BadRequest("`since` must be a date like 2025-08-20")

    bare_app.add_url_rule("/api/picky", "picky", picky)
    body = assert_json_error(bare_app.test_client().get("/api/picky"), 400)
    assert body == {"error": "bad request", "detail": "`since` must be a date like 2025-08-20"}


def test_api_error_carries_its_own_title_and_headers(bare_app):
    from api.errors import ApiError

    def limited():
        raise ApiError(429, "slow down", "Too many requests.", headers={"Retry-After": "3"})

    bare_app.add_url_rule("/api/limited", "limited", limited)
    response = bare_app.test_client().get("/api/limited")
    assert assert_json_error(response, 429) == {"error": "slow down", "detail": "Too many requests."}
    assert response.headers["Retry-After"] == "3"
