"""How an article is written: its own graph, entity descriptions kept once, and the index kept current.

An article's named graph holds the article, its fact nodes and their shortcut triples. Entity
descriptions (type, label, Wikidata id, aliases, country) go to the entities graph, once per entity
and only what the reference graph does not already say, so a query over the union of graphs meets
each description once. The index graph holds derived data that writes and deletes maintain:
search keys of names, how many articles mention each entity, facts per type, articles and their
triples. Every change is one SPARQL Update request, so it is one transaction on any backend.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import rdf
from kg.model import Article, Fact
from kg.names import name_keys
from kg.ontology import vocabulary
from kg.store.backends import triples_of
from kg.vocab import DIP, ENTITIES_GRAPH, ID, INDEX_GRAPH, REFERENCE_GRAPH

ENTITIES = ox.NamedNode(str(ENTITIES_GRAPH))
INDEX = ox.NamedNode(str(INDEX_GRAPH))
REFERENCE = ox.NamedNode(str(REFERENCE_GRAPH))

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
_QID, _COUNTRY = ox.NamedNode(str(DIP.qid)), ox.NamedNode(str(DIP.country))
RDF_TYPE, LABEL, COUNTRY = _RDF_TYPE, _LABEL, _COUNTRY
DESCRIPTION_PREDICATES = frozenset({_RDF_TYPE, _LABEL, _ALT_LABEL, _SAME_AS, _QID, _COUNTRY})
# The predicates by which an article graph names entities (what it "mentions").
MENTION_PREDICATES = tuple(ox.NamedNode(str(p)) for p in (DIP.agent, DIP.target, DIP.host, DIP.location))

NAME_KEY = ox.NamedNode(str(DIP.nameKey))
MENTION_COUNT = ox.NamedNode(str(DIP.mentionCount))
MENTION_TIER = ox.NamedNode(str(DIP.mentionTier))
RANKED_KEY = ox.NamedNode(str(DIP.rankedKey))
FACT_COUNT = ox.NamedNode(str(DIP.factCount))
ARTICLE_COUNT = ox.NamedNode(str(DIP.articleCount))
ENTITY_COUNT = ox.NamedNode(str(DIP.entityCount))
LINK_END = ox.NamedNode(str(DIP.linkEnd))
LINK_TYPE = ox.NamedNode(str(DIP.linkType))
LINK_BASE = str(ID["stats/link/"])
LINK_KEY = ox.NamedNode(str(DIP.linkKey))
KEY_BASE = str(ID["stats/key/"])
DEGREE_OF = ox.NamedNode(str(DIP.degreeOf))
DIRECTION = ox.NamedNode(str(DIP.direction))
DEGREE_BASE = str(ID["stats/degree/"])
TRIPLE_COUNT = ox.NamedNode(str(DIP.tripleCount))
FACT_TYPE = ox.NamedNode(str(DIP.factType))
AGENT = ox.NamedNode(str(DIP.agent))
TARGET = ox.NamedNode(str(DIP.target))
EDGE_RECORD = ox.NamedNode(str(DIP.edgeRecord))
IN_LINK = ox.NamedNode(str(DIP.inLink))
STATED_RECORD = ox.NamedNode(str(DIP.statedRecord))
STATED_GROUP = ox.NamedNode(str(DIP.statedGroup))
LINK_COUNT = ox.NamedNode(str(DIP.linkCount))
PARTNER_COUNT = ox.NamedNode(str(DIP.partnerCount))
# The fact types whose facts say what one actor is to another (an office, a membership's status),
# with the property saying it: their links carry a dip:statedRecord per fact for entity records.
STATED_ATTRIBUTES = {
    "position": ox.NamedNode(str(DIP.role)),
    "membership": ox.NamedNode(str(DIP.status)),
}
DATE, MODALITY = ox.NamedNode(str(DIP.date)), ox.NamedNode(str(DIP.modality))
CONFIDENCE = ox.NamedNode(str(DIP.confidence))
ARTICLES_COUNTER = ox.NamedNode(str(ID["stats/articles"]))
REFERENCE_COUNTER = ox.NamedNode(str(ID["stats/reference"]))


def type_counter(fact_type: str) -> ox.NamedNode:
    """The index node counting the stored facts of one type."""
    return ox.NamedNode(str(ID[f"stats/type/{fact_type}"]))


def kind_counter(kind: str) -> ox.NamedNode:
    """The index node counting the mentioned entities of one kind."""
    return ox.NamedNode(str(ID[f"stats/kind/{kind}"]))


def kind_of(entity: ox.NamedNode) -> str | None:
    """The kind of an entity from its IRI's id prefix (person/, country/, org/, bloc/)."""
    base = str(ID)
    if not entity.value.startswith(base):
        return None
    return KIND_OF_PREFIX.get(entity.value[len(base) :].split("/", 1)[0])


KIND_OF_PREFIX = {"person": "person", "country": "country", "org": "organization", "bloc": "bloc"}


def with_kind_counts(
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
) -> dict[tuple[ox.NamedNode, ox.NamedNode], int]:
    """`deltas` plus the moves of the per-kind entity counters: an entity whose mention count leaves
    zero adds one to its kind, one that falls to zero takes one away."""
    out = dict(deltas)
    for (node, prop), delta in deltas.items():
        if prop != MENTION_COUNT or not delta:
            continue
        before = current.get((node, prop), 0)
        after = max(0, before + delta)
        kind = kind_of(node)
        if kind is not None and (before == 0) != (after == 0):
            key = (kind_counter(kind), ENTITY_COUNT)
            out[key] = out.get(key, 0) + (1 if after else -1)
    return out


Link = tuple[ox.NamedNode, ox.NamedNode, str]


def link(a: ox.NamedNode, b: ox.NamedNode, fact_type: str) -> Link:
    """A link key: the two ends in IRI order (direction is dropped) and the fact type."""
    return (a, b, fact_type) if a.value <= b.value else (b, a, fact_type)


def link_node(key: Link) -> ox.NamedNode:
    """The index node counting the facts of one type between two actors (SHA-1 of ends and type,
    the same IRI recount_update computes in SPARQL)."""
    a, b, fact_type = key
    digest = hashlib.sha1(f"{a.value}|{b.value}|{fact_type}".encode()).hexdigest()
    return ox.NamedNode(LINK_BASE + digest)


def link_key(entity: ox.NamedNode, fact_type: str) -> ox.NamedNode:
    """The index node keying an actor's links of one type (SHA-1 of actor and type, as
    recount_update computes it)."""
    digest = hashlib.sha1(f"{entity.value}|{fact_type}".encode()).hexdigest()
    return ox.NamedNode(KEY_BASE + digest)


def link_keys_update() -> str:
    """An update that keys every link counter by its two (actor, type) pairs (dip:linkKey)."""
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?l {LINK_KEY} ?k }} }} WHERE {{ GRAPH {INDEX} {{ "
        f"?l {LINK_TYPE} ?type ; {LINK_END} ?e }} "
        f"BIND(IRI(CONCAT({ox.Literal(KEY_BASE)}, SHA1(CONCAT(STR(?e), '|', STR(?type))))) AS ?k) }}"
    )


def _counters_described(
    change: IndexChange,
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    descriptions: dict[ox.NamedNode, list[ox.Triple]],
) -> None:
    """Add the description of each counter node whose count leaves zero; forget those that fall to it."""
    for node, triples in descriptions.items():
        before = current.get((node, FACT_COUNT), 0)
        after = max(0, before + deltas.get((node, FACT_COUNT), 0))
        if after and not before:
            change.new.extend(triples)
        elif before and not after:
            change.forgotten.add(node)


def link_changes(
    change: IndexChange,
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    links: dict[ox.NamedNode, Link],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
) -> None:
    """Describe link counters that appear (their ends, type and keys) and forget those that fall to zero."""
    descriptions = {
        node: [
            ox.Triple(node, LINK_END, a),
            ox.Triple(node, LINK_END, b),
            ox.Triple(node, LINK_TYPE, ox.Literal(fact_type)),
            ox.Triple(node, LINK_KEY, link_key(a, fact_type)),
            ox.Triple(node, LINK_KEY, link_key(b, fact_type)),
        ]
        for node, (a, b, fact_type) in links.items()
    }
    _counters_described(change, current, deltas, descriptions)
    for node, (a, b, fact_type) in links.items():
        if fact_type not in STATED_ATTRIBUTES:
            continue
        before = current.get((node, FACT_COUNT), 0)
        after = max(0, before + deltas.get((node, FACT_COUNT), 0))
        if before == after:
            continue
        for end in (a, b):
            if before:
                change.old.append(ox.Triple(link_key(end, fact_type), LINK_COUNT, link_count(node, before)))
            if after:
                change.new.append(ox.Triple(link_key(end, fact_type), LINK_COUNT, link_count(node, after)))


def link_count(link: ox.NamedNode, count: int) -> ox.Literal:
    """The dip:linkCount string of a link on the keys of its ends: its IRI and its count."""
    return ox.Literal(f"{link.value} {count}")


def link_counts_update() -> str:
    """An update that writes on each actor's key of a stated type its links with their counts."""
    types = " ".join(str(ox.Literal(t)) for t in STATED_ATTRIBUTES)
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?k {LINK_COUNT} ?r }} }} WHERE {{ GRAPH {INDEX} {{ "
        f"VALUES ?type {{ {types} }} ?l {LINK_TYPE} ?type ; {LINK_KEY} ?k ; {FACT_COUNT} ?c }} "
        "BIND(CONCAT(STR(?l), ' ', STR(?c)) AS ?r) }"
    )


def pair_links(pairs: Iterable[tuple[ox.NamedNode, ox.NamedNode]]) -> dict[ox.NamedNode, Link]:
    """The link counter nodes of every fact type between each pair (what a pair's count sums)."""
    from kg.fact_types import FACT_TYPES  # noqa: PLC0415

    return {link_node((a, b, t)): (a, b, t) for a, b in pairs for t in FACT_TYPES}


PARTNERS_BASE = str(ID["stats/partners/"])


def partner_node(entity: ox.NamedNode) -> ox.NamedNode:
    """The index node holding an actor's partner counts (SHA-1 of its IRI, as partner_counts_update
    computes it): apart from the actor, so that describing an entity does not list thousands."""
    return ox.NamedNode(PARTNERS_BASE + hashlib.sha1(entity.value.encode()).hexdigest())


def partner_record(other: ox.NamedNode, count: int) -> ox.Literal:
    """The dip:partnerCount string of an actor for one partner: its IRI and the facts they share."""
    return ox.Literal(f"{other.value} {count}")


def partner_changes(
    change: IndexChange,
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    links: dict[ox.NamedNode, Link],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
) -> None:
    """Swap the two dip:partnerCount strings of each pair whose links move: its count before is the
    sum of its link counters of every type in `current` (read for all of them), after it the same
    plus the moves in `deltas`."""
    moved: dict[tuple[ox.NamedNode, ox.NamedNode], int] = {}
    for node, (a, b, _) in links.items():
        moved[(a, b)] = moved.get((a, b), 0) + deltas.get((node, FACT_COUNT), 0)
    for (a, b), delta in moved.items():
        if not delta:
            continue
        before = sum(current.get((node, FACT_COUNT), 0) for node in pair_links([(a, b)]))
        after = max(0, before + delta)
        for this, other in ((a, b), (b, a)):
            if before:
                change.old.append(ox.Triple(partner_node(this), PARTNER_COUNT, partner_record(other, before)))
            if after:
                change.new.append(ox.Triple(partner_node(this), PARTNER_COUNT, partner_record(other, after)))


def partner_counts_update() -> str:
    """An update that writes every actor's dip:partnerCount strings from the link counters."""
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?k {PARTNER_COUNT} ?r }} }} WHERE {{ "
        f"{{ SELECT ?x ?y (SUM(?c) AS ?n) WHERE {{ GRAPH {INDEX} {{ ?l {LINK_END} ?x ; {LINK_END} ?y ; "
        f"{FACT_COUNT} ?c FILTER(?x != ?y) }} }} GROUP BY ?x ?y }} "
        "BIND(CONCAT(STR(?y), ' ', STR(?n)) AS ?r) "
        f"BIND(IRI(CONCAT({ox.Literal(PARTNERS_BASE)}, SHA1(STR(?x)))) AS ?k) }}"
    )


Degree = tuple[ox.NamedNode, str, str]  # actor, fact type, "outgoing" or "incoming"


def degree_node(key: Degree) -> ox.NamedNode:
    """The index node counting one actor's facts of one type at one end (SHA-1, as recount_update)."""
    entity, fact_type, direction = key
    digest = hashlib.sha1(f"{entity.value}|{fact_type}|{direction}".encode()).hexdigest()
    return ox.NamedNode(DEGREE_BASE + digest)


def degree_changes(
    change: IndexChange,
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    degrees: dict[ox.NamedNode, Degree],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
) -> None:
    """Describe degree counters that appear and forget those that fall to zero."""
    descriptions = {
        node: [
            ox.Triple(node, DEGREE_OF, entity),
            ox.Triple(node, LINK_TYPE, ox.Literal(fact_type)),
            ox.Triple(node, DIRECTION, ox.Literal(direction)),
        ]
        for node, (entity, fact_type, direction) in degrees.items()
    }
    _counters_described(change, current, deltas, descriptions)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


@dataclass
class ArticleWrite:
    """What one article contributes to each graph, before the store's current state is known."""

    graph: ox.NamedNode
    triples: list[ox.Triple]
    descriptions: list[ox.Triple]
    keys: list[ox.Triple]
    entities: set[ox.NamedNode] = field(default_factory=set)
    facts_by_type: Counter[str] = field(default_factory=Counter)
    links: Counter[Link] = field(default_factory=Counter)
    degrees: Counter[Degree] = field(default_factory=Counter)


@functools.cache
def reference_triples() -> frozenset[ox.Triple]:
    """The triples of the reference graph as this code base writes it (from ontology/reference)."""
    from kg.reference import load_reference  # noqa: PLC0415

    return frozenset(triples_of(rdf.reference_graph(load_reference())))


@functools.cache
def _kind_classes() -> frozenset[ox.NamedNode]:
    return frozenset(ox.NamedNode(str(c)) for c in vocabulary().kind_class.values())


def plan_article(article: Article, facts: list[Fact]) -> ArticleWrite:
    """Split the article's full graph (kg.rdf.article_graph) into its graph, descriptions and keys."""
    triples = triples_of(rdf.article_graph(article, facts))
    kinds = _kind_classes()
    entities = {t.subject for t in triples if t.predicate == _RDF_TYPE and t.object in kinds}
    own: list[ox.Triple] = []
    described: list[ox.Triple] = []
    for t in triples:
        (described if t.subject in entities and t.predicate in DESCRIPTION_PREDICATES else own).append(t)
    descriptions, keys = entity_descriptions(described)
    graph = ox.NamedNode(str(rdf.article_graph_iri(article.id)))
    counts = Counter(
        t.object.value for t in own if t.predicate == FACT_TYPE and isinstance(t.object, ox.Literal)
    )
    links, degrees = fact_links(own)
    return ArticleWrite(graph, own, descriptions, keys, entities, counts, links, degrees)  # type: ignore[arg-type]


def fact_links(triples: list[ox.Triple]) -> tuple[Counter[Link], Counter[Degree]]:
    """Facts per link (two different actors and a fact type), and per actor, type and end (a fact
    whose subject is also its object counts once, outgoing), among an article graph's triples."""
    ends: dict[Any, dict[ox.NamedNode, Any]] = {}
    for t in triples:
        if t.predicate in (FACT_TYPE, AGENT, TARGET):
            ends.setdefault(t.subject, {})[t.predicate] = t.object
    found: Counter[Link] = Counter()
    degrees: Counter[Degree] = Counter()
    for parts in ends.values():
        a, b, kind = parts.get(AGENT), parts.get(TARGET), parts.get(FACT_TYPE)
        if kind is None:
            continue
        if isinstance(a, ox.NamedNode):
            degrees[(a, kind.value, "outgoing")] += 1
        if isinstance(b, ox.NamedNode) and b != a:
            degrees[(b, kind.value, "incoming")] += 1
        if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode) and a != b:
            found[link(a, b, kind.value)] += 1
    return found, degrees


def edge_records_update(graph: str = "?g") -> str:
    """An update that writes the dip:edgeRecord and dip:inLink of every fact between two different
    actors in the article graphs (or in one graph: each write runs it after inserting the article).
    The store builds them, so a record holds numbers and dates as the store writes them ("1", not
    "1.0"); the link is the IRI `link_node` gives."""
    base = ox.Literal(str(ID))
    prefix = ox.Literal(str(rdf.article_graph_iri("x"))[:-1])
    articles = f"FILTER(STRSTARTS(STR(?g), {prefix}))" if graph == "?g" else ""
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?f {EDGE_RECORD} ?r ; {IN_LINK} ?l }} }} WHERE {{ GRAPH {graph} {{ "
        f"?f {FACT_TYPE} ?type ; {AGENT} ?a ; {TARGET} ?b "
        f"OPTIONAL {{ ?f {DATE} ?d }} OPTIONAL {{ ?f {MODALITY} ?m }} OPTIONAL {{ ?f {CONFIDENCE} ?c }} "
        f"FILTER(?a != ?b && isIRI(?a) && isIRI(?b) && STRSTARTS(STR(?a), {base}) "
        f"&& STRSTARTS(STR(?b), {base})) }} {articles} "
        "BIND(CONCAT(STR(?type), ' ', COALESCE(STR(?d), '-'), ' ', "
        "COALESCE(STRAFTER(STR(?m), '#'), '-'), ' ', COALESCE(STR(?c), '-'), ' ', "
        f"STRAFTER(STR(?a), {base}), ' ', STRAFTER(STR(?b), {base})) AS ?r) "
        "BIND(IF(STR(?a) <= STR(?b), CONCAT(STR(?a), '|', STR(?b)), CONCAT(STR(?b), '|', STR(?a))) AS ?ends) "
        f"BIND(IRI(CONCAT({ox.Literal(LINK_BASE)}, SHA1(CONCAT(?ends, '|', STR(?type))))) AS ?l) }}"
    )


def stated_records_update(graph: str = "?g") -> str:
    """An update that writes, on the link of every position or membership fact between two
    different actors (in the article graphs, or in one graph after a write), its dip:statedRecord:
    the fact's IRI, role or status IRI ("-" for none), graph IRI, date, modality's local name and
    the two ends' local ids, so that an entity record reads one string per fact of a link."""
    base = ox.Literal(str(ID))
    prefix = ox.Literal(str(rdf.article_graph_iri("x"))[:-1])
    articles = f"FILTER(STRSTARTS(STR(?g), {prefix}))" if graph == "?g" else ""
    kinds = " ".join(f"({ox.Literal(t)} {p})" for t, p in STATED_ATTRIBUTES.items())
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?l {STATED_RECORD} ?s }} }} WHERE {{ GRAPH {graph} {{ "
        f"VALUES (?type ?p) {{ {kinds} }} ?f {FACT_TYPE} ?type ; {AGENT} ?a ; {TARGET} ?b "
        f"OPTIONAL {{ ?f ?p ?v }} OPTIONAL {{ ?f {DATE} ?d }} OPTIONAL {{ ?f {MODALITY} ?m }} "
        f"FILTER(?a != ?b && isIRI(?a) && isIRI(?b) && STRSTARTS(STR(?a), {base}) "
        f"&& STRSTARTS(STR(?b), {base})) }} {articles} "
        f"BIND(CONCAT(STR(?f), ' ', COALESCE(STR(?v), '-'), ' ', STR({graph}), ' ', COALESCE(STR(?d), '-'), "
        f"' ', COALESCE(STRAFTER(STR(?m), '#'), '-'), ' ', STRAFTER(STR(?a), {base}), ' ', "
        f"STRAFTER(STR(?b), {base})) AS ?s) "
        "BIND(IF(STR(?a) <= STR(?b), CONCAT(STR(?a), '|', STR(?b)), CONCAT(STR(?b), '|', STR(?a))) AS ?ends) "
        f"BIND(IRI(CONCAT({ox.Literal(LINK_BASE)}, SHA1(CONCAT(?ends, '|', ?type)))) AS ?l) }}"
    )


def stated_groups_update(links: Iterable[ox.NamedNode] | None = None) -> str:
    """An update that rewrites the dip:statedGroup strings of links (all links with stated records
    when `links` is None) from their dip:statedRecord strings: one per role or status, modality,
    subject and object, with how many facts say it, the latest date ("-" for none) and the fact of
    the least IRI with its graph (an entity record reads these, not one string per fact)."""
    scope = ""
    if links is not None:
        chosen = list(links)
        if not chosen:
            return ""
        scope = f"VALUES ?l {{ {values(chosen)} }} "
    record = "^([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+) ([^ ]+ [^ ]+)$"
    return (
        f"DELETE {{ GRAPH {INDEX} {{ ?l {STATED_GROUP} ?x }} }} WHERE {{ {scope}"
        f"GRAPH {INDEX} {{ ?l {STATED_GROUP} ?x }} }} ;\n"
        f"INSERT {{ GRAPH {INDEX} {{ ?l {STATED_GROUP} ?x }} }} WHERE {{ "
        f"{{ SELECT ?l ?key (COUNT(DISTINCT ?f) AS ?n) (MAX(?d) AS ?date) (MIN(?fg) AS ?sample) WHERE {{ "
        f"{scope}GRAPH {INDEX} {{ ?l {STATED_RECORD} ?s }} "
        f'BIND(REPLACE(?s, "{record}", "$2 $5 $6") AS ?key) '
        f'BIND(REPLACE(?s, "{record}", "$1") AS ?f) '
        f'BIND(REPLACE(?s, "{record}", "$4") AS ?d) '
        f'BIND(REPLACE(?s, "{record}", "$1 $3") AS ?fg) }} GROUP BY ?l ?key }} '
        "BIND(CONCAT(?key, ' ', STR(?n), ' ', ?date, ' ', ?sample) AS ?x) }"
    )


@functools.cache
def _reference_index() -> tuple[frozenset[ox.NamedNode], dict[ox.NamedNode, frozenset[str]]]:
    """Entities the reference describes, and the search keys it already holds for each."""
    reference = reference_triples()
    described = frozenset(t.subject for t in reference if t.predicate == _RDF_TYPE)
    keys: dict[ox.NamedNode, set[str]] = {}
    for t in reference:
        if t.predicate == NAME_KEY:
            keys.setdefault(t.subject, set()).add(t.object.value)  # type: ignore[arg-type, union-attr]
    return described, {k: frozenset(v) for k, v in keys.items()}  # type: ignore[return-value]


def reference_name_keys() -> dict[ox.NamedNode, frozenset[str]]:
    """The search keys the reference graph holds for each entity it describes."""
    return _reference_index()[1]


def entity_descriptions(described: Iterable[ox.Triple]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """Entity-graph triples (what the reference does not say already) and index keys of their names.

    A reference entity named differently in an article keeps the reference's label; the article's
    name becomes an alias.
    """
    reference = reference_triples()
    in_reference, reference_keys = _reference_index()
    kept: list[ox.Triple] = []
    names: dict[ox.NamedNode, set[str]] = {}
    for t in described:
        if t.predicate in (_LABEL, _ALT_LABEL):
            names.setdefault(t.subject, set()).add(t.object.value)  # type: ignore[arg-type, union-attr]
            if t.subject in in_reference and t.predicate == _LABEL:
                t = ox.Triple(t.subject, _ALT_LABEL, t.object)
        if t not in reference:
            kept.append(t)
    keys = []
    for entity, entity_names in names.items():
        known = reference_keys.get(entity, frozenset())
        keys += [ox.Triple(entity, NAME_KEY, ox.Literal(k)) for k in sorted(name_keys(entity_names) - known)]
    return list(dict.fromkeys(kept)), keys


def article_quads(article: Article, facts: list[Fact]) -> list[ox.Quad]:
    """The quads an article adds, for bulk files (`kg extract --format nq`, then `kg load`).

    Counters are not among them: `kg load` recounts the index after loading.
    """
    write = plan_article(article, facts)
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for graph, triples in (
            (write.graph, write.triples),
            (ENTITIES, write.descriptions),
            (INDEX, write.keys),
        )
        for t in triples
    ]


def data_block(graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> str:
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"GRAPH {graph} {{\n{body}\n}}" if body else ""


def values(nodes: Iterable[ox.NamedNode]) -> str:
    return " ".join(str(n) for n in nodes)


@dataclass
class IndexChange:
    """Counter values before and after a write, and the entities no article mentions any more."""

    old: list[ox.Triple] = field(default_factory=list)
    new: list[ox.Triple] = field(default_factory=list)
    forgotten: set[ox.NamedNode] = field(default_factory=set)


def mention_tier(count: int) -> int:
    """dip:mentionTier of a mention count: ten times its digits plus its leading digit (0 for 0)."""
    text = str(count)
    return 10 * len(text) + int(text[0]) if count > 0 else 0


def mention_tier_sparql(count: str) -> str:
    """mention_tier as a SPARQL expression of an integer variable."""
    cast = "<http://www.w3.org/2001/XMLSchema#integer>"
    return f"(10 * STRLEN(STR({count})) + {cast}(SUBSTR(STR({count}), 1, 1)))"


def counter_change(
    current: dict[tuple[ox.NamedNode, ox.NamedNode], int],
    deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int],
) -> IndexChange:
    """The index triples to swap for counters moved by `deltas` (a counter at zero is removed)."""
    change = IndexChange()
    for (node, prop), delta in deltas.items():
        if not delta:
            continue
        before = current.get((node, prop), 0)
        after = max(0, before + delta)
        if before:
            change.old.append(ox.Triple(node, prop, integer(before)))
        if after:
            change.new.append(ox.Triple(node, prop, integer(after)))
        elif prop == MENTION_COUNT:
            change.forgotten.add(node)
        if prop == MENTION_COUNT and mention_tier(before) != mention_tier(after):
            if before:
                change.old.append(ox.Triple(node, MENTION_TIER, integer(mention_tier(before))))
            if after:
                change.new.append(ox.Triple(node, MENTION_TIER, integer(mention_tier(after))))
    return change


def mention_tiers_update() -> str:
    """An update that writes every entity's dip:mentionTier from its mention count."""
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?e {MENTION_TIER} ?t }} }} WHERE {{ GRAPH {INDEX} {{ "
        f"?e {MENTION_COUNT} ?c FILTER(?c > 0) }} BIND({mention_tier_sparql('?c')} AS ?t) }}"
    )


# Entities named by one article (most of a corpus's long tail) have no ranked keys: a search whose
# walk runs out of ranked tiers takes them by name key, where they are all tied.
RANKED_FROM_TIER = 12  # mention_tier(2)


def ranked_key(tier: int, key: str) -> str:
    """dip:rankedKey of a word-prefix name key in a mention tier."""
    return f"{tier} {key}"


def ranked_keys_update(entities: Iterable[ox.NamedNode] | None = None) -> str:
    """An update that rewrites the ranked keys (dip:rankedKey) of `entities`, or of every entity,
    from their word-prefix name keys (index or reference graph) and their mention tier (from
    RANKED_FROM_TIER)."""
    if entities is not None:
        chosen = list(entities)
        if not chosen:
            return ""
        scope = f"VALUES ?e {{ {values(chosen)} }} "
    else:
        scope = ""
    return (
        f"DELETE {{ GRAPH {INDEX} {{ ?e {RANKED_KEY} ?r }} }} WHERE {{ {scope}"
        f"GRAPH {INDEX} {{ ?e {RANKED_KEY} ?r }} }} ;\n"
        f"INSERT {{ GRAPH {INDEX} {{ ?e {RANKED_KEY} ?r }} }} WHERE {{ {scope}"
        f"GRAPH {INDEX} {{ ?e {MENTION_TIER} ?t }} FILTER(?t >= {RANKED_FROM_TIER}) "
        f"{{ GRAPH {INDEX} {{ ?e {NAME_KEY} ?k }} }} UNION {{ GRAPH {REFERENCE} {{ ?e {NAME_KEY} ?k }} }} "
        "FILTER(!CONTAINS(?k, ' ')) BIND(CONCAT(STR(?t), ' ', ?k) AS ?r) }"
    )


def ranked_keys_insert(keys: list[ox.Triple]) -> str:
    """An update that adds the ranked keys of name-key triples in their entity's current tier."""
    words = [t for t in keys if isinstance(t.object, ox.Literal) and " " not in t.object.value]
    if not words:
        return ""
    rows = " ".join(f"({t.subject} {t.object})" for t in words)
    return (
        f"INSERT {{ GRAPH {INDEX} {{ ?e {RANKED_KEY} ?r }} }} WHERE {{ VALUES (?e ?k) {{ {rows} }} "
        f"GRAPH {INDEX} {{ ?e {MENTION_TIER} ?t }} FILTER(?t >= {RANKED_FROM_TIER}) "
        "BIND(CONCAT(STR(?t), ' ', ?k) AS ?r) }"
    )


def update_request(
    graph: ox.NamedNode,
    write: ArticleWrite | None,
    change: IndexChange,
    stated_links: Iterable[ox.NamedNode] = (),
) -> str:
    """One SPARQL Update: the article's graph replaced (or dropped), descriptions, keys, edge and
    stated records, the stated groups of `stated_links` (the position and membership links the
    write moves) and counters."""
    parts = [
        # A stored fact's stated records on its link (found through its dip:inLink), then its own.
        f"DELETE {{ GRAPH {INDEX} {{ ?l {STATED_RECORD} ?s }} }} WHERE {{ GRAPH {graph} {{ "
        f"?f {FACT_TYPE} ?type }} GRAPH {INDEX} {{ ?f {IN_LINK} ?l . ?l {STATED_RECORD} ?s }} "
        "FILTER(STRSTARTS(?s, CONCAT(STR(?f), ' '))) }",
        f"DELETE {{ GRAPH {INDEX} {{ ?f ?p ?r }} }} WHERE {{ GRAPH {graph} {{ ?f {FACT_TYPE} ?type }} "
        f"GRAPH {INDEX} {{ VALUES ?p {{ {EDGE_RECORD} {IN_LINK} }} ?f ?p ?r }} }}",
        f"DROP SILENT GRAPH {graph}",
    ]
    inserts = []
    if write is not None:
        inserts = [
            data_block(graph, write.triples),
            data_block(ENTITIES, write.descriptions),
            data_block(INDEX, write.keys),
        ]
    if change.old:
        parts.append(f"DELETE DATA {{ {data_block(INDEX, change.old)} }}")
    inserts.append(data_block(INDEX, change.new))
    inserts = [block for block in inserts if block]
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    if write is not None:
        parts.append(edge_records_update(str(graph)))
        parts.append(stated_records_update(str(graph)))
    groups = stated_groups_update(stated_links)
    if groups:
        parts.append(groups)
    # Ranked keys after the counters and keys they are made of: all of an entity whose tier moved,
    # and the written keys of the others in their tier (a key already stored is stored again).
    reranked = {t.subject for t in change.new if t.predicate == MENTION_TIER} - change.forgotten
    if reranked:
        parts.append(ranked_keys_update(sorted(reranked, key=str)))  # type: ignore[arg-type]
    if write is not None:
        added = ranked_keys_insert([t for t in write.keys if t.subject not in reranked])
        if added:
            parts.append(added)
    if change.forgotten:
        for target in (ENTITIES, INDEX):
            parts.append(
                f"DELETE {{ GRAPH {target} {{ ?e ?p ?o }} }} "
                f"WHERE {{ VALUES ?e {{ {values(change.forgotten)} }} "
                f"GRAPH {target} {{ ?e ?p ?o }} }}"
            )
    return " ;\n".join(parts)


@dataclass
class ArticleState:
    """What a stored article graph holds now: entities it names, facts per type, its triples."""

    exists: bool = False
    entities: set[ox.NamedNode] = field(default_factory=set)
    facts_by_type: Counter[str] = field(default_factory=Counter)
    links: Counter[Link] = field(default_factory=Counter)
    degrees: Counter[Degree] = field(default_factory=Counter)
    triples: int = 0


def counters_update(change: IndexChange) -> str:
    """The update that swaps counter values (no article graph involved)."""
    parts = []
    if change.old:
        parts.append(f"DELETE DATA {{ {data_block(INDEX, change.old)} }}")
    if change.new:
        parts.append(f"INSERT DATA {{ {data_block(INDEX, change.new)} }}")
    return " ;\n".join(parts) or f"CLEAR SILENT GRAPH <{ID['nothing']}>"


# The index's derived predicates: what a recount deletes and writes again (name keys stay).
COUNTED = (
    MENTION_COUNT,
    MENTION_TIER,
    RANKED_KEY,
    FACT_COUNT,
    ARTICLE_COUNT,
    TRIPLE_COUNT,
    ENTITY_COUNT,
    LINK_END,
    LINK_TYPE,
    LINK_KEY,
    DEGREE_OF,
    DIRECTION,
    EDGE_RECORD,
    IN_LINK,
    STATED_RECORD,
    STATED_GROUP,
    LINK_COUNT,
    PARTNER_COUNT,
)
ARTICLE_GRAPH_BASE = str(rdf.article_graph_iri("x"))[:-1]


def clear_counted_update() -> str:
    """An update that deletes the index's derived data (the first step of a recount)."""
    return (
        f"DELETE {{ GRAPH {INDEX} {{ ?n ?p ?v }} }} "
        f"WHERE {{ GRAPH {INDEX} {{ VALUES ?p {{ {values(COUNTED)} }} ?n ?p ?v }} }}"
    )


def recount_update() -> str:
    """An update that recomputes every counter of the index from the stored graphs (a full scan)."""
    prefix = ox.Literal(ARTICLE_GRAPH_BASE)
    articles = f"FILTER(STRSTARTS(STR(?g), {prefix}))"
    mentions = " ".join(str(p) for p in MENTION_PREDICATES)
    type_base = ox.Literal(str(ID["stats/type/"]))
    return " ;\n".join(
        [
            clear_counted_update(),
            f"INSERT {{ GRAPH {INDEX} {{ ?e {MENTION_COUNT} ?c }} }} "
            f"WHERE {{ SELECT ?e (COUNT(DISTINCT ?g) AS ?c) "
            f"WHERE {{ GRAPH ?g {{ VALUES ?p {{ {mentions} }} ?f ?p ?e }} {articles} }} GROUP BY ?e }}",
            mention_tiers_update(),
            ranked_keys_update(),
            *(
                f"INSERT {{ GRAPH {INDEX} {{ {kind_counter(kind)} {ENTITY_COUNT} ?c }} }} WHERE {{ "
                f"SELECT (COUNT(?e) AS ?c) WHERE {{ GRAPH {INDEX} {{ ?e {MENTION_COUNT} ?m }} "
                f"FILTER(STRSTARTS(STR(?e), {ox.Literal(str(ID[prefix + '/']))})) }} "
                "HAVING (COUNT(?e) > 0) }"
                for prefix, kind in KIND_OF_PREFIX.items()
            ),
            f"INSERT {{ GRAPH {INDEX} {{ ?l {FACT_COUNT} ?c ; {LINK_END} ?a, ?b ; {LINK_TYPE} ?type }} }} "
            f"WHERE {{ {{ SELECT ?a ?b ?type (COUNT(?f) AS ?c) WHERE {{ GRAPH ?g {{ ?f {FACT_TYPE} ?type ; "
            f"{AGENT} ?x ; {TARGET} ?y FILTER(?x != ?y && isIRI(?x) && isIRI(?y)) }} {articles} "
            "BIND(IF(STR(?x) <= STR(?y), ?x, ?y) AS ?a) BIND(IF(STR(?x) <= STR(?y), ?y, ?x) AS ?b) } "
            "GROUP BY ?a ?b ?type } "
            f"BIND(IRI(CONCAT({ox.Literal(LINK_BASE)}, "
            "SHA1(CONCAT(STR(?a), '|', STR(?b), '|', ?type)))) AS ?l) }",
            link_keys_update(),
            link_counts_update(),
            partner_counts_update(),
            f"INSERT {{ GRAPH {INDEX} {{ ?d {FACT_COUNT} ?c ; {DEGREE_OF} ?e ; {LINK_TYPE} ?type ; "
            f"{DIRECTION} ?dir }} }} WHERE {{ {{ SELECT ?e ?type ?dir (COUNT(?f) AS ?c) WHERE {{ "
            f"GRAPH ?g {{ ?f {FACT_TYPE} ?type . {{ ?f {AGENT} ?e BIND('outgoing' AS ?dir) }} UNION "
            f"{{ ?f {TARGET} ?e FILTER NOT EXISTS {{ ?f {AGENT} ?e }} BIND('incoming' AS ?dir) }} "
            f"FILTER(isIRI(?e)) }} {articles} }} GROUP BY ?e ?type ?dir }} "
            f"BIND(IRI(CONCAT({ox.Literal(DEGREE_BASE)}, "
            "SHA1(CONCAT(STR(?e), '|', ?type, '|', ?dir)))) AS ?d) }",
            edge_records_update(),
            stated_records_update(),
            stated_groups_update(),
            f"INSERT {{ GRAPH {INDEX} {{ ?t {FACT_COUNT} ?c }} }} WHERE {{ {{ SELECT ?type (COUNT(?f) AS ?c) "
            f"WHERE {{ GRAPH ?g {{ ?f {FACT_TYPE} ?type }} {articles} }} GROUP BY ?type }} "
            f"BIND(IRI(CONCAT({type_base}, STR(?type))) AS ?t) }}",
            f"INSERT {{ GRAPH {INDEX} {{ {ARTICLES_COUNTER} {ARTICLE_COUNT} ?c }} }} WHERE {{ "
            f"SELECT (COUNT(DISTINCT ?g) AS ?c) WHERE {{ GRAPH ?g {{ ?a <{DIP.articleId}> ?id }} "
            f"{articles} }} HAVING (COUNT(DISTINCT ?g) > 0) }}",
            f"INSERT {{ GRAPH {INDEX} {{ {ARTICLES_COUNTER} {TRIPLE_COUNT} ?c }} }} WHERE {{ "
            f"SELECT (COUNT(*) AS ?c) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {articles} }} "
            "HAVING (COUNT(*) > 0) }",
            f"INSERT {{ GRAPH {INDEX} {{ {REFERENCE_COUNTER} {TRIPLE_COUNT} ?c }} }} WHERE {{ "
            f"SELECT (COUNT(*) AS ?c) WHERE {{ GRAPH {REFERENCE} {{ ?s ?p ?o }} }} HAVING (COUNT(*) > 0) }}",
        ]
    )
