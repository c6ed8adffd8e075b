"""Network analytics over the store: centrality, communities, a pair's timeline and alignment.

Every answer starts from SPARQL aggregates, never from the facts read into Python: the weighted
entity graph is one `GROUP BY ?a ?b` over the filtered facts (a pair of entities and how many facts
join them, far fewer rows than facts), a timeline is facts counted per period, an alignment is
facts counted per (actor, other entity). networkx then ranks and partitions the small graph.

Results are cached per store and query, and dropped when the store changes: an embedded store
bumps `version` on every write; a remote one has no such counter, so its entries live CACHE_TTL
seconds.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

import pyoxigraph as ox

from kg import rdf
from kg.model import _ID_PREFIX, FACT_TYPES
from kg.ontology import vocabulary
from kg.store import writes
from kg.store.reads import _DATE_SHAPE, FactFilter, _dip

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph

T = TypeVar("T")

CACHE_TTL = 30.0  # seconds a remote store's results are reused (it may change behind our back)
CACHE_ENTRIES = 64
SEED = 7  # Leiden and betweenness sampling are random: a fixed seed gives the same answer each time
# Exact betweenness costs one shortest-path search per node; above this many nodes it is estimated
# from BETWEENNESS_SAMPLES sources (networkx's `k=`), which keeps a 20,000-node graph near a second.
BETWEENNESS_EXACT_NODES = 500
BETWEENNESS_SAMPLES = 8
MAX_SIDE = 50  # office holders counted on an actor's side (the most mentioned first)

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in _ID_PREFIX.items()}

# What the alignment counts: fact types per relation, and whether the actor may be either end.
HOSTILE_TYPES = ("opposition", "accusation", "sanction", "conflict")
FRIENDLY_TYPES = ("cooperation", "agreement")
MEETING_TYPES = ("meeting", "visit")


def kind_of(entity_id: str) -> str | None:
    """An entity's kind from its id (`country/IRN` is a country), without asking the store."""
    return _KIND_OF_PREFIX.get(entity_id.split("/", 1)[0])


# --- cache ------------------------------------------------------------------------------------------


class _Results:
    """One store's cached results, oldest first, and the store version they belong to."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.entries: OrderedDict[Any, tuple[float, Any]] = OrderedDict()


_caches: weakref.WeakKeyDictionary[Any, _Results] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def cached(kg: KnowledgeGraph, key: Any, compute: Callable[[], T]) -> T:
    """`compute()`, or its earlier result for `key` if the store has not changed since."""
    version = getattr(kg._backend, "version", None)
    now = time.monotonic()
    with _cache_lock:
        results = _caches.setdefault(kg, _Results())
        if version is not None and results.version != version:
            results.entries.clear()
            results.version = version
        hit = results.entries.get(key)
        if hit is not None and (version is not None or now - hit[0] < CACHE_TTL):
            results.entries.move_to_end(key)
            return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _cache_lock:
        # A write during compute() makes the value stale: keep it only if the version still holds.
        if version is None or results.version == getattr(kg._backend, "version", None):
            results.entries[key] = (now, value)
            while len(results.entries) > CACHE_ENTRIES:
                results.entries.popitem(last=False)
    return value


# --- queries ----------------------------------------------------------------------------------------


def _query(kg: KnowledgeGraph, sparql: str) -> Any:
    return kg._backend.query(sparql, union=False)


def _node(entity_id: str) -> str:
    return str(ox.NamedNode(str(rdf.entity_iri(entity_id))))


def _local(term: Any) -> str:
    return rdf.entity_id_from_iri(term.value)


def _narrowed(selection: FactFilter, types: Iterable[str]) -> FactFilter | None:
    """The selection limited to `types` (within its own types, if any); None if nothing is left."""
    wanted = [t for t in types if not selection.types or t in selection.types]
    return replace(selection, types=tuple(wanted)) if wanted else None


def labels(kg: KnowledgeGraph, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Label and kind of each entity, in one query (entities without a label get their id).

    The kind comes from the id; the label is the reference's, else the smallest the articles gave
    (as kg.store.entities.descriptions chooses), read without the rest of the description.
    """
    wanted = sorted(set(ids))
    found: dict[str, tuple[bool, str]] = {}
    if wanted:
        nodes = " ".join(_node(i) for i in wanted)
        query = (
            f"SELECT ?e ?src ?label WHERE {{ VALUES ?e {{ {nodes} }} "
            f"GRAPH ?src {{ ?e <{RDFS_LABEL}> ?label }} "
            f"FILTER(?src IN ({writes.REFERENCE}, {writes.ENTITIES})) }}"
        )
        for row in _query(kg, query):
            key = (row["src"] != writes.REFERENCE, row["label"].value)
            local = _local(row["e"])
            if local not in found or key < found[local]:
                found[local] = key
    return {i: {"label": found[i][1] if i in found else i, "kind": kind_of(i)} for i in wanted}


def entity_edges(kg: KnowledgeGraph, selection: FactFilter) -> dict[tuple[str, str], int]:
    """Facts joining each pair of entities under `selection`, direction ignored, self-loops left out."""

    def compute() -> dict[tuple[str, str], int]:
        weights: dict[tuple[str, str], int] = defaultdict(int)
        if not (selection.subject or selection.object or selection.either or selection.article):
            for a, b, count in _record_ends(kg, selection):
                weights[(a, b) if a < b else (b, a)] += count
            return dict(weights)
        query = (
            f"SELECT ?a ?b (COUNT(?f) AS ?n) WHERE {{\n{selection.where()}\n"
            f"GRAPH ?g {{ ?f <{_dip('agent')}> ?a ; <{_dip('target')}> ?b }} }} GROUP BY ?a ?b"
        )
        for row in _query(kg, query):
            a, b = _local(row["a"]), _local(row["b"])
            if a != b:
                weights[(a, b) if a < b else (b, a)] += int(row["n"].value)
        return dict(weights)

    return cached(kg, ("edges", selection), compute)


def _record_ends(kg: KnowledgeGraph, selection: FactFilter) -> Iterable[tuple[str, str, int]]:
    """The two ends of the facts the selection (types, modalities, period, confidence) keeps, from
    the index's edge records: one triple per fact, where the fact graphs would take six patterns
    per fact (see kg.store.writes.edge_records_update). The store keeps the types; the other filters are
    applied here to the short strings it returns, with the same rules as FactFilter.where."""
    since, until = selection.since, selection.until
    for bound in (since, until):
        if bound and not _DATE_SHAPE.fullmatch(bound):
            raise ValueError(f"not an ISO date prefix: {bound!r}")
    modalities = {str(vocabulary().modality[m]).rsplit("#", 1)[-1] for m in selection.modalities}
    least = float(selection.min_confidence) if selection.min_confidence is not None else None
    starts = " || ".join(f"STRSTARTS(?r, {ox.Literal(t + ' ')})" for t in selection.types)
    query = (
        f"SELECT ?r WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.EDGE_RECORD} ?r }} "
        f"{f'FILTER({starts})' if starts else ''} }}"
    )
    values = _strings(kg, query)
    if not (modalities or least is not None or since or until):
        # Only types (or nothing) to filter on: count the facts per pair of ends in C first.
        for ends, count in Counter(value.split(" ", 4)[4] for value in values).items():
            a, b = ends.split(" ")
            yield _unquoted(a), _unquoted(b), count
        return
    for value in values:
        _, date, modality, confidence, a, b = value.split(" ")
        if modalities and modality not in modalities:
            continue
        if least is not None and (confidence == "-" or float(confidence) < least):
            continue
        if since or until:
            if date == "-":
                continue
            if since and date[: len(since)] < since[: len(date)]:
                continue
            if until and date[: len(until)] > until[: len(date)]:
                continue
        yield _unquoted(a), _unquoted(b), 1


def _strings(kg: KnowledgeGraph, query: str) -> Iterable[str]:
    """The plain string values of a one-column SELECT. Read from the store's tab-separated results
    when it can write them (half the time of decoding a term per row), else row by row."""
    result = _query(kg, query)
    serialize = getattr(result, "serialize", None)
    if serialize is None:
        yield from (row[0].value for row in result)
        return
    lines = serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")
    for line in lines[1:]:
        if line.startswith('"') and line.endswith('"') and "\\" not in line:
            yield line[1:-1]
        elif line:  # an escaped character or a typed literal: let pyoxigraph read the term
            yield next(ox.parse(f"<x:s> <x:p> {line} .", format=ox.RdfFormat.N_TRIPLES)).object.value


def _unquoted(local: str) -> str:
    return unquote(local) if "%" in local else local


def entity_network(kg: KnowledgeGraph, selection: FactFilter) -> nx.Graph:
    """The undirected entity graph: `weight` is the number of facts, nodes carry their `kind`.

    Shared by the cached answers: callers must not modify it.
    """
    import networkx as nx  # noqa: PLC0415  (loads only when analytics are asked for)

    def compute() -> nx.Graph:
        graph = nx.Graph()
        graph.add_weighted_edges_from((a, b, w) for (a, b), w in entity_edges(kg, selection).items())
        nx.set_node_attributes(graph, {node: kind_of(node) for node in graph}, "kind")
        return graph

    return cached(kg, ("network", selection), compute)


# --- centrality and communities ---------------------------------------------------------------------


def _ranking(kg: KnowledgeGraph, selection: FactFilter) -> dict[str, Any]:
    from kg.analytics import centrality_rows  # noqa: PLC0415

    def compute() -> dict[str, Any]:
        graph = entity_network(kg, selection)
        samples = BETWEENNESS_SAMPLES if graph.number_of_nodes() > BETWEENNESS_EXACT_NODES else None
        rows = centrality_rows(graph, samples=samples, seed=SEED)
        return {
            "rows": rows,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "k": samples,
        }

    return cached(kg, ("ranking", selection), compute)


def centrality(
    kg: KnowledgeGraph, selection: FactFilter, kind: str | None = None, top: int = 20
) -> dict[str, Any]:
    """The `top` most central entities (of one kind, if given) on the filtered entity graph.

    Ranked like kg.analytics.centrality: degree centrality, then betweenness (estimated from
    `betweenness_samples` sources on large graphs, else exact), then number of facts.
    """

    def compute() -> dict[str, Any]:
        ranking = _ranking(kg, selection)
        rows = [r for r in ranking["rows"] if kind is None or r["kind"] == kind][:top]
        names = labels(kg, (r["id"] for r in rows))
        return {
            "nodes": ranking["nodes"],
            "edges": ranking["edges"],
            "betweenness_samples": ranking["k"],
            "entities": [{**r, **names[r["id"]]} for r in rows],
        }

    return cached(kg, ("centrality", selection, kind, top), compute)


def _partition(kg: KnowledgeGraph, selection: FactFilter) -> list[list[str]]:
    import graspologic_native  # noqa: PLC0415

    def compute() -> list[list[str]]:
        graph = entity_network(kg, selection)
        if graph.number_of_edges() == 0:
            return []
        # Leiden (Louvain with a refinement step that keeps communities connected), in Rust: a
        # 20,000-entity graph in 0.2 s where networkx's Louvain takes 2 s. Edges sorted, so the
        # answer depends on the graph, not on the order the store returned it in.
        edges = sorted((a, b, float(w)) for a, b, w in graph.edges(data="weight"))
        _, membership = graspologic_native.leiden(edges=edges, seed=SEED, iterations=2)
        found: dict[int, set[str]] = defaultdict(set)
        for node, group in membership.items():
            found[group].add(node)
        groups = list(found.values())
        strength = dict(graph.degree(weight="weight"))
        # Members by their facts, most related first; groups largest first.
        ordered = [sorted(g, key=lambda n: (-strength[n], n)) for g in groups]
        ordered.sort(key=lambda g: (-len(g), g[0]))
        return ordered

    return cached(kg, ("communities", selection), compute)


def communities(
    kg: KnowledgeGraph, selection: FactFilter, limit: int = 20, members: int = 50
) -> dict[str, Any]:
    """Leiden communities of the filtered entity graph (weighted by facts, fixed seed), largest first.

    Each lists its size, the facts inside it, and its first `members` members, most related first.
    """

    def compute() -> dict[str, Any]:
        graph = entity_network(kg, selection)
        groups = _partition(kg, selection)
        shown = [group[:members] for group in groups[:limit]]
        names = labels(kg, (n for group in shown for n in group))
        out = []
        community = {node: i for i, group in enumerate(groups) for node in group}
        inside: dict[int, int] = defaultdict(int)
        for a, b, weight in graph.edges(data="weight"):
            if community[a] == community[b]:
                inside[community[a]] += weight
        for rank, (group, listed) in enumerate(zip(groups, shown, strict=False)):
            out.append(
                {
                    "rank": rank + 1,
                    "size": len(group),
                    "facts": int(inside[rank]),
                    "members": [{"id": n, **names[n]} for n in listed],
                }
            )
        return {
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "count": len(groups),
            "communities": out,
        }

    return cached(kg, ("communities", selection, limit, members), compute)


def betweenness_of(kg: KnowledgeGraph, selection: FactFilter) -> dict[str, float]:
    """Each entity's betweenness on the filtered entity graph (as `centrality` ranks it), for sizing."""
    return {row["id"]: row["betweenness"] for row in _ranking(kg, selection)["rows"]}


def community_of(kg: KnowledgeGraph, selection: FactFilter) -> dict[str, int]:
    """Each entity's community number (0 is the largest), for colouring a graph view."""
    return {n: i for i, group in enumerate(_partition(kg, selection)) for n in group}


# --- a pair: timeline and alignment -----------------------------------------------------------------


def _between(selection: FactFilter, a: str, b: str) -> str:
    """WHERE body of the facts between a and b, either way round (binds ?f, ?g, ?type)."""
    there = replace(selection, subject=a, object=b).where()
    back = replace(selection, subject=b, object=a).where()
    return f"{{ {there} }} UNION {{ {back} }}"


def timeline(
    kg: KnowledgeGraph, selection: FactFilter, a: str, b: str, granularity: str = "year"
) -> dict[str, Any]:
    """Facts between `a` and `b` per period (a year or a month), with counts per type.

    Periods ascend; a fact dated only to a coarser period than asked counts under that period
    ("2024" among months), undated facts under period None, last.
    """
    if granularity not in ("year", "month"):
        raise ValueError(f"granularity must be 'year' or 'month', not {granularity!r}")
    width = 4 if granularity == "year" else 7

    def compute() -> dict[str, Any]:
        query = (
            f"SELECT ?period ?type (COUNT(?f) AS ?n) WHERE {{\n{_between(selection, a, b)}\n"
            f"OPTIONAL {{ GRAPH ?g {{ ?f <{_dip('date')}> ?when }} }}\n"
            f'BIND(COALESCE(SUBSTR(STR(?when), 1, {width}), "") AS ?period) }} GROUP BY ?period ?type'
        )
        periods: dict[str | None, dict[str, int]] = defaultdict(dict)
        for row in _query(kg, query):
            period = row["period"].value or None
            periods[period][row["type"].value] = int(row["n"].value)
        ordered = sorted(periods, key=lambda p: (p is None, p or ""))
        rows = [
            {
                "period": p,
                "count": sum(periods[p].values()),
                "types": {t: periods[p][t] for t in FACT_TYPES if t in periods[p]},
            }
            for p in ordered
        ]
        return {"granularity": granularity, "total": sum(r["count"] for r in rows), "periods": rows}

    return cached(kg, ("timeline", selection, a, b, granularity), compute)


def side(kg: KnowledgeGraph, actor: str) -> list[str]:
    """The actor and, for a country, the persons articles say hold office in it (its leaders,
    ministers, envoys), most mentioned first: what they do counts for the country."""
    if kind_of(actor) != "country":
        return [actor]
    # The index's position links of the country (a position fact joins a person to a country),
    # found by their key: where counting its facts would walk all of them.
    node = ox.NamedNode(str(rdf.entity_iri(actor)))
    key = writes.link_key(node, "position")
    query = (
        f"SELECT ?p ?n WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.LINK_KEY} {key} ; "
        f"{writes.LINK_END} ?p ; {writes.FACT_COUNT} ?n }} FILTER(?p != {node}) }} "
        f"ORDER BY DESC(?n) ?p LIMIT {MAX_SIDE}"
    )
    return [actor, *(p for p in (_local(r["p"]) for r in _query(kg, query)) if p != actor)]


def _values(ids: Iterable[str]) -> str:
    return " ".join(_node(i) for i in ids)


def _relations_of(
    kg: KnowledgeGraph, selection: FactFilter | None, actors: list[str], as_target: bool
) -> list[dict[str, Any]]:
    """Facts of `selection` naming one of `actors` as subject (or as object, with `as_target`),
    grouped per (actor, other end, type): count, earliest and latest date. One traversal of the
    actors' facts serves every list of an alignment."""
    if selection is None or not actors:
        return []
    mine, theirs = (_dip("target"), _dip("agent")) if as_target else (_dip("agent"), _dip("target"))
    # A fact whose two ends are the same actor counts once, from the subject's side.
    same = "FILTER(?other != ?who)" if as_target else ""
    query = (
        f"SELECT ?who ?other ?type (COUNT(DISTINCT ?f) AS ?n) (MIN(STR(?when)) AS ?first) "
        f"(MAX(STR(?when)) AS ?last) WHERE {{ VALUES ?who {{ {_values(actors)} }}\n"
        f"GRAPH ?g {{ ?f <{mine}> ?who ; <{theirs}> ?other {same} }}\n{selection.where()}\n"
        f"OPTIONAL {{ GRAPH ?g {{ ?f <{_dip('date')}> ?when }} }}\n}} GROUP BY ?who ?other ?type"
    )
    out = []
    for row in _query(kg, query):
        first, last = row["first"], row["last"]
        out.append(
            {
                "who": _local(row["who"]),
                "other": _local(row["other"]),
                "type": row["type"].value,
                "facts": int(row["n"].value),
                "first": first.value if first is not None and first.value else None,
                "last": last.value if last is not None and last.value else None,
            }
        )
    return out


def _per_other_end(rows: list[dict[str, Any]], types: Iterable[str]) -> list[tuple[str, str, int]]:
    """(actor, other entity, facts) of the rows of these types."""
    wanted = set(types)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        if row["type"] in wanted:
            counts[(row["who"], row["other"])] += row["facts"]
    return [(who, other, n) for (who, other), n in counts.items()]


def _facts_between(
    rows: list[dict[str, Any]], types: Iterable[str], side_a: list[str], side_b: list[str]
) -> list[dict[str, Any]]:
    """Facts of these types with one end on each side (subject from the rows' actors), per
    (subject, object, type): count, first, last."""
    wanted, in_a, in_b = set(types), set(side_a), set(side_b)
    out = [
        {
            "subject": row["who"],
            "object": row["other"],
            "type": row["type"],
            "facts": row["facts"],
            "first": row["first"],
            "last": row["last"],
        }
        for row in rows
        if row["type"] in wanted
        and ((row["who"] in in_a and row["other"] in in_b) or (row["who"] in in_b and row["other"] in in_a))
    ]
    out.sort(key=lambda r: (-r["facts"], r["type"], r["subject"], r["object"]))
    return out


def _common(
    rows: list[tuple[str, str, int]], owner: dict[str, set[str]], a: str, b: str
) -> list[dict[str, Any]]:
    """Entities both sides relate to: facts of each side with them, most shared first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {a: 0, b: 0})
    for who, other, n in rows:
        for actor in owner.get(who, ()):
            counts[other][actor] += n
    ours = set(owner)
    shared: list[dict[str, Any]] = [
        {"id": other, "facts_a": c[a], "facts_b": c[b]}
        for other, c in counts.items()
        if c[a] and c[b] and other not in ours
    ]
    shared.sort(key=lambda r: (-min(r["facts_a"], r["facts_b"]), -(r["facts_a"] + r["facts_b"]), r["id"]))
    return shared


def alignment_score(counts: dict[str, int]) -> float:
    """How aligned two actors look, in [0, 1): the mean over the five kinds of evidence (shared
    memberships, meetings, agreements, common opponents, common partners) of n / (n + 1), where n
    is how many of that kind there are. 0 is no evidence at all; one of each kind gives 0.5; each
    kind saturates, so a hundred meetings cannot outweigh having nothing else in common."""
    return round(sum(n / (n + 1) for n in counts.values()) / len(counts), 3) if counts else 0.0


def alignment(kg: KnowledgeGraph, selection: FactFilter, a: str, b: str) -> dict[str, Any]:
    """How aligned actors `a` and `b` are, from the filtered facts.

    A country's side includes the persons stated to hold office in it (so a meeting of two
    presidents is a meeting of their countries). Lists: organisations both are members of;
    meetings and visits between the two sides; agreements between them; entities both sides oppose,
    accuse, sanction or are in conflict with; entities both sides cooperate or agree with.
    """

    def compute() -> dict[str, Any]:
        side_a, side_b = side(kg, a), side(kg, b)
        owner: dict[str, set[str]] = defaultdict(set)
        for actor, members in ((a, side_a), (b, side_b)):
            for member in members:
                owner[member].add(actor)
        everyone = list(owner)
        either_end = (*HOSTILE_TYPES[3:], *FRIENDLY_TYPES)
        as_subject = _relations_of(
            kg,
            _narrowed(selection, ("membership", *MEETING_TYPES, *HOSTILE_TYPES, *FRIENDLY_TYPES)),
            everyone,
            as_target=False,
        )
        as_object = _relations_of(kg, _narrowed(selection, either_end), everyone, as_target=True)
        joined = [r for r in _per_other_end(as_subject, ("membership",)) if r[0] in (a, b)]
        memberships = _common(joined, {a: {a}, b: {b}}, a, b)
        meetings = _facts_between(as_subject, MEETING_TYPES, side_a, side_b)
        agreements = _facts_between(as_subject, ("agreement",), side_a, side_b)
        hostile = _per_other_end(as_subject, HOSTILE_TYPES) + _per_other_end(as_object, HOSTILE_TYPES[3:])
        friendly = _per_other_end(as_subject, FRIENDLY_TYPES) + _per_other_end(as_object, FRIENDLY_TYPES)
        opponents = _common(hostile, owner, a, b)
        partners = _common(friendly, owner, a, b)
        named = {r["id"] for r in memberships + opponents + partners}
        named |= {r[k] for r in meetings + agreements for k in ("subject", "object")}
        names = labels(kg, named | {a, b})
        for row in memberships + opponents + partners:
            row["label"] = names[row["id"]]["label"]
            row["kind"] = names[row["id"]]["kind"]
        for row in meetings + agreements:
            row["subject_label"] = names[row["subject"]]["label"]
            row["object_label"] = names[row["object"]]["label"]
        counts = {
            "shared_memberships": len(memberships),
            "meetings": sum(r["facts"] for r in meetings),
            "agreements": sum(r["facts"] for r in agreements),
            "common_opponents": len(opponents),
            "common_partners": len(partners),
        }
        return {
            "a": {"id": a, **names[a], "side": side_a},
            "b": {"id": b, **names[b], "side": side_b},
            "summary": {**counts, "score": alignment_score(counts)},
            "shared_memberships": memberships,
            "meetings": meetings,
            "agreements": agreements,
            "common_opponents": opponents,
            "common_partners": partners,
        }

    return cached(kg, ("alignment", selection, a, b), compute)
