"""Graph view rendering: a neighbourhood (from kg.analytics) as vis-network data built with pyvis.

pyvis builds the node/edge records and options; the HTML around them is ours, loading the
vis-network copy served from api/static/vendor (pyvis's own template pulls assets from CDNs).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from pyvis.network import Network

from kg.fact_types import SPECS

VENDOR_DIR = Path(__file__).resolve().parent.parent / "api" / "static" / "vendor" / "vis-network"

# Shape and colour per entity kind: shape tells kinds apart without colour vision.
KIND_STYLE: dict[str, dict[str, str]] = {
    "country": {"shape": "dot", "color": "#4e79a7"},
    "person": {"shape": "diamond", "color": "#f28e2b"},
    "organization": {"shape": "square", "color": "#59a14f"},
    "bloc": {"shape": "hexagon", "color": "#b07aa1"},
}
_UNKNOWN_KIND = {"shape": "dot", "color": "#9d9d9d"}

# Edge colour per fact type: the ontology's dip:displayColour of its event class.
TYPE_COLORS: dict[str, str] = {name: spec.colour for name, spec in SPECS.items()}
# Unconfirmed facts are dashed; a denied one is dotted, so it never reads as a real tie.
_DASHES: dict[str, Any] = {"asserted": False, "planned": True, "alleged": True, "negated": [2, 6]}

OPTIONS: dict[str, Any] = {
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -9000, "springLength": 170, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": 200, "fit": True},
    },
    "nodes": {"font": {"size": 15}, "borderWidth": 1},
    "edges": {"font": {"size": 10, "align": "middle", "strokeWidth": 3}, "width": 1.5},
}


def type_label(fact_type: str) -> str:
    return fact_type.replace("_", " ")


def edge_label(edge: dict[str, Any]) -> str:
    """Short text drawn on the edge: its type, with the modality unless the fact is asserted."""
    label = type_label(edge["type"])
    return label if edge["modality"] == "asserted" else f"{label} ({edge['modality']})"


def edge_title(edge: dict[str, Any]) -> str:
    """Plain-text hover card of a fact: type, date, modality, ends, attributes and the evidence sentence."""
    lines = [
        f"{type_label(edge['type'])} · {edge.get('date') or 'undated'} · {edge['modality']}",
        f"{edge.get('subject_label') or edge['source']} → {edge.get('object_label') or edge['target']}",
    ]
    lines += [f"{key}: {value}" for key, value in sorted((edge.get("attributes") or {}).items())]
    if edge.get("evidence"):
        lines.append(f"“{edge['evidence']}”")
    lines.append(f"article: {edge.get('article')}")
    return "\n".join(lines)


def build_network(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], center_id: str | None = None
) -> Network:
    """The pyvis Network of a neighbourhood: styled nodes, one labelled edge per fact."""
    net = Network(directed=True, cdn_resources="local", height="100%", width="100%")
    for node in nodes:
        style = KIND_STYLE.get(node.get("kind") or "", _UNKNOWN_KIND)
        is_center = node["id"] == center_id
        net.add_node(
            node["id"],
            label=node.get("label") or node["id"],
            title=f"{node.get('label')} ({node.get('kind')})\n{node['id']}\nclick to recentre",
            shape=style["shape"],
            color=style["color"],
            size=30 if is_center else 16 + min(int(node.get("degree") or 0), 14),
            borderWidth=4 if is_center else 1,
            kind=node.get("kind"),
            degree=int(node.get("degree") or 0),
        )
    # Parallel facts between one pair are bent apart so each stays visible and hoverable.
    seen_pairs: dict[frozenset[str], int] = {}
    for edge in edges:
        pair = frozenset((edge["source"], edge["target"]))
        rank = seen_pairs.get(pair, 0)
        seen_pairs[pair] = rank + 1
        net.add_edge(
            edge["source"],
            edge["target"],
            id=edge["id"],
            label=edge_label(edge),
            title=edge_title(edge),
            color=TYPE_COLORS.get(edge["type"], "#555555"),
            dashes=_DASHES.get(edge["modality"], False),
            arrows="" if edge.get("symmetric") else "to",
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.08 + 0.12 * rank},
            fact_type=edge["type"],
            modality=edge["modality"],
            date=edge.get("date"),
            article=edge.get("article"),
        )
    net.options = dict(OPTIONS)
    return net


def network_data(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], center_id: str | None = None
) -> dict[str, Any]:
    """JSON-ready {"nodes", "edges", "options"} for `new vis.Network(container, data, options)`."""
    net_nodes, net_edges, _heading, _height, _width, options = build_network(
        nodes, edges, center_id
    ).get_network_data()
    return {"nodes": net_nodes, "edges": net_edges, "options": json.loads(options)}


def script_json(data: Any) -> str:
    """JSON safe to embed in a <script> element: no '</script>' or HTML comment can close it early."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def standalone_html(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], center_id: str | None = None, title: str = ""
) -> str:
    """A self-contained HTML page (vis-network inlined) for notebooks and exports: no network needed."""
    data = network_data(nodes, edges, center_id)
    js = (VENDOR_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VENDOR_DIR / "vis-network.min.css").read_text(encoding="utf-8")
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title or 'dipkg graph')}</title><style>{css}"
        " html,body,#graph{height:100%;margin:0} .vis-tooltip{white-space:pre-wrap;max-width:420px}"
        f"</style><script>{js}</script></head><body><div id='graph'></div><script>"
        f"const data={script_json(data)};"
        "new vis.Network(document.getElementById('graph'),"
        "{nodes:new vis.DataSet(data.nodes),edges:new vis.DataSet(data.edges)},data.options);"
        "</script></body></html>"
    )
