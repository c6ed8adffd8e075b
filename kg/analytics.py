"""networkx projections over Fact lists: centrality, paths with evidence, communities, timelines.

Pure functions over `list[Fact]` (no store), so they are fast and unit-testable; the service fetches
facts from the store and hands them here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from kg.betweenness import sampled_betweenness
from kg.model import Entity, Fact

# Partial ISO dates ("2024", "2024-03") are compared as the interval they name, padded to full days.
_DATE_FLOOR = ("", "-01-01", "-01", "")
_DATE_CEIL = ("", "-12-31", "-31", "")


def period_bounds(date: str) -> tuple[str, str]:
    """First and last day an ISO date (year, month or day precision) covers, as sortable strings."""
    parts = date[:10].count("-")
    return date[:10] + _DATE_FLOOR[parts + 1], date[:10] + _DATE_CEIL[parts + 1]


def fact_record(fact: Fact) -> dict[str, Any]:
    """The JSON-ready form of a fact as analytics results carry it (id, ends, date, evidence...)."""
    return {
        "id": fact.id,
        "type": fact.type,
        "subject": fact.subject.id if fact.subject else None,
        "object": fact.object.id if fact.object else None,
        "subject_label": fact.subject.label if fact.subject else None,
        "object_label": fact.object.label if fact.object else None,
        "date": fact.date,
        "modality": fact.modality,
        "confidence": fact.confidence,
        "attributes": dict(fact.attributes),
        "evidence": fact.evidence,
        "article": fact.article,
        "symmetric": fact.symmetric,
    }


def _add_entity(graph: nx.MultiDiGraph, entity: Entity) -> None:
    if entity.id not in graph:
        graph.add_node(entity.id, label=entity.label, kind=entity.kind, country=entity.country)


def build_graph(facts: Iterable[Fact]) -> nx.MultiDiGraph:
    """Entities as nodes (kind, label, country), one edge per fact keyed by the fact id.

    A symmetric fact (meeting, agreement, cooperation, conflict) also gets the reverse edge, marked
    `mirrored=True`, so directed traversals can use it both ways; counts must skip mirrored edges.
    """
    graph = nx.MultiDiGraph()
    for fact in facts:
        for end in (fact.subject, fact.object):
            if end is not None:
                _add_entity(graph, end)
        if fact.subject is None or fact.object is None:
            continue  # e.g. an accusation without a stated accuser: an entity, but no edge
        data = fact_record(fact)
        graph.add_edge(fact.subject.id, fact.object.id, key=fact.id, mirrored=False, **data)
        if fact.symmetric and fact.subject.id != fact.object.id:
            graph.add_edge(fact.object.id, fact.subject.id, key=fact.id, mirrored=True, **data)
    return graph


def _edge_record(data: dict[str, Any]) -> dict[str, Any]:
    """An edge's fact record plus `source`/`target` (the stated subject and object)."""
    record = {key: value for key, value in data.items() if key != "mirrored"}
    record["source"], record["target"] = data["subject"], data["object"]
    return record


def undirected_projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected graph: one edge per connected pair, `weight` = number of facts, `facts` = ids."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for source, target, key, mirrored in graph.edges(keys=True, data="mirrored"):
        if mirrored or source == target:
            continue
        if simple.has_edge(source, target):
            simple[source][target]["weight"] += 1
            simple[source][target]["facts"].append(key)
        else:
            simple.add_edge(source, target, weight=1, facts=[key])
    return simple


def filter_facts(
    facts: Iterable[Fact],
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | Sequence[str] | None = None,
) -> list[Fact]:
    """Facts of the given types and modalities whose date overlaps [since, until].

    A partial date counts as the whole period it names ("2024" matches since=2024-06); undated facts
    are dropped as soon as a date bound is given, since they cannot be placed in the range.
    """
    wanted_types = set(types) if types else None
    wanted_modalities = {modality} if isinstance(modality, str) else set(modality) if modality else None
    low = period_bounds(since)[0] if since else None
    high = period_bounds(until)[1] if until else None
    kept = []
    for fact in facts:
        if wanted_types is not None and fact.type not in wanted_types:
            continue
        if wanted_modalities is not None and fact.modality not in wanted_modalities:
            continue
        if low or high:
            if not fact.date:
                continue
            start, end = period_bounds(fact.date)
            if (low and end < low) or (high and start > high):
                continue
        kept.append(fact)
    return kept


def centrality_rows(simple: nx.Graph, samples: int | None = None, seed: int = 0) -> list[dict[str, Any]]:
    """Every node of an undirected graph with its centrality, most central first.

    Rank is by degree centrality (share of other entities directly related), ties broken by
    betweenness centrality (how often an entity lies on shortest paths between others: the brokers),
    then by number of facts (`weight`). With `samples`, betweenness is estimated from that many
    source nodes drawn with `seed` (networkx's `k=`): exact betweenness grows with nodes x edges.
    """
    if simple.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(simple)
    if samples is not None and samples < simple.number_of_nodes():
        betweenness = sampled_betweenness(simple, samples, seed)
    else:
        betweenness = nx.betweenness_centrality(simple)
    degrees, facts = dict(simple.degree()), dict(simple.degree(weight="weight"))
    rows = []
    for node, data in simple.nodes(data=True):
        rows.append(
            {
                "id": node,
                "label": data.get("label"),
                "kind": data.get("kind"),
                "degree": degrees[node],
                "facts": facts[node],
                "degree_centrality": round(degree[node], 6),
                "betweenness": round(betweenness[node], 6),
            }
        )
    rows.sort(key=lambda r: (-r["degree_centrality"], -r["betweenness"], -r["facts"], r["id"]))
    return rows


def centrality(facts: Iterable[Fact], kind: str | None = None, top: int = 20) -> list[dict[str, Any]]:
    """The `top` most central entities (optionally of one kind), ranked on the undirected projection
    as `centrality_rows` ranks them. PageRank is left out: networkx computes it with scipy, not a
    dependency.
    """
    rows = centrality_rows(undirected_projection(build_graph(facts)))
    return [r for r in rows if kind is None or r["kind"] == kind][:top]


def connection_path(
    facts: Iterable[Fact], source_id: str, target_id: str, max_hops: int = 4
) -> list[dict[str, Any]]:
    """A shortest chain of relations from one entity to another, each hop with its facts and evidence.

    Direction is ignored (who visited whom does not break a connection); each hop lists every fact
    between the two entities, most confident first. Empty when there is no chain within `max_hops`.
    """
    graph = build_graph(facts)
    simple = undirected_projection(graph)
    if source_id == target_id or source_id not in simple or target_id not in simple:
        return []
    try:
        nodes = nx.shortest_path(simple, source_id, target_id)
    except nx.NetworkXNoPath:
        return []
    if len(nodes) - 1 > max_hops:
        return []
    by_id = {data["id"]: data for _, _, data in graph.edges(data=True) if not data["mirrored"]}
    hops = []
    for source, target in zip(nodes, nodes[1:], strict=False):
        records = [_edge_record(by_id[key]) for key in simple[source][target]["facts"]]
        records.sort(key=lambda r: (-r["confidence"], r["date"] or "", r["id"]))
        hops.append(
            {
                "source": source,
                "target": target,
                "source_label": simple.nodes[source].get("label"),
                "target_label": simple.nodes[target].get("label"),
                "facts": records,
            }
        )
    return hops


def communities(facts: Iterable[Fact]) -> list[dict[str, Any]]:
    """Groups of densely related entities (greedy modularity maximisation, weighted by fact count).

    Largest first; deterministic, unlike Leiden or Louvain, which depend on a random seed.
    """
    simple = undirected_projection(build_graph(facts))
    if simple.number_of_edges() == 0:
        return [{"members": [n], "labels": [simple.nodes[n].get("label")]} for n in sorted(simple)]
    groups = nx.community.greedy_modularity_communities(simple, weight="weight")
    result = []
    for group in groups:
        members = sorted(group)
        result.append({"members": members, "labels": [simple.nodes[n].get("label") for n in members]})
    result.sort(key=lambda g: (-len(g["members"]), g["members"]))
    return result


def timeline(facts: Iterable[Fact], a: str, b: str, granularity: str = "year") -> list[dict[str, Any]]:
    """How the relation between entities `a` and `b` evolved: their facts by date, grouped by period.

    `granularity` is "year" or "month"; a fact dated only to a coarser period is grouped under it.
    Undated facts come last, under period None.
    """
    if granularity not in ("year", "month"):
        raise ValueError(f"granularity must be 'year' or 'month', not {granularity!r}")
    width = 4 if granularity == "year" else 7
    pair = {a, b}
    between = [f for f in facts if f.subject and f.object and {f.subject.id, f.object.id} == pair and a != b]
    between.sort(key=lambda f: (f.date is None, f.date or "", f.type, f.id))
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for fact in between:
        groups[fact.date[:width] if fact.date else None].append(fact_record(fact))
    return [{"period": period, "facts": records} for period, records in groups.items()]


def neighbourhood(
    facts: Iterable[Fact],
    center_id: str | None,
    depth: int = 2,
    types: Sequence[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | Sequence[str] | None = None,
    cap: int = 300,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """Entities within `depth` hops of `center_id` over the filtered facts, and the facts among them.

    With no center, the whole filtered graph. Above `cap` nodes, the nearest (then most connected)
    are kept and `trimmed` is True. Returns (nodes, edges, trimmed); nodes carry `distance`.
    """
    graph = build_graph(filter_facts(facts, types, since, until, modality))
    simple = undirected_projection(graph)
    if center_id is None:
        distance = dict.fromkeys(simple.nodes, 0)
    elif center_id in simple:
        distance = nx.single_source_shortest_path_length(simple, center_id, cutoff=depth)
    else:
        return [], [], False
    ranked = sorted(distance, key=lambda n: (distance[n], -simple.degree(n, weight="weight"), n))
    trimmed = len(ranked) > cap
    kept = ranked[:cap]
    keep = set(kept)
    nodes = [
        {
            "id": n,
            "label": simple.nodes[n].get("label"),
            "kind": simple.nodes[n].get("kind"),
            "country": simple.nodes[n].get("country"),
            "distance": distance[n],
            "degree": simple.degree(n),
        }
        for n in kept
    ]
    edges = [
        _edge_record(data)
        for source, target, data in graph.edges(data=True)
        if not data["mirrored"] and source in keep and target in keep
    ]
    edges.sort(key=lambda e: (e["source"], e["target"], e["type"], e["date"] or "", e["id"]))
    return nodes, edges, trimmed
