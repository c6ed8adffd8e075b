"""Entity name search: exact names first, then names starting with the query, then names with words
starting with its words; the most mentioned of the matches are the ones described and ranked.

Names are looked up by key (kg.names: each name's folded form and the prefixes of its words), so a
query never scans names. A rare key's matches are few and all ranked. A common one ("a", "mar")
matches a share of every entity the corpus names, so its matches are read by ranked key
(dip:rankedKey: the key qualified by the entity's mention tier, kept by writes) from the most
mentioned tier down, and reading stops when enough are in hand: the cost follows the answer, not
the number of entities that share a prefix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.names import fold, query_keys
from kg.ontology import vocabulary
from kg.store import writes
from kg.store.entities import descriptions
from kg.vocab import DIP

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph

SEARCH_CANDIDATES = 50  # entities described and ranked per search (the most mentioned that match)
# Matches ranked in full; a key matching more is read tier by tier (at least SEARCH_CANDIDATES: the
# unmentioned matches the probe saw complete a walk that finds fewer mentioned ones).
SEARCH_PROBE = 200
_NAME_KEY = f"<{DIP.nameKey}>"


def _tier_steps() -> list[tuple[list[int], bool]]:
    """Ranked mention tiers from the top, one query each: all counts of four digits and more together
    (few entities), then each tier; below ten a tier is one count and needs no ordering."""
    top = [10 * digits + lead for digits in range(9, 3, -1) for lead in range(9, 0, -1)]
    steps: list[tuple[list[int], bool]] = [(top, True)]
    steps += [([10 * digits + lead], digits > 1) for digits in (3, 2, 1) for lead in range(9, 0, -1)]
    return [(tiers, ordered) for tiers, ordered in steps if min(tiers) >= writes.RANKED_FROM_TIER]


TIER_STEPS = _tier_steps()


def _count(row: Any) -> int:
    return int(row["c"].value) if row["c"] is not None else 0


def candidates(kg: KnowledgeGraph, q: str, kind: str | None = None) -> list[ox.NamedNode]:
    """The entities a search describes: exact names, then the most mentioned holding every key."""
    wanted, keys = fold(q), query_keys(q)
    if not wanted or not keys:
        return []
    kind_pattern = f" ?e a <{vocabulary().kind_class[kind]}> ." if kind is not None else ""
    patterns = " ".join(f"?e {_NAME_KEY} {ox.Literal(k)} ." for k in keys) + kind_pattern
    # (A one-word query's whole-name key is also a word-prefix key: no separate exact branch then.)
    whole = ox.Literal(wanted[:200])
    exact = f"{{ ?e {_NAME_KEY} {whole} . BIND(true AS ?x) }} UNION" if wanted not in keys else ""
    query = (
        f"SELECT ?e ?c ?x WHERE {{ {exact} {{ SELECT DISTINCT ?e WHERE {{ {patterns} }} "
        f"LIMIT {SEARCH_PROBE + 1} }} "
        f"OPTIONAL {{ GRAPH {writes.INDEX} {{ ?e {writes.MENTION_COUNT} ?c }} }} }}"
    )
    rows = list(kg._backend.query(query))  # type: ignore[arg-type]
    matches = [row for row in rows if row["x"] is None]
    exacts = [row["e"] for row in rows if row["x"] is not None]
    if len(matches) > SEARCH_PROBE:
        mentioned = _most_mentioned(kg, keys, kind_pattern)
        if len(mentioned) < SEARCH_CANDIDATES:  # then the unmentioned among the matches seen
            mentioned += [(row["e"], 0) for row in matches if row["c"] is None]
    else:
        mentioned = [(row["e"], _count(row)) for row in matches]
    mentioned.sort(key=lambda pair: -pair[1])
    return list(dict.fromkeys(exacts + [node for node, _ in mentioned[:SEARCH_CANDIDATES]]))


def _most_mentioned(kg: KnowledgeGraph, keys: list[str], kind_pattern: str) -> list[tuple[ox.NamedNode, int]]:
    """The SEARCH_CANDIDATES most mentioned entities holding every key, read by the ranked keys of
    the longest key from the top tier down (each step's entities outrank every later step's)."""
    lead, *rest = sorted(keys, key=len, reverse=True)
    others = " ".join(f"?e {_NAME_KEY} {ox.Literal(k)} ." for k in rest) + kind_pattern
    found: list[tuple[ox.NamedNode, int]] = []
    for tiers, ordered in TIER_STEPS:
        ranked = " ".join(str(ox.Literal(writes.ranked_key(t, lead))) for t in tiers)
        query = (
            f"SELECT ?e ?c WHERE {{ VALUES ?r {{ {ranked} }} GRAPH {writes.INDEX} {{ "
            f"?e {writes.RANKED_KEY} ?r ; {writes.MENTION_COUNT} ?c }} {others} }} "
            f"{'ORDER BY DESC(?c) ' if ordered else ''}LIMIT {SEARCH_CANDIDATES - len(found)}"
        )
        found += [(row["e"], _count(row)) for row in kg._backend.query(query)]  # type: ignore[union-attr]
        if len(found) >= SEARCH_CANDIDATES:
            return found
    # Below the ranked tiers, entities named once: tied, any of them will do. (The matches this
    # reads past are the few found above and unmentioned ones, so the scan stops early.)
    query = (
        f"SELECT ?e WHERE {{ ?e {_NAME_KEY} {ox.Literal(lead)} . {others} "
        f"GRAPH {writes.INDEX} {{ ?e {writes.MENTION_TIER} {writes.mention_tier(1)} }} }} "
        f"LIMIT {SEARCH_CANDIDATES - len(found)}"
    )
    found += [(row["e"], 1) for row in kg._backend.query(query)]  # type: ignore[union-attr]
    return found


def search_entities(
    kg: KnowledgeGraph, q: str, kind: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Entities named like `q`: exact names first, then names starting with it, then names with words
    starting with its words; labels before aliases, shorter names first."""
    wanted = fold(q)
    ranked = []
    for record in descriptions(kg, candidates(kg, q, kind)).values():
        if kind and record["kind"] != kind:
            continue
        best = None
        for position, name in enumerate([record["label"], *record["aliases"]]):
            folded = fold(name)
            score = 0 if folded == wanted else 1 if folded.startswith(wanted) else 2
            key = (score, position != 0, len(folded))
            if best is None or key < best[0]:
                best = (key, name)
        if best is not None:
            ranked.append((best[0], record["label"].casefold(), record, best[1]))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [
        {**record, "match": name, "match_type": ("exact", "prefix", "words")[key[0]]}
        for key, _label, record, name in ranked[:limit]
    ]
