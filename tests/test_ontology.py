"""The ontology and shapes: parse, cover the contract, document every term, and match kg/vocab.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kg import vocab_gen
from kg.model import ENTITY_KINDS, FACT_TYPES, MEMBERSHIP_STATUSES, MODALITIES, ROLES
from kg.ontology import ONTOLOGY_FILE, SHAPES_FILE, ontology, shapes, validate, vocabulary
from kg.vocab import CAMEO, DIP, ONTOLOGY_IRI, PLOVER, WD

SH = Namespace("http://www.w3.org/ns/shacl#")
NS = str(DIP._NS)


@pytest.fixture(scope="module")
def ont() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def dip_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_header_has_version_licence_and_description(ont: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ont
    assert ont.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert str(ont.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"))).endswith("MIT")
    assert ont.value(ONTOLOGY_IRI, RDFS.comment) is not None


def test_every_fact_type_has_an_event_class(ont: Graph) -> None:
    classes = vocabulary().fact_class
    assert set(classes) == set(FACT_TYPES)
    for fact_type, cls in classes.items():
        assert (cls, RDF.type, OWL.Class) in ont, fact_type
        assert (cls, RDFS.subClassOf, DIP.Event) in ont, fact_type
    assert (DIP.Fact, RDFS.subClassOf, DIP.Event) in ont
    assert (DIP.Event, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ont


def test_value_sets_match_the_contract() -> None:
    v = vocabulary()
    assert set(v.kind_class) == set(ENTITY_KINDS)
    assert set(v.modality) == set(MODALITIES)
    assert set(v.role) == set(ROLES)
    assert set(v.status) == set(MEMBERSHIP_STATUSES)
    assert v.modality["asserted"] == DIP.Asserted and v.role["head_of_state"] == DIP.HeadOfState


def test_every_term_has_label_and_comment(ont: Graph) -> None:
    terms = dip_terms(ont)
    assert len(terms) > 80
    missing = [t for t in terms if ont.value(t, RDFS.label) is None or ont.value(t, RDFS.comment) is None]
    assert missing == []


def test_every_term_is_declared(ont: Graph) -> None:
    untyped = [t for t in dip_terms(ont) if ont.value(t, RDF.type) is None]
    assert untyped == []


def test_event_classes_are_aligned_with_cameo_plover_or_wikidata(ont: Graph) -> None:
    for fact_type, cls in vocabulary().fact_class.items():
        matches = [*ont.objects(cls, SKOS.exactMatch), *ont.objects(cls, SKOS.closeMatch)]
        if fact_type == "trade":  # no CAMEO/PLOVER category: a trade flow is an observation
            continue
        assert matches, fact_type
        for concept in matches:
            assert str(concept).startswith((str(CAMEO), str(PLOVER), str(WD)))
            if not str(concept).startswith(str(WD)):
                assert (concept, RDF.type, SKOS.Concept) in ont and ont.value(concept, SKOS.notation)
    assert (DIP.Visit, SKOS.exactMatch, CAMEO["042"]) in ont
    assert (DIP.memberOf, SKOS.exactMatch, WD.P463) in ont
    assert (DIP.headOfState, SKOS.exactMatch, WD.P35) in ont
    assert (DIP.headOfGovernment, SKOS.exactMatch, WD.P6) in ont
    assert (DIP.diplomaticRelation, SKOS.exactMatch, WD.P530) in ont


def test_vocab_module_is_up_to_date() -> None:
    generated = vocab_gen.render()
    current = Path(vocab_gen.TARGET).read_text(encoding="utf-8")
    assert generated == current, "kg/vocab.py is stale: run `python -m kg.vocab_gen`"


def test_fact_type_table_is_up_to_date() -> None:
    generated = vocab_gen.render_fact_types()
    current = Path(vocab_gen.TABLE_TARGET).read_text(encoding="utf-8")
    assert generated == current, "kg/fact_types_table.py is stale: run `python -m kg.vocab_gen`"


def test_fact_type_specs_follow_the_ontology(ont: Graph) -> None:
    from kg.fact_types import SPECS

    # the contract's types, in the contract's order (facts.md)
    assert list(SPECS) == [
        "visit", "meeting", "position", "membership", "agreement", "cooperation", "trade",
        "support", "opposition", "accusation", "military_aid", "sanction", "conflict",
    ]  # fmt: skip
    for name, spec in SPECS.items():
        cls = DIP[spec.event_class]
        assert (cls, SKOS.notation, Literal(name)) in ont
        assert spec.acts_for in ("persons", "states", "any")
        assert spec.colour.startswith("#") and len(spec.colour) == 7
        if spec.shortcut is not None:
            prop = DIP[spec.shortcut]
            assert (prop, RDF.type, OWL.ObjectProperty) in ont
            assert spec.symmetric == ((prop, RDF.type, OWL.SymmetricProperty) in ont)
    assert {n for n, s in SPECS.items() if s.symmetric} == {"meeting", "agreement", "cooperation", "conflict"}
    assert {n for n, s in SPECS.items() if s.acts_for == "persons"} == {"support", "opposition", "accusation"}


def test_vocab_names_every_term_and_rejects_unknown_ones(ont: Graph) -> None:
    for term in dip_terms(ont):
        assert getattr(DIP, str(term)[len(NS) :]) == term
    with pytest.raises(AttributeError):
        _ = DIP.visitedd


def test_vocab_gen_refuses_a_term_that_is_no_identifier(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(f'<{NS}not-a-name> <{RDFS.label}> "x" .\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a Python identifier"):
        vocab_gen.render(bad)


def test_shapes_parse_and_cover_every_event_class() -> None:
    graph = Graph().parse(SHAPES_FILE, format="turtle")
    targets = set(graph.objects(None, SH.targetClass))
    assert set(vocabulary().fact_class.values()) <= targets
    assert {DIP.Fact, DIP.Article, DIP.Country} <= targets
    # Every dip: term the shapes mention exists in the ontology.
    mentioned = {t for t in graph.all_nodes() if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert mentioned <= dip_terms(ontology())


def test_cached_graphs_are_the_files_even_after_validation() -> None:
    validate(Graph())
    assert len(ontology()) == len(Graph().parse(ONTOLOGY_FILE, format="turtle"))
    assert len(shapes()) == len(Graph().parse(SHAPES_FILE, format="turtle"))
