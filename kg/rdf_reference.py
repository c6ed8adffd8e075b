"""The reference knowledge (kg.reference) as RDF: the triples of the reference named graph.

Reference memberships and office tenures use the event classes of extracted facts, but they are
not dip:Fact nodes: they are prov:wasDerivedFrom the reference dataset, never from an article,
so a user can always tell "the text said so" from "we knew it beforehand".
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from rdflib import PROV, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.model import entity_id
from kg.names import name_keys
from kg.ontology import vocabulary
from kg.rdf import date_literal, describe_entity, entity_iri, new_graph, shortcut_triples
from kg.vocab import DIP, ID

if TYPE_CHECKING:
    from kg.reference import Membership, OfficeHolder, Reference

DATASET = ID["dataset/reference"]
DATASET_NOTE = (
    "Curated tables in ontology/reference/ (countries, organisations, blocs, memberships, office "
    "holders; sources in ontology/reference/SOURCES.md). ISO 3166-1 codes via pycountry; Wikidata ids "
    "where known."
)


def _segment(*parts: str | None) -> str:
    return "/".join(quote(p or "unknown", safe="-._~") for p in parts)


def reference_graph(ref: Reference) -> Graph:
    """Countries, organisations, blocs, persons, memberships and tenures, with current shortcuts."""
    graph = new_graph()
    graph.add((DATASET, RDF.type, DIP.Dataset))
    graph.add((DATASET, RDFS.label, Literal("dipkg reference data")))
    graph.add((DATASET, DIP.sourceNote, Literal(DATASET_NOTE)))

    for key, country in ref.countries.items():
        node = describe_entity(graph, ref.country_entity(key))
        for prop, value in (
            (DIP.iso3, country.iso3),
            (DIP.iso2, country.iso2),
            (DIP.officialName, country.official_name),
            (DIP.unStatus, country.un_status),
        ):
            if value:
                graph.add((node, prop, Literal(value)))
        for prop, values in (
            (DIP.demonym, country.demonyms),
            (DIP.capital, country.capitals),
            (DIP.seatOfGovernment, country.seats),
        ):
            for value in values:
                graph.add((node, prop, Literal(value)))
    for key, org in ref.organizations.items():
        node = describe_entity(graph, ref.org_entity(key))
        # All-capital aliases are abbreviations (EAEU, EEU); others stay skos:altLabel only.
        for alias in org.aliases:
            if not any(c.islower() for c in alias):
                graph.add((node, DIP.abbreviation, Literal(alias)))
        if org.note:
            graph.add((node, RDFS.comment, Literal(org.note)))
    for key, bloc in ref.blocs.items():
        node = describe_entity(graph, ref.bloc_entity(key))
        if bloc.note:
            graph.add((node, RDFS.comment, Literal(bloc.note)))
    for person in dict.fromkeys(h.person for h in ref.office_holders):
        entity = ref.person_entity(person)
        if entity is not None:
            describe_entity(graph, entity)

    _add_name_keys(graph)
    for membership in ref.memberships:
        _add_membership(graph, membership)
    for holder in ref.office_holders:
        _add_tenure(graph, holder)
    return graph


def _add_name_keys(graph: Graph) -> None:
    """Search keys (kg.names) of every actor's label, aliases and codes, so search looks names up."""
    kinds = set(vocabulary().kind_class.values())
    actors = {s for s, o in graph.subject_objects(RDF.type) if o in kinds}
    for node in actors:
        names = [str(o) for p in (RDFS.label, SKOS.altLabel, DIP.iso3) for o in graph.objects(node, p)]
        for key in name_keys(names):
            graph.add((node, DIP.nameKey, Literal(key)))


def _add_membership(graph: Graph, m: Membership) -> None:
    member = entity_iri(entity_id("organization" if m.member_kind == "organization" else "country", m.member))
    org = entity_iri(entity_id("organization", m.org))
    node = ID["reference/membership/" + _segment(m.org, m.member, m.status, m.since)]
    _add_event(graph, node, DIP.Membership, member, org, m.note)
    graph.add((node, DIP.status, vocabulary().status[m.status]))
    if m.since:
        graph.add((node, DIP.since, date_literal(m.since)))
    if m.until:
        graph.add((node, DIP.until, date_literal(m.until)))
    else:
        for triple in shortcut_triples("membership", member, org, {"status": m.status}):
            graph.add(triple)


def _add_tenure(graph: Graph, h: OfficeHolder) -> None:
    person = entity_iri(entity_id("person", h.person))
    country = entity_iri(entity_id("country", h.country))
    node = ID["reference/tenure/" + _segment(entity_id("person", h.person), h.country, h.role, h.start)]
    _add_event(graph, node, DIP.PositionTenure, person, country, h.note)
    graph.add((node, DIP.role, vocabulary().role[h.role]))
    graph.add((node, DIP.start, date_literal(h.start)))
    if h.end:
        graph.add((node, DIP.end, date_literal(h.end)))
    else:
        for triple in shortcut_triples("position", person, country, {"role": h.role}):
            graph.add(triple)


def _add_event(
    graph: Graph, node: URIRef, cls: URIRef, agent: URIRef, target: URIRef, note: str | None
) -> None:
    graph.add((node, RDF.type, DIP.Event))
    graph.add((node, RDF.type, cls))
    graph.add((node, DIP.agent, agent))
    graph.add((node, DIP.target, target))
    graph.add((node, PROV.wasDerivedFrom, DATASET))
    if note:
        graph.add((node, RDFS.comment, Literal(note)))
