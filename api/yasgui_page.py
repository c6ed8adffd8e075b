"""YASGUI, the SPARQL editor, at /sparql/editor: highlighting, autocompletion from the ontology, the
example queries as tabs, result tables whose IRIs open entity pages. Served from api/static/vendor/yasgui;
its remote lookups (prefix.cc, LOV) are answered by the local lists below, so nothing leaves the host.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, url_for

from api import examples
from kg import viz

bp = Blueprint("yasgui", __name__)


@lru_cache(maxsize=1)
def ontology_terms() -> dict[str, list[str]]:
    """IRIs of the ontology's classes and properties (for the editor's class and property completion)."""
    from rdflib import Graph  # noqa: PLC0415
    from rdflib.namespace import OWL, RDF, RDFS  # noqa: PLC0415

    graph = Graph()
    graph.parse(examples.ONTOLOGY, format="turtle")
    classes = {str(s) for kind in (OWL.Class, RDFS.Class) for s in graph.subjects(RDF.type, kind)}
    properties = {
        str(s)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
        for s in graph.subjects(RDF.type, kind)
    }
    return {"classes": sorted(c for c in classes if c.startswith("http")), "properties": sorted(properties)}


@bp.get("/sparql/editor")
def editor() -> str:
    config: dict[str, Any] = {
        "endpoint": url_for("sparql.endpoint"),
        "prefixes": dict(examples.prefixes()),
        "examples": [{"name": e.title, "query": e.text} for e in examples.example_queries()],
        "terms": url_for("yasgui.terms"),
        "prefixApi": url_for("yasgui.prefix_map"),
        "entityBase": "https://w3id.org/dipkg/id/",
    }
    return render_template("yasgui.html", config=viz.script_json(config))


@bp.get("/sparql/editor/terms.json")
def terms() -> Response:
    return jsonify(ontology_terms())


@bp.get("/sparql/editor/prefixes.json")
def prefix_map() -> Response:
    """The prefix table in prefix.cc's format ({prefix: namespace}), for the editor's PREFIX completion."""
    return jsonify(dict(examples.prefixes()))
