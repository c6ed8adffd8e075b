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
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from kg import rdf
from kg.model import _ID_PREFIX, FACT_TYPES
from kg.store import entities, writes
from kg.store.reads import FactFilter, _dip

if TYPE_CHECKING:
    import networkx as nx

    from kg.store.graph import KnowledgeGraph

T = TypeVar("T")

CACHE_TTL = 30.0  # seconds a remote store's results are reused (it may change behind our back)
CACHE_ENTRIES = 64
SEED = 7  # Louvain and betweenness sampling are random: a fixed seed gives the same answer each time
# Exact betweenness costs one shortest-path search per node; above this many nodes it is estimated
# from BETWEENNESS_SAMPLES sources (networkx's `k=`), which keeps a 20,000-node graph near a second.
BETWEENNESS_EXACT_NODES = 500
BETWEENNESS_SAMPLES = 8
MAX_SIDE = 50  # office holders counted on an actor's side (the most mentioned first)

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
    """Label and kind of each entity, in one query (entities without a description get their id)."""
    wanted = sorted(set(ids))
    found = entities.descriptions(kg, [ox.NamedNode(str(rdf.entity_iri(i))) for i in wanted])
    return {
        i: {
            "label": found[i]["label"] if i in found else i,
            "kind": found.get(i, {}).get("kind") or kind_of(i),
        }
        for i in wanted
    }


def entity_edges(kg: KnowledgeGraph, selection: FactFilter) -> dict[tuple[str, str], int]:
    """Facts joining each pair of entities under `selection`, direction ignored, self-loops left out."""

    def compute() -> dict[tuple[str, str], int]:
        weights: dict[tuple[str, str], int] = defaultdict(int)
        if selection == FactFilter(types=selection.types):
            # By fact type only: the index's link counters hold these sums. Each counter gives two
            # rows (one per end), paired here: cheaper than comparing the ends in the store.
            types = ", ".join(str(ox.Literal(t)) for t in selection.types)
            typed = f"; {writes.LINK_TYPE} ?t FILTER(?t IN ({types}))" if types else ""
            query = (
                f"SELECT ?l ?e ?n WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.LINK_END} ?e ; "
                f"{writes.FACT_COUNT} ?n {typed} }} }}"
            )
            ends: dict[str, str] = {}
            for row in _query(kg, query):
                link, end = row["l"].value, _local(row["e"])
                other = ends.pop(link, None)
                if other is None:
                    ends[link] = end
                elif other != end:
                    weights[(other, end) if other < end else (end, other)] += int(row["n"].value)
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


def entity_network(kg: KnowledgeGraph, selection: FactFilter) -> nx.Graph:
    """The undirected entity graph: `weight` is the number of facts, nodes carry their `kind`.

    Shared by the cached answers: callers must not modify it.
    """
    import networkx as nx  # noqa: PLC0415  (loads only when analytics are asked for)

    def compute() -> nx.Graph:
        graph = nx.Graph()
        for (a, b), weight in entity_edges(kg, selection).items():
            graph.add_edge(a, b, weight=weight)
        for node in graph:
            graph.nodes[node]["kind"] = kind_of(node)
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
    import networkx as nx  # noqa: PLC0415

    def compute() -> list[list[str]]:
        graph = entity_network(kg, selection)
        if graph.number_of_edges() == 0:
            return []
        groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
        strength = dict(graph.degree(weight="weight"))
        # Members by their facts, most related first; groups largest first.
        ordered = [sorted(g, key=lambda n: (-strength[n], n)) for g in groups]
        ordered.sort(key=lambda g: (-len(g), g[0]))
        return ordered

    return cached(kg, ("communities", selection), compute)


def communities(
    kg: KnowledgeGraph, selection: FactFilter, limit: int = 20, members: int = 50
) -> dict[str, Any]:
    """Louvain communities of the filtered entity graph (weighted by facts, fixed seed), largest first.

    Each lists its size, the facts inside it, and its first `members` members, most related first.
    """

    def compute() -> dict[str, Any]:
        graph = entity_network(kg, selection)
        groups = _partition(kg, selection)
        shown = [group[:members] for group in groups[:limit]]
        names = labels(kg, (n for group in shown for n in group))
        out = []
        for rank, (group, listed) in enumerate(zip(groups, shown, strict=False)):
            inside = graph.subgraph(group).size(weight="weight")
            out.append(
                {
                    "rank": rank + 1,
                    "size": len(group),
                    "facts": int(inside),
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
    query = (
        f"SELECT ?p (COUNT(?f) AS ?n) WHERE {{ GRAPH ?g {{ ?f <{_dip('target')}> {_node(actor)} ; "
        f'<{_dip("factType")}> "position" ; <{_dip("agent")}> ?p }} }} GROUP BY ?p '
        f"ORDER BY DESC(?n) ?p LIMIT {MAX_SIDE}"
    )
    return [actor, *(p for p in (_local(r["p"]) for r in _query(kg, query)) if p != actor)]


def _values(ids: Iterable[str]) -> str:
    return " ".join(_node(i) for i in ids)


def _per_other_end(
    kg: KnowledgeGraph, selection: FactFilter | None, actors: list[str], either_end: bool
) -> list[tuple[str, str, int]]:
    """(actor, other entity, facts) for facts of `selection` with an actor as agent (or either end)."""
    if selection is None or not actors:
        return []
    agent, target = _dip("agent"), _dip("target")
    ends = f"{{ GRAPH ?g {{ ?f <{agent}> ?who ; <{target}> ?other }} }}"
    if either_end:
        ends += f" UNION {{ GRAPH ?g {{ ?f <{target}> ?who ; <{agent}> ?other }} }}"
    query = (
        f"SELECT ?who ?other (COUNT(DISTINCT ?f) AS ?n) WHERE {{ VALUES ?who {{ {_values(actors)} }}\n"
        f"{ends}\n{selection.where()} }} GROUP BY ?who ?other"
    )
    return [(_local(r["who"]), _local(r["other"]), int(r["n"].value)) for r in _query(kg, query)]


def _facts_between(
    kg: KnowledgeGraph, selection: FactFilter | None, side_a: list[str], side_b: list[str]
) -> list[dict[str, Any]]:
    """Facts of `selection` with one end on each side, per (subject, object, type): count, first, last.

    The store groups the facts whose agent is on either side (one index look-up per member; two
    VALUES lists joined in one query would make Oxigraph walk their cross product); the pairs that
    end on the other side are kept here.
    """
    if selection is None:
        return []
    query = (
        f"SELECT ?s ?o ?type (COUNT(DISTINCT ?f) AS ?n) (MIN(STR(?when)) AS ?first) "
        f"(MAX(STR(?when)) AS ?last) WHERE {{ VALUES ?s {{ {_values(dict.fromkeys(side_a + side_b))} }}\n"
        f"GRAPH ?g {{ ?f <{_dip('agent')}> ?s ; <{_dip('target')}> ?o }}\n"
        f"{selection.where()}\nOPTIONAL {{ GRAPH ?g {{ ?f <{_dip('date')}> ?when }} }}\n"
        f"}} GROUP BY ?s ?o ?type"
    )
    in_a, in_b = set(side_a), set(side_b)
    out = []
    for row in _query(kg, query):
        subject, other = _local(row["s"]), _local(row["o"])
        if not ((subject in in_a and other in in_b) or (subject in in_b and other in in_a)):
            continue
        first, last = row["first"], row["last"]
        out.append(
            {
                "subject": subject,
                "object": other,
                "type": row["type"].value,
                "facts": int(row["n"].value),
                "first": first.value if first is not None and first.value else None,
                "last": last.value if last is not None and last.value else None,
            }
        )
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
        membership = _narrowed(selection, ("membership",))
        joined = _per_other_end(kg, membership, [a, b], either_end=False)
        memberships = _common(joined, {a: {a}, b: {b}}, a, b)
        meetings = _facts_between(kg, _narrowed(selection, MEETING_TYPES), side_a, side_b)
        agreements = _facts_between(kg, _narrowed(selection, ("agreement",)), side_a, side_b)
        everyone = list(owner)
        hostile = _per_other_end(kg, _narrowed(selection, HOSTILE_TYPES[:3]), everyone, either_end=False)
        hostile += _per_other_end(kg, _narrowed(selection, HOSTILE_TYPES[3:]), everyone, either_end=True)
        friendly = _per_other_end(kg, _narrowed(selection, FRIENDLY_TYPES), everyone, either_end=True)
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
