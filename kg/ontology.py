"""The ontology files as Python objects: parsed ontology and shapes, contract <-> term maps, SHACL.

Value sets (fact types, entity kinds, modalities, roles, statuses) are read from the skos:notation
of ontology/dipkg.ttl, so the contract's strings and the ontology's terms cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from kg.vocab import DIP

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "dipkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class Vocabulary:
    """Contract strings -> ontology terms (and back with `inverse`)."""

    fact_class: dict[str, URIRef]
    kind_class: dict[str, URIRef]
    modality: dict[str, URIRef]
    role: dict[str, URIRef]
    status: dict[str, URIRef]

    @staticmethod
    def inverse(mapping: dict[str, URIRef]) -> dict[Node, str]:
        return {iri: name for name, iri in mapping.items()}


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The parsed ontology (cached: treat as read-only)."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The parsed SHACL shapes (cached: treat as read-only)."""
    return Graph().parse(SHAPES_FILE, format="turtle")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    ont = ontology()

    def notations(members: Iterable[Node]) -> dict[str, URIRef]:
        found = {str(ont.value(m, SKOS.notation)): m for m in members if ont.value(m, SKOS.notation)}
        return {k: v for k, v in found.items() if isinstance(v, URIRef)}

    return Vocabulary(
        fact_class=notations(ont.subjects(RDFS.subClassOf, DIP.Event)),
        kind_class=notations(ont.subjects(RDFS.subClassOf, DIP.Actor)),
        modality=notations(ont.subjects(RDF.type, DIP.Modality)),
        role=notations(ont.subjects(RDF.type, DIP.Role)),
        status=notations(ont.subjects(RDF.type, DIP.MembershipStatus)),
    )


def validate(graph: Graph) -> tuple[bool, str]:
    """SHACL-validate ``graph`` against ontology/shapes.ttl: (conforms, report text).

    The ontology is the ont_graph so that sh:class sees subclasses (a dip:Person is a dip:Actor).
    Warnings (e.g. an article without publication date) are reported but do not fail conformance.
    """
    from pyshacl import validate as shacl_validate

    # pyshacl annotates the shapes graph it is given: hand it a copy so the cache stays pristine.
    shacl = Graph()
    shacl += shapes()
    conforms, _report, text = shacl_validate(
        graph,
        shacl_graph=shacl,
        ont_graph=ontology(),
        inference="none",
        allow_warnings=True,
    )
    return bool(conforms), str(text)
