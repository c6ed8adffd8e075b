"""The graph view in headless Chromium against a real `kg serve`: it draws, recentres, stays offline.

Needs /usr/bin/chromium and /usr/bin/chromedriver (`make browser-deps`); without them the tests
fail with that message rather than skip, so CI cannot pass them silently.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser

WAIT_SECONDS = 30
# Schemes a page may load without touching any network.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "devtools")


@pytest.fixture()
def browser(chromium: webdriver.Chrome) -> webdriver.Chrome:
    return chromium


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """URLs of every request the pages made since the last call (Chrome's DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_all_local(urls: list[str], base: str) -> None:
    assert urls, "the performance log recorded no request at all"
    host = urlsplit(base).hostname
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in LOCAL_SCHEMES or parts.hostname == host, f"request left {host}: {url}"


def wait_for_graph(driver: webdriver.Chrome) -> None:
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return !!(window.dipkgGraph && window.dipkgGraph.stabilized)"),
        "the network never finished drawing",
    )


def drawn_node_ids(driver: webdriver.Chrome) -> list[str]:
    # Nodes that vis-network actually positioned on the canvas, not just those in the data.
    return driver.execute_script("return Object.keys(window.dipkgGraph.network.getPositions())")


def test_graph_draws_recentres_on_click_and_stays_local(browser: webdriver.Chrome, live_server: str) -> None:
    browser.get(f"{live_server}/graph?center=Iran&depth=1")
    wait_for_graph(browser)
    canvas = browser.find_element(By.CSS_SELECTOR, "#graph canvas")
    assert canvas.size["width"] > 300 and canvas.size["height"] > 200
    drawn = drawn_node_ids(browser)
    assert {"country/IRN", "country/BLR", "person/masoud-pezeshkian"} <= set(drawn)
    titles = browser.execute_script("return window.dipkgGraph.edges.get().map(e => e.title)")
    assert any("state visit by President Masoud Pezeshkian" in t for t in titles)

    # A real mouse click on Belarus: the page's click handler recentres there, keeping the filters.
    x, y = browser.execute_script(
        "const g = window.dipkgGraph.network;"
        "const p = g.canvasToDOM(g.getPositions(['country/BLR'])['country/BLR']);"
        "return [p.x, p.y];"
    )
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: parse_qs(urlsplit(d.current_url).query).get("center") == ["country/BLR"],
        "clicking Belarus did not recentre the graph",
    )
    assert parse_qs(urlsplit(browser.current_url).query)["depth"] == ["1"]
    wait_for_graph(browser)
    assert "Belarus" in browser.find_element(By.CSS_SELECTOR, ".graph-info strong").text
    assert {"country/BLR", "person/aleksandr-lukashenko"} <= set(drawn_node_ids(browser))

    assert_all_local(requested_urls(browser), live_server)


def test_walk_through_search_entity_and_graph(browser: webdriver.Chrome, live_server: str) -> None:
    """Search "Lukashenko", open his page, then the graph around Belarus, then recentre on Iran."""
    browser.get(live_server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Lukashenko")
    suggestion = WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#suggestions a"), "no suggestion from /api/entities"
    )[0]
    assert "Lukashenko" in suggestion.text
    suggestion.click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "/entity/person/" in d.current_url)
    support = browser.find_element(By.ID, "type-support").text
    assert "Iran" in support and "welcomed the Iranian delegation" in support

    browser.get(live_server + "/graph?center=Belarus")
    wait_for_graph(browser)
    browser.execute_script("window.dipkgGraph.recentre('country/IRN')")
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "center=country%2FIRN" in d.current_url)
    wait_for_graph(browser)
    assert "country/BLR" in drawn_node_ids(browser)

    assert_all_local(requested_urls(browser), live_server)
