"""kg.viz: vis-network data built with pyvis, styled by kind and fact type, and offline HTML."""

from __future__ import annotations

import re

from kg import analytics, viz
from kg.model import Fact


def seed_network(seed_facts: list[Fact], center: str = "country/IRN") -> dict:
    nodes, edges, _ = analytics.neighbourhood(seed_facts, center, depth=1)
    return viz.network_data(nodes, edges, center)


def test_nodes_styled_by_kind_and_center_highlighted(seed_facts: list[Fact]) -> None:
    data = seed_network(seed_facts)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["country/IRN"]["shape"] == viz.KIND_STYLE["country"]["shape"]
    assert by_id["person/masoud-pezeshkian"]["shape"] == viz.KIND_STYLE["person"]["shape"]
    assert by_id["person/masoud-pezeshkian"]["color"] != by_id["country/BLR"]["color"]
    assert by_id["country/IRN"]["borderWidth"] > by_id["country/BLR"]["borderWidth"]


def test_edges_labelled_coloured_dashed_and_titled_with_evidence(seed_facts: list[Fact]) -> None:
    edges = seed_network(seed_facts, "country/BLR")["edges"]
    visit = next(e for e in edges if e["fact_type"] == "visit")
    assert visit["from"] == "person/masoud-pezeshkian" and visit["to"] == "country/BLR"
    assert visit["label"] == "visit" and visit["arrows"] == "to" and visit["dashes"] is False
    assert visit["color"] == viz.TYPE_COLORS["visit"]
    assert "2025-08-20" in visit["title"] and "asserted" in visit["title"]
    assert "state visit by President Masoud Pezeshkian" in visit["title"]
    alleged = next(e for e in edges if e["modality"] == "alleged")
    planned = next(e for e in edges if e["modality"] == "planned")
    assert alleged["dashes"] is True and planned["dashes"] is True
    assert alleged["label"] == "military aid (alleged)"
    cooperation = next(e for e in edges if e["fact_type"] == "cooperation")
    assert cooperation["arrows"] == ""  # symmetric: no arrow head
    # parallel facts between one pair are bent apart, not drawn on top of each other
    trade = [e for e in edges if e["fact_type"] == "trade"]
    assert len({e["smooth"]["roundness"] for e in trade}) >= 2


def test_options_and_script_json_escaping() -> None:
    data = viz.network_data([], [])
    assert data["nodes"] == [] and data["options"]["interaction"]["hover"] is True
    text = viz.script_json({"evidence": "</script><script>alert(1)</script> & <!--"})
    assert "</script" not in text and "<!--" not in text
    assert '"\\u003c/script\\u003e' in text


def test_standalone_html_needs_no_network(seed_facts: list[Fact]) -> None:
    nodes, edges, _ = analytics.neighbourhood(seed_facts, "country/IRN", depth=1)
    html = viz.standalone_html(nodes, edges, "country/IRN", title="Iran")
    assert "vis.Network" in html and "country/BLR" in html
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?:""", html)
    assert (viz.VENDOR_DIR / "LICENSE-MIT").is_file() and (viz.VENDOR_DIR / "LICENSE-APACHE-2.0").is_file()
