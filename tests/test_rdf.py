"""Fact <-> RDF: round trips, shortcuts, SHACL conformance, expected Turtle and the reference graph."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import DEV_CORPUS, load_gold
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import PROV, RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from kg.model import FACT_TYPES, MODALITIES, Article, Entity, Fact
from kg.rdf import (
    REFERENCE_GRAPH,
    article_graph,
    article_graph_iri,
    article_id_from_iri,
    article_iri,
    entity_id_from_iri,
    entity_iri,
    fact_iri,
    facts_from_graph,
    reference_graph,
    validate,
)
from kg.reference import load_reference
from kg.vocab import DIP, ID

DATA = Path(__file__).resolve().parent / "data"
A = "sample-2025-01-02"
IRAN = Entity("Iran", "country", "Q794", ("Tehran",), "IRN")
BELARUS = Entity("Belarus", "country", "Q184", ("Minsk",), "BLR")
RUSSIA = Entity("Russia", "country", "Q159", ("Moscow", "Russian"), "RUS")
EAEU = Entity("Eurasian Economic Union", "organization", None, ("EAEU", "EEU"), id="org/EAEU")
THE_WEST = Entity("the West", "bloc", None, ("West", "Western"))
PEZESHKIAN = Entity("Masoud Pezeshkian", "person", None, ("Pezeshkian",), "IRN")
LUKASHENKO = Entity("Aleksandr Lukashenko", "person", "Q7747", ("Lukashenko",), "BLR")
SAMPLE_ARTICLE = Article(
    id=A,
    text="Pezeshkian visited Minsk. He will meet Lukashenko. Belarus exported $60mn to Iran.",
    published="2025-01-02",
    title="Sample article",
)
# The fact set of tests/data/sample_article.ttl.
SAMPLE_FACTS = [
    Fact(A, "visit", PEZESHKIAN, BELARUS, "2025-01-02", "asserted", {"host": "Lukashenko"},
         "Pezeshkian visited Minsk.", 0.9, (0, 25)),
    Fact(A, "meeting", PEZESHKIAN, LUKASHENKO, "2025-01", "planned", {"location": "Minsk"},
         "He will meet Lukashenko.", 0.8, (26, 50)),
    Fact(A, "trade", BELARUS, IRAN, "2024", "asserted",
         {"value": 60000000, "currency": "USD", "period": "2024"}, "Belarus exported $60mn to Iran.", 0.75),
    Fact(A, "accusation", None, IRAN, None, "alleged", {"topic": "drones"}, "", 0.5),
]  # fmt: skip
# One hand-built fact per type, with the attributes the contract gives it.
BY_TYPE = {
    "visit": Fact(A, "visit", PEZESHKIAN, BELARUS, "2025-08-20", attributes={"host": "Aleksandr Lukashenko"}),
    "meeting": Fact(A, "meeting", PEZESHKIAN, LUKASHENKO, "2025-08", attributes={"location": "Belarus"}),
    "position": Fact(A, "position", LUKASHENKO, BELARUS, attributes={"role": "head_of_state"}),
    "membership": Fact(A, "membership", IRAN, EAEU, "2023", "planned", {"status": "observer"}),
    "agreement": Fact(
        A, "agreement", IRAN, BELARUS, attributes={"topic": "road map"}, evidence="Signed.", span=(3, 9)
    ),
    "cooperation": Fact(A, "cooperation", BELARUS, IRAN, attributes={"topic": "food supplies"}),
    "trade": Fact(A, "trade", IRAN, BELARUS, "2024", attributes={"value": 2.5e7, "currency": "EUR"}),
    "support": Fact(A, "support", THE_WEST, BELARUS, evidence="backed", confidence=0.25),
    "opposition": Fact(A, "opposition", PEZESHKIAN, THE_WEST, attributes={"topic": "sanctions"}),
    "accusation": Fact(A, "accusation", None, IRAN, modality="alleged", attributes={"topic": "drones"}),
    "military_aid": Fact(A, "military_aid", IRAN, RUSSIA, attributes={"items": "Shahed drones"}),
    "sanction": Fact(A, "sanction", RUSSIA, IRAN, "2022-02-24", "negated", {"topic": "oil"}),
    "conflict": Fact(A, "conflict", RUSSIA, BELARUS, modality="negated", confidence=1.0),
}


def no_resolve(_name: str) -> None:
    return None


def canonical(fact: Fact) -> str:
    """A fact as comparable JSON: aliases sorted (RDF keeps no order)."""
    data = fact.to_dict()
    for end in ("subject", "object"):
        if data[end]:
            data[end]["aliases"] = sorted(data[end]["aliases"])
    return json.dumps(data, sort_keys=True)


def build(facts: list[Fact], article_id: str = A) -> Graph:
    return article_graph(Article(id=article_id, text="text", published="2025-08-20"), facts, no_resolve)


# --- IRIs -------------------------------------------------------------------------------------


def test_iris_follow_the_team_scheme() -> None:
    assert entity_iri("country/BLR") == URIRef("https://w3id.org/dipkg/id/country/BLR")
    assert entity_iri(PEZESHKIAN) == URIRef("https://w3id.org/dipkg/id/person/masoud-pezeshkian")
    assert article_iri("a-1") == URIRef("https://w3id.org/dipkg/id/article/a-1")
    assert article_graph_iri("a-1") == URIRef("https://w3id.org/dipkg/graph/article/a-1")
    assert REFERENCE_GRAPH == URIRef("https://w3id.org/dipkg/graph/reference")
    fact = BY_TYPE["visit"]
    assert fact_iri(fact) == ID[f"fact/{fact.id}"]


def test_iris_quote_odd_ids_and_invert() -> None:
    iri = article_iri("news 1/ü")
    assert " " not in iri and article_id_from_iri(iri) == "news 1/ü"
    assert article_id_from_iri(article_graph_iri("x")) == "x"
    assert entity_id_from_iri(entity_iri("org/A B")) == "org/A B"
    for bad in ("", "BLR"):
        with pytest.raises(ValueError):
            entity_iri(bad)
    with pytest.raises(ValueError):
        entity_id_from_iri(URIRef("http://example.org/x"))
    with pytest.raises(ValueError):
        article_iri("")


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("fact_type", FACT_TYPES)
def test_round_trip_per_type(fact_type: str) -> None:
    fact = BY_TYPE[fact_type]
    (back,) = facts_from_graph(build([fact]))
    assert back == fact
    assert back.id == fact.id


def test_round_trip_all_types_and_modalities_together() -> None:
    facts = [dataclasses.replace(f, modality=m) for f in BY_TYPE.values() for m in MODALITIES]
    back = facts_from_graph(build(facts))
    assert sorted(map(canonical, back)) == sorted(map(canonical, facts))


def test_round_trip_keeps_symmetric_order_null_subject_number_and_span() -> None:
    meeting = Fact(A, "meeting", LUKASHENKO, PEZESHKIAN, span=(10, 20), evidence="They met.")
    trade = Fact(A, "trade", BELARUS, IRAN, attributes={"value": 1.5, "currency": "USD"})
    accusation = BY_TYPE["accusation"]
    back = {f.type: f for f in facts_from_graph(build([meeting, trade, accusation]))}
    assert back["meeting"].subject == LUKASHENKO and back["meeting"].object == PEZESHKIAN
    assert back["meeting"].span == (10, 20)
    assert back["trade"].attributes["value"] == 1.5
    assert back["accusation"].subject is None


def test_round_trip_of_the_seed_gold(seed_article: Article, seed_facts: list[Fact]) -> None:
    back = facts_from_graph(article_graph(seed_article, seed_facts))
    assert sorted(map(canonical, back)) == sorted(map(canonical, seed_facts))


def test_round_trip_and_conformance_of_the_dev_gold() -> None:
    gold = load_gold(DEV_CORPUS / "gold.jsonl")
    meta = {
        row["article"]: row
        for row in map(json.loads, (DEV_CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    }
    merged = Graph()
    for article_id in sorted({f.article for f in gold}):
        facts = [f for f in gold if f.article == article_id]
        text = (DEV_CORPUS / f"{article_id}.txt").read_text(encoding="utf-8")
        article = Article(id=article_id, text=text, published=meta[article_id]["published"])
        graph = article_graph(article, facts)
        assert sorted(map(canonical, facts_from_graph(graph))) == sorted(map(canonical, facts)), article_id
        merged += graph
    conforms, report = validate(merged)
    assert conforms, report


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@st.composite
def fact_sets(draw: st.DrawFn) -> list[Fact]:
    labels = draw(st.lists(_names, min_size=2, max_size=4, unique=True))
    pool = [
        Entity(label, draw(st.sampled_from(["person", "country", "organization", "bloc"])),
               draw(st.none() | st.from_regex(r"Q[1-9][0-9]{0,5}", fullmatch=True)),
               tuple(sorted(set(draw(st.lists(_names, max_size=3))))),
               draw(st.none() | st.sampled_from(["IRN", "BLR"])), id=f"person/e{i}")
        for i, label in enumerate(labels)
    ]  # fmt: skip
    facts = []
    for _ in range(draw(st.integers(1, 4))):
        attributes = {}
        if draw(st.booleans()):
            attributes["topic"] = draw(_names)
        if draw(st.booleans()):
            attributes["value"] = draw(st.integers(0, 10**15) | st.floats(0, 1e12, allow_nan=False))
        start = draw(st.integers(0, 1000))
        facts.append(
            Fact(
                A,
                draw(st.sampled_from(FACT_TYPES)),
                draw(st.none() | st.sampled_from(pool)),
                draw(st.sampled_from(pool)),
                draw(st.none() | st.from_regex(r"(19|20)[0-9]{2}(-0[1-9](-[12][0-9])?)?", fullmatch=True)),
                draw(st.sampled_from(MODALITIES)),
                attributes,
                draw(st.text(max_size=30)),
                draw(st.floats(0, 1)),
                draw(st.none() | st.just((start, start + 5))),
            )
        )
    return facts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_sets())
def test_round_trip_property(facts: list[Fact]) -> None:
    unique = {f.id: f for f in sorted(facts, key=lambda f: f.confidence)}
    back = facts_from_graph(build(facts))
    assert sorted(map(canonical, back)) == sorted(map(canonical, unique.values()))


# --- the written graph ------------------------------------------------------------------------


def test_sample_graph_is_the_expected_turtle() -> None:
    expected = Graph().parse(DATA / "sample_article.ttl", format="turtle")
    actual = article_graph(SAMPLE_ARTICLE, SAMPLE_FACTS, no_resolve)
    if not isomorphic(actual, expected):
        only_actual = to_isomorphic(actual) - to_isomorphic(expected)
        only_expected = to_isomorphic(expected) - to_isomorphic(actual)
        pytest.fail(
            f"unexpected:\n{only_actual.serialize(format='nt')}\nmissing:\n{only_expected.serialize(format='nt')}"
        )


def test_graphs_bind_the_project_prefixes() -> None:
    prefixes = dict(build([BY_TYPE["visit"]]).namespaces())
    for prefix in ("dip", "prov", "skos", "owl", "wd", "xsd", "rdfs"):
        assert prefix in prefixes
    assert str(prefixes["dip"]) == str(DIP._NS)


def test_shortcuts_only_for_asserted_facts() -> None:
    visit = BY_TYPE["visit"]
    source, target = entity_iri(visit.subject), entity_iri(visit.object)
    assert (source, DIP.visited, target) in build([visit])
    for modality in ("planned", "alleged", "negated"):
        graph = build([dataclasses.replace(visit, modality=modality)])
        assert (source, DIP.visited, target) not in graph
        assert (fact_iri(dataclasses.replace(visit, modality=modality)), DIP.agent, source) in graph


def test_shortcut_directions_by_type_role_and_status() -> None:
    pez, luk, blr, irn = map(entity_iri, (PEZESHKIAN, LUKASHENKO, BELARUS, IRAN))
    eaeu = entity_iri(EAEU)
    facts = [
        Fact(A, "meeting", PEZESHKIAN, LUKASHENKO),
        Fact(A, "position", LUKASHENKO, BELARUS, attributes={"role": "head_of_state"}),
        Fact(A, "position", PEZESHKIAN, IRAN, attributes={"role": "minister"}),
        Fact(A, "membership", BELARUS, EAEU, attributes={"status": "member"}),
        Fact(A, "membership", IRAN, EAEU, attributes={"status": "applicant"}),
        Fact(A, "accusation", None, IRAN),
    ]
    graph = build(facts)
    assert (pez, DIP.met, luk) in graph and (luk, DIP.met, pez) in graph
    assert (blr, DIP.headOfState, luk) in graph and (luk, DIP.holdsPositionIn, blr) in graph
    assert (pez, DIP.holdsPositionIn, irn) in graph and (irn, DIP.headOfState, pez) not in graph
    assert (blr, DIP.memberOf, eaeu) in graph
    assert not set(graph.triples((irn, None, eaeu)))
    assert not set(graph.triples((None, DIP.accused, irn)))


def test_written_facts_conform(seed_article: Article, seed_facts: list[Fact]) -> None:
    graph = article_graph(seed_article, seed_facts) + build(list(BY_TYPE.values()))
    conforms, report = validate(graph)
    assert conforms, report


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda g, n: g.remove((n, DIP.target, None)), "MinCount"),
        (lambda g, n: g.set((n, DIP.confidence, Literal(1.5))), "confidence"),
        (lambda g, n: g.set((n, DIP.modality, DIP.Member)), "modality"),
        (lambda g, n: g.set((n, DIP.target, entity_iri(PEZESHKIAN))), "a visit's target is a country"),
        (lambda g, n: g.remove((n, PROV.wasDerivedFrom, None)), "wasDerivedFrom"),
        (lambda g, n: g.add((n, DIP.factType, Literal("trade"))), "factType"),
        (lambda g, n: g.set((n, DIP.evidenceStart, Literal(99))), "LessThanOrEquals"),
    ],
)
def test_a_broken_fact_node_is_reported(breakage, message: str) -> None:
    visit = Fact(A, "visit", PEZESHKIAN, BELARUS, evidence="Visit.", span=(5, 11))
    graph = build([visit])
    breakage(graph, fact_iri(visit))
    conforms, report = validate(graph)
    assert not conforms
    assert message in report


def test_a_bad_trade_currency_or_value_is_reported() -> None:
    trade = BY_TYPE["trade"]
    for prop, value in ((DIP.currency, Literal("usd")), (DIP.value, Literal(-1))):
        graph = build([trade])
        graph.set((fact_iri(trade), prop, value))
        assert not validate(graph)[0]


def test_article_without_date_is_only_a_warning() -> None:
    graph = article_graph(Article(id="x", text="t"), [])
    conforms, report = validate(graph)
    assert conforms and "Warning" in report and "publication date" in report


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (Fact("other", "visit", PEZESHKIAN, BELARUS), "article"),
        (Fact(A, "visit", PEZESHKIAN, BELARUS, attributes={"colour": "red"}), "unknown attribute"),
        (Fact(A, "position", PEZESHKIAN, IRAN, attributes={"role": "king"}), "unknown role"),
        (Fact(A, "membership", IRAN, EAEU, attributes={"status": 1}), "must be a string"),
        (Fact(A, "trade", IRAN, BELARUS, attributes={"value": "lots"}), "must be a number"),
        (Fact(A, "trade", IRAN, BELARUS, attributes={"value": True}), "must be a number"),
        (Fact(A, "visit", PEZESHKIAN, BELARUS, date="August 2025"), "YYYY-MM-DD"),
    ],
)
def test_bad_facts_get_a_clear_error(fact: Fact, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build([fact])


def test_duplicate_facts_are_written_once_keeping_the_most_confident() -> None:
    low, high = BY_TYPE["visit"], dataclasses.replace(BY_TYPE["visit"], confidence=0.9)
    (back,) = facts_from_graph(build([high, low]))
    assert back.confidence == 0.9


def test_meeting_location_links_through_the_reference() -> None:
    fact = Fact(A, "meeting", PEZESHKIAN, LUKASHENKO, attributes={"location": "Kazakhstan"})
    graph = article_graph(Article(id=A, text="t"), [fact])
    kaz = entity_iri("country/KAZ")
    assert (fact_iri(fact), DIP.location, kaz) in graph
    assert (kaz, RDF.type, DIP.Country) in graph
    assert facts_from_graph(graph)[0].attributes == {"location": "Kazakhstan"}


# --- the reference graph ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> Graph:
    return reference_graph(load_reference())


def test_reference_graph_conforms(reference: Graph) -> None:
    conforms, report = validate(reference)
    assert conforms, report


def test_reference_graph_knows_eaeu_members(reference: Graph) -> None:
    members = {entity_id_from_iri(s) for s in reference.subjects(DIP.memberOf, entity_iri("org/EAEU"))}
    assert {"country/RUS", "country/BLR", "country/KAZ", "country/ARM", "country/KGZ"} <= members
    memberships = set(reference.subjects(DIP.target, entity_iri("org/EAEU")))
    assert memberships and all((m, RDF.type, DIP.Membership) in reference for m in memberships)


def test_reference_records_are_not_facts(reference: Graph) -> None:
    assert not set(reference.subjects(RDF.type, DIP.Fact))
    assert facts_from_graph(reference) == []
    sources = set(reference.objects(None, PROV.wasDerivedFrom))
    assert sources == {ID["dataset/reference"]}
    assert (ID["dataset/reference"], RDF.type, DIP.Dataset) in reference


def test_reference_countries_carry_codes_and_wikidata(reference: Graph) -> None:
    blr = entity_iri("country/BLR")
    assert str(reference.value(blr, DIP.iso2)) == "BY" and str(reference.value(blr, DIP.iso3)) == "BLR"
    assert (
        blr,
        URIRef("http://www.w3.org/2002/07/owl#sameAs"),
        URIRef("http://www.wikidata.org/entity/Q184"),
    ) in reference
    assert Literal("Minsk") in set(reference.objects(blr, DIP.capital))


def test_reference_shortcuts_only_for_current_terms(reference: Graph) -> None:
    ref = load_reference()
    for holder in ref.office_holders:
        if holder.role != "head_of_state":
            continue
        triple = (
            entity_iri(f"country/{holder.country}"),
            DIP.headOfState,
            entity_iri(ref.person_entity(holder.person)),
        )
        current = any(
            h.end is None for h in ref.holders(holder.country, "head_of_state") if h.person == holder.person
        )
        assert (triple in reference) == current, holder


def test_round_trip_through_oxigraph_keeps_values_and_ids(
    seed_article: Article, seed_facts: list[Fact]
) -> None:
    """Oxigraph canonicalises numbers ("1.0" -> "1"): types and fact ids must survive it."""
    trades = [
        dataclasses.replace(BY_TYPE["trade"], attributes={"value": 60000000.0, "currency": "USD"}),
        dataclasses.replace(BY_TYPE["trade"], attributes={"value": 60000000}, confidence=1.0),
    ]
    for article, facts in ((seed_article, seed_facts), (Article(id=A, text="t"), trades)):
        stored = Graph(store="Oxigraph")
        for triple in article_graph(article, facts):
            stored.add(triple)
        back = facts_from_graph(stored)
        assert sorted(map(canonical, back)) == sorted(map(canonical, facts))
        assert {f.id for f in back} == {f.id for f in facts}
    assert {type(f.attributes["value"]) for f in back} == {int, float}


def test_reading_a_malformed_fact_node_is_a_clear_error() -> None:
    fact = BY_TYPE["visit"]
    graph = build([fact])
    graph.remove((fact_iri(fact), DIP.modality, None))
    with pytest.raises(ValueError, match="modality"):
        facts_from_graph(graph)
    graph = build([fact])
    graph.remove((entity_iri(fact.object), None, None))
    with pytest.raises(ValueError, match="no kind or label"):
        facts_from_graph(graph)


def test_article_node_carries_intake_metadata() -> None:
    article = Article(
        id="astana-1",
        text="Leaders met.",
        published="2024-07-04",
        title="Summit",
        source="news/astana-1.txt",
        dateline_place="ASTANA",
        warnings=["no byline"],
        dateline="ASTANA, July 3 (Reuters) -",
        dateline_date="2024-07-03",
    )
    graph = article_graph(article, [])
    node = article_iri("astana-1")
    assert str(graph.value(node, DIP.sourcePath)) == "news/astana-1.txt"
    assert str(graph.value(node, DIP.datelinePlace)) == "ASTANA"
    assert str(graph.value(node, DIP.dateline)) == "ASTANA, July 3 (Reuters) -"
    assert graph.value(node, DIP.datelineDate) == Literal("2024-07-03", datatype=XSD.date)
    assert str(graph.value(node, DIP.warning)) == "no byline"
    assert str(graph.value(node, DIP.text)) == "Leaders met."
    assert validate(graph)[0]


def test_an_entity_named_with_different_aliases_keeps_them_all() -> None:
    short = dataclasses.replace(IRAN, aliases=("Tehran",))
    long = dataclasses.replace(IRAN, aliases=("Iranian", "Tehran"))
    facts = [Fact(A, "support", short, BELARUS), Fact(A, "sanction", RUSSIA, long)]
    back = facts_from_graph(build(facts))
    assert {f.type: (f.subject if f.type == "support" else f.object).aliases for f in back} == {
        "support": ("Iranian", "Tehran"),
        "sanction": ("Iranian", "Tehran"),
    }
