"""The workbench pages in headless Chromium against a real `kg serve`: the facts table filters and exports,
the article page marks evidence, the upload form posts; every request stays on 127.0.0.1.
"""

from __future__ import annotations

import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_browser import assert_all_local, requested_urls, wait_for_graph

pytestmark = pytest.mark.browser

WAIT_SECONDS = 30
SEED = "belarus-iran-2025-08-20"


def non_background_pixels(
    driver: webdriver.Chrome, png: bytes, box: tuple[int, int, int, int] | None = None
) -> int:
    """Pixels of a PNG screenshot (within box: left, top, width, height in CSS pixels) that differ from
    its commonest colour. The browser decodes the PNG (a data: URL, nothing leaves the machine)."""
    script = """
    const [b64, box, done] = arguments;
    const img = new Image();
    img.onload = () => {
      const scale = img.width / window.innerWidth;
      const area = box || [0, 0, window.innerWidth, window.innerHeight];
      const [x, y, w, h] = area.map(v => Math.round(v * scale));
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      const ctx = c.getContext('2d'); ctx.drawImage(img, -x, -y);
      const d = ctx.getImageData(0, 0, w, h).data; const counts = new Map();
      for (let i = 0; i < d.length; i += 4) {
        const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; counts.set(k, (counts.get(k) || 0) + 1);
      }
      done(w * h - Math.max(0, ...counts.values()));
    };
    img.onerror = () => done(-1);
    img.src = 'data:image/png;base64,' + b64;
    """
    import base64

    driver.set_script_timeout(WAIT_SECONDS)
    return int(driver.execute_async_script(script, base64.b64encode(png).decode("ascii"), box))


def test_facts_table_filters_sorts_and_exports(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.get(f"{live_server}/facts?article={SEED}")
    all_rows = browser.find_elements(By.CSS_SELECTOR, "#facts-table tbody tr")
    assert len(all_rows) == 22
    Select(browser.find_element(By.ID, "type")).select_by_value("visit")
    Select(browser.find_element(By.ID, "order")).select_by_value("-date")
    browser.find_element(By.CSS_SELECTOR, "#facts-form button[type=submit]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "type=visit" in d.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "#facts-table tbody tr")
    assert 0 < len(rows) < 22 and {r.get_attribute("data-type") for r in rows} == {"visit"}
    assert "Masoud Pezeshkian" in rows[0].text
    png = browser.get_screenshot_as_png()
    assert non_background_pixels(browser, png) > 20_000, "the table page looks blank"

    # The export links carry the filters: the CSV holds exactly the rows shown.
    href = browser.find_element(By.ID, "export-csv").get_attribute("href")
    assert "type=visit" in href and "format=csv" in href
    with urllib.request.urlopen(href, timeout=10) as response:
        lines = response.read().decode("utf-8").strip().splitlines()
    assert lines[0].startswith("id,type,subject") and len(lines) == len(rows) + 1

    # A row's evidence opens the article with that fact's entry targeted.
    rows[0].find_element(By.CSS_SELECTOR, "a.evidence-link").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "#fact-" in d.current_url)
    assert f"/article/{SEED}" in browser.current_url
    assert_all_local(requested_urls(browser), live_server)


def test_article_page_highlights_evidence_and_links_facts(
    chromium: webdriver.Chrome, live_server: str
) -> None:
    browser = chromium
    browser.get(f"{live_server}/articles")
    browser.find_element(By.CSS_SELECTOR, f'tr[data-article="{SEED}"] a').click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: f"/article/{SEED}" in d.current_url)
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.evidence-mark")
    assert len(marks) >= 5
    visit = next(m for m in marks if "state visit by President Masoud Pezeshkian" in m.text)
    # Drawn highlighted: the mark's background is not the page's.
    colour = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", visit)
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(251, 251, 253)")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", visit)
    visit.click()
    active = browser.find_elements(By.CSS_SELECTOR, ".article-facts .relation.active")
    assert active and set(visit.get_attribute("data-facts").split()) == {
        a.get_attribute("id")[5:] for a in active
    }
    assert "active" in visit.get_attribute("class")
    png = browser.get_screenshot_as_png()
    assert non_background_pixels(browser, png) > 20_000
    assert_all_local(requested_urls(browser), live_server)


@pytest.mark.model
def test_upload_form_posts_an_article(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.get(f"{live_server}/articles/new")
    browser.find_element(By.ID, "text").send_keys(
        "Kazakhstan and Uzbekistan sign water deal\n\n"
        "Kazakh President Kassym-Jomart Tokayev met Uzbek President Shavkat Mirziyoyev in Tashkent "
        "on Monday, and the two countries signed an agreement on sharing water."
    )
    browser.find_element(By.ID, "published").send_keys("2025-09-01")
    browser.find_element(By.ID, "id").send_keys("browser-upload-test")
    browser.find_element(By.ID, "token").send_keys("wrong")
    browser.find_element(By.ID, "upload-submit").click()
    error = WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.ID, "upload-error"))[0]
    assert "token" in error.text
    assert "Tokayev" in browser.find_element(By.ID, "text").get_attribute("value")  # kept for the retry

    browser.find_element(By.ID, "token").send_keys("test-token")
    browser.find_element(By.ID, "upload-submit").click()
    WebDriverWait(browser, 120).until(lambda d: "/article/browser-upload-test" in d.current_url)
    assert "Article stored" in browser.find_element(By.ID, "added-note").text
    assert browser.find_elements(By.CSS_SELECTOR, ".article-facts .relation")
    assert browser.find_elements(By.CSS_SELECTOR, "mark.evidence-mark")
    assert_all_local(requested_urls(browser), live_server)


def test_graph_collapses_parallel_facts_and_expands_on_click(
    chromium: webdriver.Chrome, live_server: str
) -> None:
    browser = chromium
    browser.get(f"{live_server}/graph?center=Iran&depth=1")
    wait_for_graph(browser)
    # Iran–Belarus holds seven facts: one bold edge with the count, not six overlapping labels.
    pair = browser.execute_script(
        "return window.dipkgGraph.edges.get().filter(e => [e.from, e.to].sort().join() === "
        "'country/BLR,country/IRN')"
    )
    assert len(pair) == 1 and pair[0]["collapsed"] and pair[0]["label"] == "7 facts"
    canvas = browser.find_element(By.CSS_SELECTOR, "#graph canvas")
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]", canvas
    )
    assert non_background_pixels(browser, browser.get_screenshot_as_png(), tuple(box)) > 3_000, "canvas blank"

    # A real click on the collapsed edge (a point of it no other edge or node covers) expands it.
    x, y = browser.execute_script(
        "const g = window.dipkgGraph.network; const p = g.getPositions(['country/BLR', 'country/IRN']);"
        "const a = g.canvasToDOM(p['country/BLR']), b = g.canvasToDOM(p['country/IRN']);"
        "for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65]) {"
        "  const m = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};"
        "  const hit = g.getEdgeAt(m) === 'group:country/BLR\\u0001country/IRN';"
        "  if (hit && !g.getNodeAt(m)) return [m.x, m.y];"
        "} return [(a.x + b.x) / 2, (a.y + b.y) / 2];"
    )
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: (
            d.execute_script(
                "return window.dipkgGraph.edges.get().filter(e => e.group_key && !e.collapsed && "
                "[e.from, e.to].sort().join() === 'country/BLR,country/IRN').length"
            )
            == 7
        ),
        "clicking the collapsed edge did not expand it",
    )
    # Clicking a single fact opens the evidence pane over the canvas without resizing it; it closes.
    before = canvas.size
    browser.execute_script(
        "const g = window.dipkgGraph;"
        "const e = g.edges.get().find(x => x.fact_type === 'visit' && x.to === 'country/BLR');"
        "g.network.body.emitter.emit('click', {nodes: [], edges: [e.id]});"
    )
    details = browser.find_element(By.ID, "details")
    assert details.is_displayed() and "state visit" in details.text
    assert "/article/" in browser.find_element(By.ID, "details-article").get_attribute("href")
    assert canvas.size == before
    wrap = browser.execute_script(
        "const t = document.createElement('div'); t.className = 'vis-tooltip'; document.body.append(t);"
        "return getComputedStyle(t).whiteSpace"
    )
    assert wrap == "pre-wrap"  # style.css wins over vis-network.min.css
    browser.find_element(By.ID, "details-close").click()
    assert not details.is_displayed()

    graphml = browser.execute_script("return window.dipkgGraph.graphml()")
    assert graphml.count("<edge ") == len(browser.execute_script("return window.dipkgGraph.facts"))
    assert (
        browser.execute_script("return document.querySelector('#graph canvas').toDataURL('image/png').length")
        > 5_000
    )
    assert_all_local(requested_urls(browser), live_server)


def test_graph_sidebar_leaves_room_on_a_phone(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.set_window_size(390, 844)
    browser.get(f"{live_server}/graph?center=Iran&depth=1")
    wait_for_graph(browser)
    width = browser.execute_script("return window.innerWidth")
    sidebar = browser.find_element(By.CSS_SELECTOR, ".sidebar").size
    canvas = browser.find_element(By.CSS_SELECTOR, "#graph canvas").size
    assert sidebar["height"] < 0.35 * browser.execute_script("return window.innerHeight")
    assert canvas["width"] >= 0.9 * width and canvas["height"] > 300


def test_timeline_draws_bars_and_lists_a_months_facts(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.get(f"{live_server}/timeline?entity=Iran&with=Belarus")
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.execute_script("return !!(window.dipkgTimeline && window.dipkgTimeline.drawn)")
    )
    canvas = browser.find_element(By.ID, "timeline-canvas")
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]", canvas
    )
    assert non_background_pixels(browser, browser.get_screenshot_as_png(), tuple(box)) > 500, "no bars drawn"
    bar = browser.execute_script("return window.dipkgTimeline.bars.find(b => b.total > 0)")
    ActionChains(browser).move_to_element_with_offset(
        canvas,
        int(bar["x"] + bar["width"] / 2 - canvas.size["width"] / 2),
        int(bar["y"] + bar["height"] / 2 - canvas.size["height"] / 2),
    ).click().perform()
    heading = WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: (
            d.find_element(By.ID, "month-heading") if d.find_element(By.ID, "month-heading").text else None
        )
    )
    assert heading.text.startswith(bar["month"])
    items = browser.find_elements(By.CSS_SELECTOR, "#month-facts li")
    assert len(items) == bar["total"] and all(bar["month"] in li.text for li in items)
    assert_all_local(requested_urls(browser), live_server)


def test_graph_date_slider_hides_later_facts(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.get(f"{live_server}/graph?center=Iran&depth=1")
    wait_for_graph(browser)
    months = browser.execute_script("return window.dipkgGraph.months")
    assert len(months) > 1
    slider = browser.find_element(By.ID, "date-slider")
    assert slider.is_displayed()
    count_all = browser.execute_script(
        "return window.dipkgGraph.edges.get().reduce((n, e) => n + (e.count || 1), 0)"
    )
    # Drag to the first month with the keyboard: only facts of that month or earlier (or undated) remain.
    slider.click()
    slider.send_keys(Keys.HOME)
    label = browser.find_element(By.ID, "date-slider-value").text
    assert label == f"up to {months[0]}"
    shown = browser.execute_script("return window.dipkgGraph.shownFacts().map(f => f.date)")
    drawn = browser.execute_script(
        "return window.dipkgGraph.edges.get().reduce((n, e) => n + (e.count || 1), 0)"
    )
    assert drawn == len(shown)
    assert len(shown) < count_all
    assert all(d is None or len(d) < 7 or d[:7] <= months[0] for d in shown)


def test_yasgui_runs_a_query_and_links_entities_locally(chromium: webdriver.Chrome, live_server: str) -> None:
    browser = chromium
    browser.get(f"{live_server}/sparql/editor")
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.execute_script("return !!(window.dipkgYasgui && window.dipkgYasgui.getTab())")
    )
    tabs = browser.execute_script("return window.dipkgYasgui.persistentConfig.getTabs().length")
    assert tabs >= 4  # the start tab and the three example queries of api/queries/
    query = (
        "PREFIX dip: <https://w3id.org/dipkg/ontology#>\n"
        "SELECT ?visitor ?host WHERE { ?visitor dip:visited ?host }"
    )
    browser.execute_script(
        "const yasqe = window.dipkgYasgui.getTab().getYasqe(); yasqe.setValue(arguments[0]); yasqe.query();",
        query,
    )
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".yasr a.entity-link"),
        "no result linked to an entity page",
    )
    headers = [h.text.strip() for h in browser.find_elements(By.CSS_SELECTOR, ".yasr table thead th")]
    assert [h for h in headers if h.lstrip("?") in ("visitor", "host")] and "visitor" in " ".join(headers)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".yasr a.entity-link")]
    assert any(h.endswith("/entity/country/BLR") for h in links)
    assert (
        "second" in browser.find_element(By.CSS_SELECTOR, ".yasr").text
        or "ms" in browser.find_element(By.CSS_SELECTOR, ".yasr").text
    )
    png = browser.get_screenshot_as_png()
    assert non_background_pixels(browser, png) > 20_000
    assert_all_local(requested_urls(browser), live_server)
