"""Generate kg/vocab.py (the DIP rdflib DefinedNamespace) from ontology/dipkg.ttl.

The ontology is the single source of the vocabulary: code uses ``DIP.Visit``, never a hand-typed
IRI, and a misspelt term fails at import. Run ``python -m kg.vocab_gen`` after editing the ontology;
tests/test_ontology.py fails while kg/vocab.py is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "dipkg.ttl"
TARGET = Path(__file__).resolve().parent / "vocab.py"
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


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
