"""Generate kg/vocab.py (the DIP rdflib DefinedNamespace) and kg/fact_types_table.py (the fact
type specs) from ontology/dipkg.ttl.

The ontology is the single source of the vocabulary: code uses ``DIP.Visit``, never a hand-typed
IRI, and a misspelt term fails at import; each event class with a ``skos:notation`` is a fact type
whose spec (shortcut, symmetry, whose act, colour) kg.fact_types reads from the table. Run
``python -m kg.vocab_gen`` after editing the ontology; tests/test_ontology.py fails while either
generated file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "dipkg.ttl"
TARGET = Path(__file__).resolve().parent / "vocab.py"
TABLE_TARGET = Path(__file__).resolve().parent / "fact_types_table.py"
NAMESPACE = "https://w3id.org/dipkg/ontology#"

# Sections of the generated class, in order: (heading, rdf:type of the terms listed under it).
_SECTIONS: tuple[tuple[str, URIRef | None], ...] = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Individuals", OWL.NamedIndividual),
    ("Other terms", None),
)

_HEADER = '''"""The dipkg vocabulary as rdflib namespaces.

GENERATED FILE: do not edit. Generated from ontology/dipkg.ttl by `python -m kg.vocab_gen`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

# Resources (entities, facts, articles) and named graphs; see kg.rdf for the IRI helpers.
ID = Namespace("https://w3id.org/dipkg/id/")
GRAPH = Namespace("https://w3id.org/dipkg/graph/")
REFERENCE_GRAPH = URIRef("https://w3id.org/dipkg/graph/reference")
# Entity descriptions (each once, beside the reference graph) and the derived index (search keys, counters).
ENTITIES_GRAPH = URIRef("https://w3id.org/dipkg/graph/entities")
INDEX_GRAPH = URIRef("https://w3id.org/dipkg/graph/index")
CAMEO = Namespace("https://w3id.org/dipkg/cameo#")
PLOVER = Namespace("https://w3id.org/dipkg/plover#")
WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_IRI = URIRef("https://w3id.org/dipkg/ontology")


class DIP(DefinedNamespace):
    """Terms of the dipkg ontology (https://w3id.org/dipkg/ontology#)."""

    _fail = True
    _NS = Namespace("{namespace}")
'''


def _label(graph: Graph, term: URIRef) -> str:
    label = graph.value(term, RDFS.label)
    return " ".join(str(label).split()) if label is not None else ""


def render(ontology: Path = ONTOLOGY) -> str:
    """The text of kg/vocab.py for the ontology at ``ontology``."""
    graph = Graph().parse(ontology, format="turtle")
    terms = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NAMESPACE)},
        key=str,
    )
    lines = [_HEADER.replace("{namespace}", NAMESPACE)]
    placed: set[URIRef] = set()
    for heading, kind in _SECTIONS:
        section = [t for t in terms if t not in placed and (kind is None or (t, RDF.type, kind) in graph)]
        if not section:
            continue
        lines.append(f"\n    # {heading}\n")
        for term in section:
            name = str(term)[len(NAMESPACE) :]
            if not name.isidentifier():
                raise ValueError(f"ontology term {term} is not a Python identifier")
            label = _label(graph, term)
            lines.append(f"    {name}: URIRef  # {label}\n" if label else f"    {name}: URIRef\n")
            placed.add(term)
    return "".join(lines)


_TABLE_HEADER = '''"""The fact types' specs, one row per event class of the ontology, in the ontology's order.

GENERATED FILE: do not edit. Generated from ontology/dipkg.ttl by `python -m kg.vocab_gen`;
kg.fact_types reads it. Row: (fact type, event class, shortcut property, symmetric, acts for, colour).
"""

TABLE: tuple[tuple[str, str, str | None, bool, str, str], ...] = (
'''


def _literal(value: object) -> str:
    """Python source of a table cell, quoted as the formatter quotes it."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def render_fact_types(ontology: Path = ONTOLOGY) -> str:
    """The text of kg/fact_types_table.py: every event class carrying a skos:notation and a
    dip:actsFor, in the order the ontology declares them."""
    text = ontology.read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle")
    dip = Namespace(NAMESPACE)
    rows = []
    for cls in graph.subjects(dip.actsFor, None):
        name = str(graph.value(cls, SKOS.notation))
        shortcut = graph.value(cls, dip.shortcut)
        symmetric = shortcut is not None and (shortcut, RDF.type, OWL.SymmetricProperty) in graph
        local = str(cls)[len(NAMESPACE) :]
        rows.append(
            (
                text.index(f'skos:notation "{name}"'),
                (
                    name,
                    local,
                    str(shortcut)[len(NAMESPACE) :] if shortcut is not None else None,
                    symmetric,
                    str(graph.value(cls, dip.actsFor)),
                    str(graph.value(cls, dip.displayColour)),
                ),
            )
        )
    body = "".join(f"    ({', '.join(_literal(v) for v in row)}),\n" for _, row in sorted(rows))
    return _TABLE_HEADER + body + ")\n"


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    TABLE_TARGET.write_text(render_fact_types(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} and {TABLE_TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
