"""/docs in headless Chromium against a real `kg serve`: Swagger UI renders every operation, offline.

Needs /usr/bin/chromium and /usr/bin/chromedriver (`make browser-deps`); fails with that message
rather than skipping when they are missing.
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api.openapi import document

WAIT_SECONDS = 30


@pytest.mark.browser
@pytest.mark.server
def test_docs_render_every_operation_from_local_assets(chromium: webdriver.Chrome, live_server: str) -> None:
    chromium.get(live_server + "/docs")
    operations = sum(len(item) for item in document()["paths"].values())
    blocks = WebDriverWait(chromium, WAIT_SECONDS).until(
        lambda d: (
            (found := d.find_elements(By.CSS_SELECTOR, ".opblock")) and len(found) >= operations and found
        ),
        "Swagger UI did not render the operations",
    )
    assert len(blocks) == operations
    assert "dipkg REST API" in chromium.find_element(By.CSS_SELECTOR, ".info .title").text
    paths = {
        b.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text.replace("\u200b", "") for b in blocks
    }
    assert "/api/entities/{entity}/relations" in paths

    urls = []
    for entry in chromium.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    host = urlsplit(live_server).hostname
    assert any(url.endswith("/openapi.json") for url in urls)
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("data", "blob", "about", "chrome") or parts.hostname == host, (
            f"left the server: {url}"
        )
    errors = [e["message"] for e in chromium.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


@pytest.mark.server
def test_encoded_slash_in_entity_ids_survives_a_real_server(live_server: str) -> None:
    """Swagger UI's "Try it out" sends `country%2FBLR`; waitress must hand Flask `country/BLR`."""
    with urllib.request.urlopen(
        live_server + "/api/entities/country%2FBLR/relations", timeout=10
    ) as response:
        body = json.load(response)
    assert body["entity"]["id"] == "country/BLR" and body["count"] > 0
