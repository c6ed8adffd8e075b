"""Fact <-> RDF under the dipkg ontology: one event node per fact, shortcut triples, PROV provenance.

`article_graph` writes the triples of one article's named graph (self-contained: the article, its
facts and the entities they name); `facts_from_graph` reads them back. Terms come from kg.vocab,
value sets (fact types, modalities, roles, statuses) from the skos:notation of the ontology.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote, unquote

from rdflib import OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.fact_types import SPECS
from kg.model import Article, Entity, Fact, entity_id
from kg.ontology import validate, vocabulary
from kg.vocab import DIP, GRAPH, ID, REFERENCE_GRAPH, WD

__all__ = [
    "REFERENCE_GRAPH",
    "article_graph",
    "article_graph_iri",
    "article_iri",
    "content_hash",
    "entity_id_from_iri",
    "entity_iri",
    "fact_iri",
    "facts_from_graph",
    "new_graph",
    "reference_graph",
    "validate",
]

EXTRACTOR = ID["agent/dipkg-extractor"]
ATTRIBUTES = ("host", "location", "role", "status", "topic", "value", "currency", "period", "items")
TEXT_ATTRIBUTES = {"topic": DIP.topic, "currency": DIP.currency, "period": DIP.period, "items": DIP.items}
_DATE_TYPES: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)

# Office role -> (property, True if it runs country -> person as Wikidata P35/P6 do).
_ROLE_SHORTCUTS = {
    "head_of_state": (DIP.headOfState, True),
    "head_of_government": (DIP.headOfGovernment, True),
    "foreign_minister": (DIP.foreignMinisterOf, False),
}
_STATUS_SHORTCUTS = {"member": DIP.memberOf, "observer": DIP.observerOf, "partner": DIP.partnerOf}


# --- IRIs -------------------------------------------------------------------------------------


def entity_iri(entity_or_id: Entity | str) -> URIRef:
    """IRI of an entity, or of a local id such as ``country/BLR`` or ``person/masoud-pezeshkian``."""
    local = entity_or_id.id if isinstance(entity_or_id, Entity) else entity_or_id
    if not local or "/" not in local:
        raise ValueError(f"not an entity id: {local!r} (expected e.g. 'country/BLR')")
    return ID[quote(local, safe="/-._~")]


def entity_id_from_iri(iri: Node) -> str:
    """Inverse of `entity_iri`: the local id of an entity IRI."""
    text = str(iri)
    if not text.startswith(str(ID)):
        raise ValueError(f"not a dipkg resource IRI: {text}")
    return unquote(text[len(str(ID)) :])


def fact_iri(fact: Fact) -> URIRef:
    """IRI of a fact's event node (stable: see `Fact.id`)."""
    return ID[f"fact/{fact.id}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{_quote_id(article_id)}"]


def article_graph_iri(article_id: str) -> URIRef:
    """Name of the graph holding one article's triples."""
    return GRAPH[f"article/{_quote_id(article_id)}"]


def article_id_from_iri(iri: Node) -> str:
    """Inverse of `article_iri` (and of `article_graph_iri`)."""
    text = str(iri)
    for base in (str(ID["article/"]), str(GRAPH["article/"])):
        if text.startswith(base):
            return unquote(text[len(base) :])
    raise ValueError(f"not an article IRI: {text}")


def _quote_id(article_id: str) -> str:
    if not article_id:
        raise ValueError("an article id must not be empty")
    return quote(article_id, safe="-._~")


# --- literals ---------------------------------------------------------------------------------


def date_literal(value: str) -> Literal:
    """An ISO date as precise as given: xsd:date, xsd:gYearMonth or xsd:gYear."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            try:  # a real calendar date, else rdflib logs a conversion error for the literal
                dt.date.fromisoformat(value + "-01-01"[: 10 - len(value)])
            except ValueError:
                break
            return Literal(value, datatype=datatype)
    raise ValueError(f"date {value!r} is not a valid YYYY-MM-DD, YYYY-MM or YYYY")


def decimal_literal(value: Any, what: str) -> Literal:
    """A number as xsd:integer (an int) or xsd:decimal (a float).

    The datatype, unlike the lexical form, survives stores that canonicalise numbers (Oxigraph
    writes "60000000.0"^^xsd:decimal back as "60000000"), so reading gives the same Python type
    and hence the same `Fact.id`.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, not {value!r}")
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    number = Decimal(repr(value))
    if not number.is_finite():
        raise ValueError(f"{what} must be finite, not {value!r}")
    return Literal(format(number, "f"), datatype=XSD.decimal)


# --- writing ----------------------------------------------------------------------------------


def content_hash(article: Article) -> str:
    """SHA-256 of what an article says (clean text, title, publication date): equal for a re-ingest."""
    raw = "\x1f".join((article.text, article.title or "", article.published or ""))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in (("dip", DIP._NS), ("prov", PROV), ("skos", SKOS), ("owl", OWL)):
        graph.bind(prefix, namespace)
    graph.bind("wd", WD)
    graph.bind("xsd", XSD)
    graph.bind("rdfs", RDFS)
    return graph


def describe_entity(graph: Graph, entity: Entity, *, full: bool = True) -> URIRef:
    """Type, label, Wikidata link and (if ``full``) aliases and country of an entity."""
    node = entity_iri(entity)
    graph.add((node, RDF.type, vocabulary().kind_class[entity.kind]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    if entity.qid:
        graph.add((node, DIP.qid, Literal(entity.qid)))
        graph.add((node, OWL.sameAs, WD[entity.qid]))
    if full:
        for alias in entity.aliases:
            graph.add((node, SKOS.altLabel, Literal(alias)))
        if entity.country:
            graph.add((node, DIP.country, entity_iri(entity_id("country", entity.country))))
    return node


def shortcut_triples(
    fact_type: str, agent: URIRef, target: URIRef, attributes: dict[str, Any]
) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The direct triples an asserted relation of ``fact_type`` implies (also used for reference data)."""
    spec = SPECS[fact_type]
    triples: list[tuple[URIRef, URIRef, URIRef]] = []
    if spec.shortcut is not None:  # the ontology's dip:shortcut of the type's event class
        shortcut: URIRef = getattr(DIP, spec.shortcut)
        triples.append((agent, shortcut, target))
        if spec.symmetric:  # both directions, since SPARQL users get no OWL reasoning
            triples.append((target, shortcut, agent))
    if fact_type == "position" and attributes.get("role") in _ROLE_SHORTCUTS:
        prop, country_first = _ROLE_SHORTCUTS[attributes["role"]]
        triples.append((target, prop, agent) if country_first else (agent, prop, target))
    if fact_type == "membership" and attributes.get("status") in _STATUS_SHORTCUTS:
        triples.append((agent, _STATUS_SHORTCUTS[attributes["status"]], target))
    return triples


Resolver = Callable[[str], Entity | None]


def _default_resolver() -> Resolver:
    from kg.reference import load_reference

    return load_reference().resolve


def article_graph(article: Article, facts: list[Fact], resolve: Resolver | None = None) -> Graph:
    """The triples of one article's named graph: the article, an event node per fact, entities, shortcuts.

    ``resolve`` links a visit's host and a meeting's location named outside the facts' entities
    (default: the reference data's name lookup). Facts with equal `Fact.id` are written once (the
    most confident). Raises ValueError for a fact of another article or an invalid attribute.
    """
    graph = new_graph()
    article_node = article_iri(article.id)
    graph.add((article_node, RDF.type, DIP.Article))
    graph.add((article_node, DIP.articleId, Literal(article.id)))
    for prop, value in (
        (DIP.title, article.title),
        (RDFS.label, article.title),
        (DIP.text, article.text),
        (DIP.sourcePath, article.source),
        (DIP.datelinePlace, article.dateline_place),
        (DIP.dateline, article.dateline),
    ):
        if value:
            graph.add((article_node, prop, Literal(value)))
    for prop, day in ((DIP.published, article.published), (DIP.datelineDate, article.dateline_date)):
        if day:
            graph.add((article_node, prop, date_literal(day)))
    for warning in article.warnings:
        graph.add((article_node, DIP.warning, Literal(warning)))
    graph.add((article_node, DIP.contentHash, Literal(content_hash(article))))

    unique: dict[str, Fact] = {}
    for fact in facts:
        if fact.article != article.id:
            raise ValueError(f"fact of article {fact.article!r} given for article {article.id!r}")
        kept = unique.get(fact.id)
        if kept is None or fact.confidence > kept.confidence:
            unique[fact.id] = fact
    if unique:
        graph.add((EXTRACTOR, RDF.type, PROV.SoftwareAgent))
        graph.add((EXTRACTOR, RDFS.label, Literal("dipkg extractor")))

    entities = list(dict.fromkeys(e for f in unique.values() for e in (f.subject, f.object) if e is not None))
    # Every variant is described: an entity named with different aliases in two facts gets them all.
    for entity in entities:
        describe_entity(graph, entity)
    participants = {e.id: e for e in entities}
    linker = _Linker(graph, participants, resolve)
    for fact in unique.values():
        _add_fact(graph, fact, article_node, linker)
    return graph


class _Linker:
    """Links a host or location name to a participant entity, else to a resolved one (described briefly)."""

    def __init__(self, graph: Graph, participants: dict[str, Entity], resolve: Resolver | None) -> None:
        self.graph = graph
        self.participants = participants
        self.resolve = resolve

    def link(self, name: str, kind: str) -> URIRef | None:
        wanted = name.casefold()
        for entity in self.participants.values():
            if entity.kind == kind and wanted in {n.casefold() for n in (entity.label, *entity.aliases)}:
                return entity_iri(entity)
        if self.resolve is None:
            self.resolve = _default_resolver()
        found = self.resolve(name)
        if found is None or found.kind != kind:
            return None
        if found.id in self.participants:
            return entity_iri(found)
        # Not a participant: type and label only, so participants' descriptions stay exact.
        return describe_entity(self.graph, found, full=False)


def _add_fact(graph: Graph, fact: Fact, article_node: URIRef, linker: _Linker) -> None:
    vocab = vocabulary()
    node = fact_iri(fact)
    graph.add((node, RDF.type, DIP.Fact))
    graph.add((node, RDF.type, vocab.fact_class[fact.type]))
    graph.add((node, DIP.factType, Literal(fact.type)))
    graph.add((node, DIP.modality, vocab.modality[fact.modality]))
    graph.add((node, DIP.confidence, decimal_literal(fact.confidence, "confidence")))
    graph.add((node, PROV.wasDerivedFrom, article_node))
    graph.add((node, DIP.extractedBy, EXTRACTOR))
    if fact.date:
        graph.add((node, DIP.date, date_literal(fact.date)))
    if fact.evidence:
        graph.add((node, DIP.evidenceText, Literal(fact.evidence)))
    if fact.span:
        start, end = fact.span
        graph.add((node, DIP.evidenceStart, Literal(int(start))))
        graph.add((node, DIP.evidenceEnd, Literal(int(end))))
    ends: list[URIRef | None] = []
    for prop, entity in ((DIP.agent, fact.subject), (DIP.target, fact.object)):
        iri = entity_iri(entity) if entity else None
        ends.append(iri)
        if iri is not None:
            graph.add((node, prop, iri))
            if fact.symmetric:
                graph.add((node, DIP.participant, iri))
    for key, value in fact.attributes.items():
        _add_attribute(graph, node, key, value, linker)
    agent, target = ends
    if fact.modality == "asserted" and agent is not None and target is not None:
        for triple in shortcut_triples(fact.type, agent, target, fact.attributes):
            graph.add(triple)


def _add_attribute(graph: Graph, node: URIRef, key: str, value: Any, linker: _Linker) -> None:
    vocab = vocabulary()
    if key == "value":
        graph.add((node, DIP.value, decimal_literal(value, "value")))
        return
    if not isinstance(value, str):
        raise ValueError(f"attribute {key!r} must be a string, not {value!r}")
    if key in TEXT_ATTRIBUTES:
        graph.add((node, TEXT_ATTRIBUTES[key], Literal(value)))
    elif key in ("role", "status"):
        terms = vocab.role if key == "role" else vocab.status
        if value not in terms:
            raise ValueError(f"unknown {key} {value!r}; expected one of {', '.join(terms)}")
        graph.add((node, DIP.role if key == "role" else DIP.status, terms[value]))
    elif key in ("host", "location"):
        # Keep the reported name verbatim (the round trip needs it) and link it where possible.
        name_prop, link_prop, kind = (
            (DIP.hostName, DIP.host, "person")
            if key == "host"
            else (DIP.locationName, DIP.location, "country")
        )
        graph.add((node, name_prop, Literal(value)))
        linked = linker.link(value, kind)
        if linked is not None:
            graph.add((node, link_prop, linked))
    else:
        raise ValueError(f"unknown attribute {key!r}; expected one of {', '.join(ATTRIBUTES)}")


# --- reading and reference data (in their own modules, kept small) --------------------------


def facts_from_graph(graph: Any) -> list[Fact]:
    """The facts of the dip:Fact nodes of ``graph``: the inverse of `article_graph`.

    ``graph`` is an rdflib Graph or a kg.rdf_read.TripleIndex. Expects article graphs (not the
    reference graph merged in). Aliases come back sorted (RDF has no order); facts are ordered by
    article, evidence offset and id. Raises ValueError for a fact node that lacks its article,
    type, modality or confidence, or names an undescribed entity.
    """
    from kg.rdf_read import facts_from_graph as read

    return read(graph)


def reference_graph(ref: Any) -> Graph:
    """The reference knowledge (a kg.reference.Reference) as the triples of the reference graph."""
    from kg.rdf_reference import reference_graph as build

    return build(ref)
