"""Reading facts back from article graphs: the inverse of kg.rdf.article_graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from rdflib import PROV, RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.term import Node

from kg.model import Entity, Fact
from kg.ontology import Vocabulary, vocabulary
from kg.rdf import TEXT_ATTRIBUTES, article_id_from_iri, entity_id_from_iri
from kg.vocab import DIP, ID


class TripleIndex:
    """The part of rdflib.Graph's reading API this module uses, over two dicts.

    Building an rdflib Graph costs more than reading a page of facts from the store; this costs
    one dict entry per triple.
    """

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self._by_subject: dict[tuple[Node, Node], dict[Node, None]] = {}
        self._by_object: dict[tuple[Node, Node], dict[Node, None]] = {}
        for s, p, o in triples:
            self._by_subject.setdefault((s, p), {})[o] = None
            self._by_object.setdefault((p, o), {})[s] = None

    def value(self, subject: Node, predicate: Node) -> Node | None:
        return next(iter(self._by_subject.get((subject, predicate), ())), None)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._by_subject.get((subject, predicate), ()))

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]:  # noqa: A002
        return iter(self._by_object.get((predicate, object), ()))


def facts_from_graph(graph: Graph | TripleIndex) -> list[Fact]:
    """The facts of the dip:Fact nodes of ``graph`` (the inverse of `article_graph`).

    Expects article graphs (not the reference graph merged in). Aliases come back sorted (RDF has
    no order); facts are ordered by article, evidence offset and id.
    """
    vocab = vocabulary()
    modalities = Vocabulary.inverse(vocab.modality)
    roles, statuses = Vocabulary.inverse(vocab.role), Vocabulary.inverse(vocab.status)
    facts = []
    for node in set(graph.subjects(RDF.type, DIP.Fact)):
        articles = [o for o in graph.objects(node, PROV.wasDerivedFrom) if str(o).startswith(ID["article/"])]
        fact_type, modality = graph.value(node, DIP.factType), graph.value(node, DIP.modality)
        confidence = graph.value(node, DIP.confidence)
        if not articles or fact_type is None or modality not in modalities or confidence is None:
            raise ValueError(f"fact node {node} lacks its article, type, modality or confidence")
        attributes: dict[str, Any] = {}
        for key, prop in (("host", DIP.hostName), ("location", DIP.locationName), *TEXT_ATTRIBUTES.items()):
            if (literal := graph.value(node, prop)) is not None:
                attributes[key] = str(literal)
        if (literal := graph.value(node, DIP.value)) is not None:
            attributes["value"] = _number(literal)
        if (role := graph.value(node, DIP.role)) is not None:
            attributes["role"] = roles[role]
        if (status := graph.value(node, DIP.status)) is not None:
            attributes["status"] = statuses[status]
        start, end = graph.value(node, DIP.evidenceStart), graph.value(node, DIP.evidenceEnd)
        date, evidence = graph.value(node, DIP.date), graph.value(node, DIP.evidenceText)
        facts.append(
            Fact(
                article=article_id_from_iri(articles[0]),
                type=str(fact_type),
                subject=_read_entity(graph, graph.value(node, DIP.agent)),
                object=_read_entity(graph, graph.value(node, DIP.target)),
                date=str(date) if date is not None else None,
                modality=modalities[modality],
                attributes=attributes,
                evidence=str(evidence) if evidence is not None else "",
                confidence=float(Decimal(str(confidence))),
                span=(int(str(start)), int(str(end))) if start is not None and end is not None else None,
            )
        )
    return sorted(facts, key=lambda f: (f.article, f.span or (-1, -1), f.id))


def _read_entity(graph: Graph | TripleIndex, node: Node | None) -> Entity | None:
    if node is None:
        return None
    kinds = Vocabulary.inverse(vocabulary().kind_class)
    kind = next((kinds[t] for t in graph.objects(node, RDF.type) if t in kinds), None)
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label))
    if kind is None or not labels:
        raise ValueError(f"entity {node} has no kind or label in the graph")
    qid = graph.value(node, DIP.qid)
    country = graph.value(node, DIP.country)
    return Entity(
        label=labels[0],
        kind=kind,
        qid=str(qid) if qid is not None else None,
        aliases=tuple(sorted({str(a) for a in graph.objects(node, SKOS.altLabel)})),
        country=entity_id_from_iri(country).removeprefix("country/") if country is not None else None,
        id=entity_id_from_iri(node),
    )


def _number(literal: Node) -> int | float:
    if isinstance(literal, Literal) and literal.datatype == XSD.integer:
        return int(str(literal))
    return float(Decimal(str(literal)))
