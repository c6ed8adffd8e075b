"""The read queries of the KnowledgeGraph: each question the service asks is one bounded SPARQL query.

Facts are found in two steps: the ids of the page asked for (filters, order, limit and offset inside
the query), then the triples of just those fact nodes and of the entities they name. Nothing here
reads a whole article graph or the whole corpus into Python.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg import rdf
from kg.model import FACT_TYPES, MODALITIES
from kg.ontology import vocabulary
from kg.store.writes import DESCRIPTION_PREDICATES, ENTITIES, INDEX, MENTION_COUNT, REFERENCE

# Orders of fact listings. "stored" streams in the store's own order (stable while the store is
# unchanged): its cost follows the page. The others sort every matching fact in the store first
# ("article" is by article id, then where the evidence stands, then type and id).
ORDERS = {
    "stored": "",
    "article": "?g ?start ?end ?type ?f",
    "date": "(!BOUND(?ds)) ?ds ?g ?start ?end ?type ?f",
    "-date": "DESC(?ds) ?g ?start ?end ?type ?f",
    "confidence": "?conf ?g ?start ?end ?type ?f",
    "-confidence": "DESC(?conf) ?g ?start ?end ?type ?f",
    "type": "?type ?g ?start ?end ?f",
}
_DATE_SHAPE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class FactFilter:
    """What `KnowledgeGraph.facts` and `count_facts` select: every filter given must hold.

    Entities are local ids, dates ISO prefixes (a partial date overlaps the period it names),
    `types`/`modalities` any of several, `either` an entity on either end.
    """

    subject: str | None = None
    object: str | None = None
    either: str | None = None
    types: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    article: str | None = None
    min_confidence: float | None = None
    other: str | None = None  # with `either`: the facts between the two, in either direction
    # Of two entities given, the one named in fewer facts: its pattern is written first, since
    # Oxigraph joins in the written order and starting from a hub scans all the hub's facts.
    lead: str | None = None

    def where(self, order: str = "stored") -> str:
        """The WHERE body binding ?f and ?g (and the keys `order` sorts on) under these filters.

        The entity patterns come first, so the store starts from the entity's facts, not all facts.
        """
        keys = ORDERS[order]
        lines: list[str] = []
        ends = [(end, entity) for end, entity in (("agent", self.subject), ("target", self.object)) if entity]
        for end, entity in sorted(ends, key=lambda e: e[1] != self.lead):
            lines.append(f"?f <{_dip(end)}> {_entity(entity)} .")
        if self.either and self.other:
            a, b = self.either, self.other
            branches = []
            for agent, target in ((a, b), (b, a)):
                pair = [("agent", agent), ("target", target)]
                pair.sort(key=lambda e: e[1] != self.lead)
                branches.append("{ " + " ".join(f"?f <{_dip(p)}> {_entity(x)} ." for p, x in pair) + " }")
            union = " UNION ".join(branches)
            lines.append(union if not lines else f"FILTER EXISTS {{ {union} }}")
        elif self.either:
            node = _entity(self.either)
            either = f"{{ ?f <{_dip('agent')}> {node} }} UNION {{ ?f <{_dip('target')}> {node} }}"
            lines.append(either if not lines else f"FILTER EXISTS {{ {either} }}")
        lines.append(f"?f <{_dip('factType')}> ?type .")
        if self.types:
            lines.append(f"FILTER(?type IN ({', '.join(_literal(t) for t in self.types)}))")
        if self.modalities:
            nodes = ", ".join(f"<{vocabulary().modality[m]}>" for m in self.modalities)
            lines.append(f"?f <{_dip('modality')}> ?mod . FILTER(?mod IN ({nodes}))")
        if self.min_confidence is not None or "?conf" in keys:
            lines.append(f"?f <{_dip('confidence')}> ?conf .")
        if self.min_confidence is not None:
            lines.append(f"FILTER(?conf >= {float(self.min_confidence)!r})")
        if self.since or self.until:
            lines.append(f"?f <{_dip('date')}> ?d . BIND(STR(?d) AS ?ds)")
            lines.extend(_period_filters(self.since, self.until))
        elif "?ds" in keys:
            lines.append(f"OPTIONAL {{ ?f <{_dip('date')}> ?d }} BIND(STR(?d) AS ?ds)")
        if "?start" in keys:
            lines.append(f"OPTIONAL {{ ?f <{_dip('evidenceStart')}> ?start }}")
        if "?end" in keys:
            lines.append(f"OPTIONAL {{ ?f <{_dip('evidenceEnd')}> ?end }}")
        graph = f"<{rdf.article_graph_iri(self.article)}>" if self.article else "?g"
        bind = f"BIND({graph} AS ?g)\n" if self.article else ""
        return f"{bind}GRAPH {graph} {{\n  " + "\n  ".join(lines) + "\n}"


def _period_filters(since: str | None, until: str | None) -> list[str]:
    """A date of any precision overlaps since..until: compared on the common prefix (see kg.dates)."""
    out = []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            if not _DATE_SHAPE.fullmatch(bound):
                raise ValueError(f"not an ISO date prefix: {bound!r}")
            lit = _literal(bound)
            out.append(f"FILTER(SUBSTR(?ds, 1, {len(bound)}) {op} SUBSTR({lit}, 1, STRLEN(?ds)))")
    return out


def facts_page_query(selection: FactFilter, order: str, limit: int | None, offset: int) -> str:
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    paging = (f" LIMIT {int(limit)}" if limit is not None else "") + (
        f" OFFSET {int(offset)}" if offset else ""
    )
    sort = f" ORDER BY {ORDERS[order]}" if ORDERS[order] else ""
    return f"SELECT ?f WHERE {{\n{selection.where(order)}\n}}{sort}{paging}"


def months_query(selection: FactFilter) -> str:
    """Matching facts counted per month (of those dated to a month or day; "" for the others) and type."""
    return (
        f"SELECT ?m ?type (COUNT(?f) AS ?n) WHERE {{\n{selection.where()}\n"
        f"GRAPH ?g {{ OPTIONAL {{ ?f <{_dip('date')}> ?d }} }} "
        'BIND(IF(BOUND(?d) && STRLEN(STR(?d)) >= 7, SUBSTR(STR(?d), 1, 7), "") AS ?m) } GROUP BY ?m ?type'
    )


def facts_count_query(selection: FactFilter) -> str:
    return f"SELECT (COUNT(?f) AS ?n) WHERE {{\n{selection.where()}\n}}"


def fact_triples_query(facts: Sequence[ox.NamedNode]) -> str:
    """Every triple of the given fact nodes: run it over the union default graph (a fact node is
    described in its article's graph only), where the bound subject is an index look-up."""
    return f"SELECT ?f ?p ?o WHERE {{ VALUES ?f {{ {_values(facts)} }} ?f ?p ?o }}"


def description_query(
    entities: Iterable[ox.NamedNode],
    predicates: Iterable[ox.NamedNode] = DESCRIPTION_PREDICATES,
    mentions: bool = False,
) -> str:
    """Descriptions (type, labels, qid, country) of entities, from the reference and entities graphs.

    Binds ?e ?p ?o and ?src (the graph); `predicates` may leave some of the description out. One
    branch per predicate and graph, each starting from the entities, so every branch is an index
    look-up (a variable predicate makes Oxigraph scan the graph). `mentions` adds each entity's
    mention counter from the index (in the same request: one round trip to a remote store).
    """
    nodes = _values(entities)
    sources = [(p, graph) for p in sorted(predicates, key=str) for graph in (REFERENCE, ENTITIES)]
    if mentions:
        sources.append((MENTION_COUNT, INDEX))
    branches = [
        f"{{ VALUES ?e {{ {nodes} }} GRAPH {graph} {{ ?e {p} ?o }} BIND({p} AS ?p) BIND({graph} AS ?src) }}"
        for p, graph in sources
    ]
    return "SELECT ?e ?p ?o ?src WHERE {\n" + "\nUNION ".join(branches) + "\n}"


def _values(nodes: Iterable[ox.NamedNode]) -> str:
    return " ".join(str(n) for n in nodes)


def _entity(local_id: str) -> str:
    return str(ox.NamedNode(str(rdf.entity_iri(local_id))))


def _literal(text: str) -> str:
    return str(ox.Literal(text))


@functools.cache
def _dip(name: str) -> str:
    from kg.vocab import DIP  # noqa: PLC0415

    return str(DIP[name])


def fact_filter(
    subject: str | None = None,
    object: str | None = None,  # noqa: A002  (the contract's field name)
    type: str | Sequence[str] | None = None,  # noqa: A002
    since: str | None = None,
    until: str | None = None,
    modality: str | Sequence[str] | None = None,
    article: str | None = None,
    min_confidence: float | None = None,
    either: str | None = None,
    other: str | None = None,
) -> FactFilter:
    """A FactFilter from the keyword filters of the store's API (type and modality: one or several)."""
    types = (type,) if isinstance(type, str) else tuple(type or ())
    modalities = (modality,) if isinstance(modality, str) else tuple(modality or ())
    for value, known, what in ((types, FACT_TYPES, "type"), (modalities, MODALITIES, "modality")):
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown {what} {unknown[0]!r}")
    if other and not either:
        raise ValueError("`other` needs `either`: the facts between two entities")
    return FactFilter(
        subject, object, either, types, modalities, since, until, article, min_confidence, other
    )


def rows(result: Any) -> list[dict[str, Any]]:
    """Solutions as dicts of terms (variables unbound are absent)."""
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in result]
