"""HTML pages through the Flask test client over the seed store: index, graph, entity, article, errors."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import urlsplit

import pytest

SEED = "belarus-iran-2025-08-20"
GRAPH_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.S)
# Attributes that make a browser fetch something: script/img/iframe src, stylesheet/icon href, CSS url().
ASSET_REF = re.compile(
    r"""(?:\bsrc|<link\b[^>]*\bhref|\burl\(|@import)\s*=?\s*\(?\s*["']?([^"')\s>]+)""", re.I
)


def graph_data(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    match = GRAPH_DATA.search(response.get_data(as_text=True))
    assert match, "the graph page embeds its network data"
    return json.loads(match.group(1))


def node_ids(data: dict) -> set[str]:
    return {n["id"] for n in data["nodes"]}


def test_index_links_search_graph_sparql_docs(client) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    for href in ('href="/graph"', 'href="/sparql"', 'href="/docs"', 'action="/"'):
        assert href in html
    assert 'data-suggest="entity"' in html and "/static/search.js" in html
    assert "Masoud Pezeshkian" in html  # most connected entities


def test_index_search_lists_matching_entities(client) -> None:
    html = client.get("/?q=Lukashenko").get_data(as_text=True)
    assert 'href="/entity/person/aleksandr-lukashenko"' in html
    assert "No entity matches" in client.get("/?q=Zzyzxville").get_data(as_text=True)


def test_graph_around_iran_embeds_iran_and_belarus(client) -> None:
    data = graph_data(client.get("/graph?center=Iran"))
    assert {"country/IRN", "country/BLR", "person/masoud-pezeshkian"} <= node_ids(data)
    visit = next(e for e in data["edges"] if e["fact_type"] == "visit" and e["to"] == "country/BLR")
    assert "state visit" in visit["title"] and "2025-08-20" in visit["title"]
    assert data["options"]["physics"]["stabilization"]["enabled"] is True


def test_graph_center_by_id_name_or_alias_is_the_same_node(client) -> None:
    by_id = graph_data(client.get("/graph?center=country/IRN&depth=1"))
    by_alias = graph_data(client.get("/graph?center=tehran&depth=1"))
    assert node_ids(by_id) == node_ids(by_alias)
    html = client.get("/graph?center=Lukashenko").get_data(as_text=True)
    assert 'value="person/aleksandr-lukashenko"' in html


def test_graph_serves_vis_network_locally(client) -> None:
    html = client.get("/graph?center=Iran").get_data(as_text=True)
    for path in ("/static/vendor/vis-network/vis-network.min.js", "/static/graph.js", "/static/style.css"):
        assert f'"{path}"' in html
        asset = client.get(path)
        assert asset.status_code == 200 and len(asset.data) > 500
        asset.close()


def test_graph_filters(client) -> None:
    trade = graph_data(client.get("/graph?center=Iran&types=trade"))
    assert trade["edges"] and {e["fact_type"] for e in trade["edges"]} == {"trade"}
    assert node_ids(trade) == {"country/IRN", "country/BLR"}
    several = graph_data(client.get("/graph?center=Iran&types=trade&types=agreement"))
    assert {e["fact_type"] for e in several["edges"]} == {"trade", "agreement"}
    assert graph_data(client.get("/graph?center=Iran&types=trade,agreement"))["edges"] == several["edges"]
    dated = graph_data(client.get("/graph?center=Iran&since=2024-01&until=2024-12-31"))
    assert dated["edges"] and all("· 2024" in e["title"].splitlines()[0] for e in dated["edges"])
    alleged = graph_data(client.get("/graph?center=Iran&modality=alleged"))
    assert {e["fact_type"] for e in alleged["edges"]} == {"military_aid"}
    assert all(e["dashes"] is True for e in alleged["edges"])
    narrow = graph_data(client.get("/graph?center=Iran&depth=1&types=support"))
    assert node_ids(narrow) == {"country/IRN", "person/aleksandr-lukashenko"}


def test_graph_filter_form_keeps_its_values(client) -> None:
    html = client.get("/graph?center=Iran&depth=3&types=trade&since=2024&modality=planned").get_data(
        as_text=True
    )
    assert re.search(r'<option value="3"\s+selected>', html)
    assert re.search(r'name="types" value="trade"\s+checked', html)
    assert re.search(r'name="modality" value="planned"\s+checked', html)
    assert 'name="since" size="10" value="2024"' in html


def test_graph_center_with_no_matching_relation_is_drawn_alone(client) -> None:
    response = client.get("/graph?center=Iran&types=conflict")
    data = graph_data(response)
    assert node_ids(data) == {"country/IRN"} and data["edges"] == []
    assert "No relation matches these filters" in response.get_data(as_text=True)


def test_whole_graph_and_cap_trimming(app, client) -> None:
    whole = graph_data(client.get("/graph"))
    assert len(whole["nodes"]) >= 10 and "trimmed-note" not in client.get("/graph").get_data(as_text=True)
    app.config["GRAPH_NODE_CAP"] = 3
    response = client.get("/graph")
    assert len(graph_data(response)["nodes"]) == 3
    html = response.get_data(as_text=True)
    assert 'id="trimmed-note"' in html and "KG_GRAPH_NODE_CAP" in html
    around = graph_data(client.get("/graph?center=Belarus"))
    assert len(around["nodes"]) == 3 and "country/BLR" in node_ids(around)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("depth=abc", "depth"),
        ("depth=9", "between 1 and 4"),
        ("depth=0", "between 1 and 4"),
        ("types=friendship", "unknown types"),
        ("modality=rumoured", "unknown modality"),
        ("since=2024-13", "since"),
        ("until=yesterday", "until"),
        ("since=2025&until=2024", "after"),
        ("centre=Iran", "unknown parameter"),
        ("center=" + "x" * 300, "longer than"),
    ],
)
def test_graph_bad_parameters_are_400_pages_with_the_reason(client, query: str, reason: str) -> None:
    response = client.get(f"/graph?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert reason in unescape(response.get_data(as_text=True))


def test_unknown_center_is_a_404_page_that_says_so(client) -> None:
    response = client.get("/graph?center=Atlantis")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "no entity named &#39;Atlantis&#39;" in response.get_data(as_text=True)


def test_entity_page_lists_relations_by_type_with_evidence(client) -> None:
    response = client.get("/entity/person/aleksandr-lukashenko")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Aleksandr Lukashenko" in html and "Lukashenko" in html
    for group in ("type-position", "type-meeting", "type-opposition", "type-support"):
        assert f'id="{group}"' in html
    support = html[html.index('id="type-support"') :]
    assert 'href="/entity/country/IRN"' in support[:2000]
    assert "Lukashenko welcomed the Iranian delegation" in unescape(support)
    assert f'href="/article/{SEED}"' in html
    assert 'href="/graph?center=person/aleksandr-lukashenko"' in html
    # positions: the reference's head of state of Belarus, which the article confirms: listed once,
    # with the article that states it
    positions = html[html.index('id="positions"') : html.index("</ul>", html.index('id="positions"'))]
    assert positions.count('href="/entity/country/BLR"') == 1
    assert "reference data" in positions and f'href="/article/{SEED}"' in positions


def test_entity_page_of_belarus_shows_the_state_visit_and_positions(client) -> None:
    html = unescape(client.get("/entity/country/BLR").get_data(as_text=True))
    visit = html[html.index('id="type-visit"') :]
    assert "Masoud Pezeshkian" in visit and "state visit" in visit and "2025-08-20" in visit
    assert 'id="type-position"' in html and 'id="type-trade"' in html


def test_entity_page_by_name_redirects_and_unknown_is_404(client) -> None:
    response = client.get("/entity/Lukashenko")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/entity/person/aleksandr-lukashenko"
    missing = client.get("/entity/country/XXX")
    assert missing.status_code == 404 and "XXX" in missing.get_data(as_text=True)


def test_article_page_shows_text_and_facts(client) -> None:
    html = unescape(client.get(f"/article/{SEED}").get_data(as_text=True))
    assert "Belarus and Iran pledge enhanced ties" in html
    assert html.count('class="relation ') >= 20
    assert client.get("/article/no-such-article").status_code == 404
    assert client.get("/article/bad%20id!").status_code == 400


def test_served_html_loads_no_external_asset(client) -> None:
    pages = [
        "/",
        "/?q=Iran",
        "/graph",
        "/graph?center=Iran",
        "/entity/country/IRN",
        f"/article/{SEED}",
        "/facts",
        "/articles",
        "/articles/new",
        "/graph?center=Atlantis",
        "/graph?depth=x",
        "/sparql",
        "/docs",
    ]
    checked = 0
    for page in pages:
        response = client.get(page, headers={"Accept": "text/html"})
        if response.mimetype != "text/html":
            continue
        checked += 1
        for ref in ASSET_REF.findall(response.get_data(as_text=True)):
            parts = urlsplit(ref)
            assert parts.scheme in ("", "data") or parts.hostname in ("127.0.0.1", "localhost"), (page, ref)
            assert not ref.startswith("//"), (page, ref)
    assert checked >= 8
    for css in ("/static/style.css", "/static/vendor/vis-network/vis-network.min.css"):
        with client.get(css) as response:
            text = response.get_data(as_text=True)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text) and "@import" not in text
