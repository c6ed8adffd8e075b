"""The entity network as the store sees it: who is linked to whom, expanded a hop at a time.

`/graph`, `/api/path` and the start page ask these questions; each is a few grouped SPARQL queries
that start from the entities in hand (an index look-up per entity), so their cost follows the
neighbourhood asked for, never the corpus. Nothing here reads facts into Python except the edges
finally drawn or listed, and those are capped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pyoxigraph as ox

from kg import rdf
from kg.store import reads, writes

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph

# Entities sent to the store in one VALUES block.
CHUNK = 400
# A neighbourhood's next hop starts from this many of the last hop's entities, the most linked.
FRONTIER = 50


def _node(entity_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(rdf.entity_iri(entity_id)))


def _local(term: Any) -> str:
    return rdf.entity_id_from_iri(term.value)


def links(
    kg: KnowledgeGraph, entity_ids: Iterable[str], selection: reads.FactFilter | None = None
) -> dict[tuple[str, str], int]:
    """Facts linking each given entity to each other entity (either direction), under `selection`.

    Keys are (given entity, other entity). Unfiltered, each entity's partner counts answer (one
    string per partner, kept by writes); filtered by fact type only, the index's link counters (one
    triple per linked pair and type); other filters count the facts.
    """
    selection = selection or reads.FactFilter()
    ids = sorted(set(entity_ids))
    counts: dict[tuple[str, str], int] = {}
    for start in range(0, len(ids), CHUNK):
        given = {_node(i).value: i for i in ids[start : start + CHUNK]}
        nodes = " ".join(f"<{iri}>" for iri in given)
        if selection == reads.FactFilter():
            keys = {writes.partner_node(ox.NamedNode(iri)).value: i for iri, i in given.items()}
            partners = f"GRAPH {writes.INDEX} {{ ?k {writes.PARTNER_COUNT} ?r }}"
            records = (
                f"SELECT ?k ?r WHERE {{ VALUES ?k {{ {' '.join(f'<{k}>' for k in keys)} }} {partners} }}"
            )
            for k, record in kg._backend.query(records, union=False):  # type: ignore[union-attr,misc]
                other, _, n = record.value.rpartition(" ")
                counts[(keys[k.value], _local_id(other))] = int(n)
            continue
        query = (
            _indexed_links(nodes, selection) if _by_type_only(selection) else _fact_links(nodes, selection)
        )
        # A hub has thousands of partners: each row's terms are read once, ids without a parser.
        for row in kg._backend.query(query, union=False):  # type: ignore[union-attr]
            x, y, n = row
            counts[(given[x.value], _local_id(y.value))] = int(n.value)
    return counts


_ID_BASE = str(rdf.ID)


def _local_id(iri: str) -> str:
    """rdf.entity_id_from_iri for an IRI the store returned as an entity's."""
    if not iri.startswith(_ID_BASE):
        raise ValueError(f"not a dipkg resource IRI: {iri}")
    local = iri[len(_ID_BASE) :]
    return unquote(local) if "%" in local else local


def _by_type_only(selection: reads.FactFilter) -> bool:
    return selection == reads.FactFilter(types=selection.types)


def _indexed_links(nodes: str, selection: reads.FactFilter) -> str:
    # Without a type filter the link's type is not read: one look-up less per link (a fifth of the
    # time for a hub's thousands of links).
    types = (
        f"; {writes.LINK_TYPE} ?t FILTER(?t IN ({', '.join(reads._literal(t) for t in selection.types)}))"
        if selection.types
        else ""
    )
    return (
        f"SELECT ?x ?y (SUM(?c) AS ?n) WHERE {{ VALUES ?x {{ {nodes} }} GRAPH {writes.INDEX} {{ "
        f"?l {writes.LINK_END} ?x ; {writes.LINK_END} ?y ; {writes.FACT_COUNT} ?c {types} "
        f"FILTER(?x != ?y) }} }} GROUP BY ?x ?y"
    )


def _fact_links(nodes: str, selection: reads.FactFilter) -> str:
    agent, target = reads._dip("agent"), reads._dip("target")
    return (
        f"SELECT ?x ?y (COUNT(?f) AS ?n) WHERE {{ VALUES ?x {{ {nodes} }} "
        f"GRAPH ?g {{ {{ ?f <{agent}> ?x ; <{target}> ?y }} "
        f"UNION {{ ?f <{target}> ?x ; <{agent}> ?y }} }} "
        f"{selection.where()} FILTER(?x != ?y) }} GROUP BY ?x ?y"
    )


def most_mentioned(kg: KnowledgeGraph, limit: int, kind: str | None = None) -> list[tuple[str, int]]:
    """The entities named in most articles (the index's mention counters), most first.

    Read mention tiers from the top, a decade at a time below a thousand (dip:mentionTier: every
    entity of a tier is mentioned more than any of a lower one) until `limit` are in hand: the few
    most mentioned entities, not all of them, are sorted.
    """
    id_prefix = {k: p for p, k in writes.KIND_OF_PREFIX.items()}.get(kind or "", kind)
    prefix = f"FILTER(STRSTARTS(STR(?e), {reads._literal(str(rdf.ID) + f'{id_prefix}/')}))" if kind else ""
    rows: list[tuple[str, int]] = []
    # Counts of four digits and more first (few entities have them), then a decade at a time.
    for decades in ([*range(MAX_DIGITS, 3, -1)], [3], [2], [1]):
        tiers = " ".join(str(10 * digits + lead) for digits in decades for lead in range(9, 0, -1))
        query = (
            f"SELECT ?e ?c WHERE {{ VALUES ?t {{ {tiers} }} GRAPH {writes.INDEX} {{ "
            f"?e {writes.MENTION_TIER} ?t ; {writes.MENTION_COUNT} ?c }} {prefix} }}"
        )
        rows += [(_local(r["e"]), int(r["c"].value)) for r in kg._backend.query(query, union=False)]  # type: ignore[union-attr]
        if len(rows) >= limit:
            break
    return sorted(rows, key=lambda row: (-row[1], row[0]))[: max(int(limit), 0)]


MAX_DIGITS = 9  # mention counts below a billion articles


@dataclass
class Neighbourhood:
    """Entities within some hops of a centre (distance per entity), and whether the cap cut some."""

    distance: dict[str, int] = field(default_factory=dict)
    weight: dict[str, int] = field(default_factory=dict)
    trimmed: bool = False


def neighbourhood(
    kg: KnowledgeGraph,
    center: str | None,
    depth: int,
    selection: reads.FactFilter,
    cap: int,
) -> Neighbourhood:
    """Entities within `depth` hops of `center`, nearest and most linked first, at most `cap`.

    With no centre, the `cap` entities named in most articles. Each hop is one grouped query over
    the links of the previous hop's FRONTIER most linked entities, so a hub costs its own links.
    """
    found = Neighbourhood()
    if center is None:
        mentioned = most_mentioned(kg, cap + 1)
        found.trimmed = len(mentioned) > cap
        for entity_id, count in mentioned[:cap]:
            found.distance[entity_id] = 0
            found.weight[entity_id] = count
        return found
    found.distance[center] = 0
    frontier = [center]
    for hop in range(1, depth + 1):
        if len(found.distance) >= cap:
            found.trimmed = True  # no room for another hop
            break
        weights: dict[str, int] = {}
        for (_, other), n in links(kg, frontier[:FRONTIER], selection).items():
            if other not in found.distance:
                weights[other] = weights.get(other, 0) + n
        ranked = sorted(weights, key=lambda e: (-weights[e], e))
        room = cap - len(found.distance)
        if len(ranked) > room:
            found.trimmed = True
            ranked = ranked[: max(room, 0)]
        for entity_id in ranked:
            found.distance[entity_id] = hop
            found.weight[entity_id] = weights[entity_id]
        frontier = ranked
        if not frontier:
            break
    return found


def shortest_chain(kg: KnowledgeGraph, source: str, target: str, max_hops: int) -> list[str]:
    """Entities on a shortest chain of facts from `source` to `target` (direction ignored), or [].

    Breadth-first from both ends, a hop of the smaller frontier at a time, so the search meets in the
    middle: at most `max_hops` hops in all.
    """
    if source == target:
        return [source]
    parents: tuple[dict[str, str | None], dict[str, str | None]] = ({source: None}, {target: None})
    frontiers = ([source], [target])
    hops = 0
    while hops < max_hops and frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        seen, other = parents[side], parents[1 - side]
        following: list[str] = []
        meeting = None
        for here, there in sorted(links(kg, frontiers[side])):
            if there in seen:
                continue
            seen[there] = here
            following.append(there)
            if there in other and meeting is None:
                meeting = there
        hops += 1
        if meeting is not None:
            return _chain(parents[0], meeting)[::-1][:-1] + [meeting] + _chain(parents[1], meeting)[1:]
        frontiers = (following, frontiers[1]) if side == 0 else (frontiers[0], following)
    return []


def _chain(parents: dict[str, str | None], node: str) -> list[str]:
    """`node` and its parents back to the search's start."""
    out = [node]
    while (parent := parents[out[-1]]) is not None:
        out.append(parent)
    return out


def central_entities(kg: KnowledgeGraph, top: int) -> list[dict[str, Any]]:
    """The `top` entities named in most facts, with label and kind (the start page's list)."""
    ranked = most_mentioned(kg, top)
    described = kg.describe_many([entity_id for entity_id, _ in ranked], brief=True)
    return [
        {
            "id": e,
            "label": described.get(e, {}).get("label", e),
            "kind": described.get(e, {}).get("kind"),
            "facts": n,
        }
        for e, n in ranked
    ]


def drawn_neighbourhood(
    kg: KnowledgeGraph,
    center: str | None,
    depth: int,
    selection: reads.FactFilter,
    cap: int,
    edge_cap: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """Nodes and edges of /graph: the capped neighbourhood and at most `edge_cap` facts among it.

    Returns (nodes, edges, trimmed) in kg.analytics.neighbourhood's shapes (edges are fact records
    with `source`/`target`); `trimmed` says a cap left entities or facts out.
    """
    found = neighbourhood(kg, center, depth, selection, cap)
    edges = edge_records(kg, found.distance, selection, edge_cap + 1)
    trimmed = found.trimmed or len(edges) > edge_cap
    edges = edges[:edge_cap]
    described = kg.describe_many(list(found.distance), brief=True)
    for edge in edges:
        edge["subject_label"] = described.get(edge["subject"], {}).get("label")
        edge["object_label"] = described.get(edge["object"], {}).get("label")
    neighbours: dict[str, set[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge["source"], set()).add(edge["target"])
        neighbours.setdefault(edge["target"], set()).add(edge["source"])
    nodes = [
        {
            "id": entity_id,
            "label": described.get(entity_id, {}).get("label"),
            "kind": described.get(entity_id, {}).get("kind"),
            "country": described.get(entity_id, {}).get("country"),
            "distance": distance,
            "degree": len(neighbours.get(entity_id, set()) - {entity_id}),
        }
        for entity_id, distance in found.distance.items()
        if entity_id in described
    ]
    edges.sort(key=lambda e: (e["source"], e["target"], e["type"], e["date"] or "", e["id"]))
    return nodes, edges, trimmed


def edge_records(
    kg: KnowledgeGraph, entity_ids: Iterable[str], selection: reads.FactFilter, limit: int
) -> list[dict[str, Any]]:
    """The facts among the entities as drawing records, read as one row each (no fact is rebuilt):
    id, type, ends, date, modality, confidence, role/status/value, evidence and article."""
    from kg.ontology import vocabulary  # noqa: PLC0415

    ids = sorted(set(entity_ids))
    if not ids:
        return []
    vocab = vocabulary()
    names = {str(v): k for table in (vocab.modality, vocab.role, vocab.status) for k, v in table.items()}
    nodes = " ".join(str(_node(i)) for i in ids)
    d = reads._dip
    # First which facts (from the entities' side), then their triples by fact node: a SELECT of
    # named columns with OPTIONALs makes Oxigraph scan far more than these index look-ups.
    chosen = (
        f"SELECT ?f WHERE {{ VALUES ?a {{ {nodes} }} "
        f"GRAPH ?g {{ ?f <{d('agent')}> ?a ; <{d('target')}> ?b }} "
        f"VALUES ?b {{ {nodes} }} {selection.where()} }} LIMIT {int(limit)}"
    )
    facts = [row["f"] for row in kg._backend.query(chosen, union=False)]  # type: ignore[union-attr]
    if not facts:
        return []
    wanted = {d(k): k for k in ("factType", "agent", "target", "modality", "confidence", "date")}
    wanted |= {d(k): k for k in ("evidenceText", "role", "status", "value")}
    wanted[_DERIVED_FROM] = "article"
    values: dict[str, dict[str, Any]] = {f.value: {} for f in facts}
    for row in kg._backend.query(reads.fact_triples_query(facts)):  # type: ignore[union-attr]
        key = wanted.get(row["p"].value)
        if key is not None and (key != "article" or row["o"].value.startswith(_ARTICLE_BASE)):
            values[row["f"].value][key] = row["o"]
    return [_edge_record(node, fields, names) for node, fields in values.items() if "factType" in fields]


_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
_ARTICLE_BASE = str(rdf.ID["article/"])


def _edge_record(node: str, fields: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    from kg.model import SYMMETRIC_TYPES  # noqa: PLC0415

    subject, obj = _local(fields["agent"]), _local(fields["target"])
    fact_type = fields["factType"].value
    attributes: dict[str, Any] = {}
    for key in ("role", "status"):
        if key in fields:
            attributes[key] = names.get(fields[key].value, fields[key].value)
    if "value" in fields:
        number = fields["value"]
        attributes["value"] = (
            int(number.value) if number.datatype.value.endswith("#integer") else float(number.value)
        )
    return {
        "id": node.rsplit("/", 1)[-1],
        "type": fact_type,
        "subject": subject,
        "object": obj,
        "source": subject,
        "target": obj,
        "date": fields["date"].value if "date" in fields else None,
        "modality": names.get(fields["modality"].value, fields["modality"].value),
        "confidence": float(fields["confidence"].value),
        "attributes": attributes,
        "evidence": fields["evidenceText"].value if "evidenceText" in fields else None,
        "article": unquote(fields["article"].value[len(_ARTICLE_BASE) :]) if "article" in fields else None,
        "symmetric": fact_type in SYMMETRIC_TYPES,
    }
