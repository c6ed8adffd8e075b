"""The index of an embedded store recounted in Python from the store's own indexes.

`writes.recount_update` asks the store to recount in SPARQL: every counter is a GROUP BY over all
article graphs, about 9 s per 1,000 synthetic articles, twice as long as loading them. Here each
article graph is read once, only the quads of the predicates the index derives from (its facts'
type, ends, date, modality and confidence, the entities it mentions, its article id: about a fifth
of its quads), and the same values are computed with the same IRIs (`writes.link_node`,
`link_key`, `degree_node`): reading and counting take about a tenth of the SPARQL recount's time,
the whole recount (deleting and writing the index included) about half. Terms come from the
store, so a record holds numbers and dates as the store writes them, as the SPARQL STR() does.
`tests/test_recount.py` checks both give the same index.

`kg load` into a store without articles does not even read them back: `LoadTally` counts the
article graphs as their quads stream from the files into Oxigraph's bulk loader and appends the
index quads to the same stream, so the loader writes data and index in one pass.

The remote backend keeps the SPARQL recount: it runs in the server, next to the data.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeGuard

import pyoxigraph as ox

from kg.store import writes
from kg.vocab import DIP, ID

_ARTICLE_ID = ox.NamedNode(str(DIP.articleId))
_FACT_PREDICATES = (
    writes.FACT_TYPE,
    writes.AGENT,
    writes.TARGET,
    writes.DATE,
    writes.MODALITY,
    writes.CONFIDENCE,
    *writes.STATED_ATTRIBUTES.values(),
)
_ENTITY_BASE = str(ID)
_MENTIONS = frozenset(writes.MENTION_PREDICATES)
# The predicates of an article graph the index derives from.
COUNTED_FROM = frozenset({*_FACT_PREDICATES, *_MENTIONS, _ARTICLE_ID})

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
LinkEnds = tuple[str, str, str]  # the two ends' IRIs in order, the fact type


@dataclass
class IndexTally:
    """The index's counters summed over the article graphs read so far.

    Keys are strings (hashed once, where a term hashes its value at each lookup); a fact type is a
    plain string literal, as kg.rdf writes it.
    """

    mentions: Counter[ox.NamedNode | ox.BlankNode] = field(default_factory=Counter)
    fact_types: Counter[str] = field(default_factory=Counter)
    links: Counter[LinkEnds] = field(default_factory=Counter)
    degrees: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    articles: int = 0
    _link_nodes: dict[LinkEnds, ox.NamedNode] = field(default_factory=dict)

    def add_graph(self, quads: Iterable[ox.Quad]) -> list[ox.Quad]:
        """Count one article graph in, from its distinct quads of the COUNTED_FROM predicates;
        returns its facts' edge records and link memberships."""
        facts: dict[Term, dict[ox.NamedNode, list[Term]]] = {}
        mentioned: set[Term] = set()
        article = False
        graph = None
        for quad in quads:
            graph = quad.graph_name
            predicate = quad.predicate
            if predicate in _MENTIONS:
                mentioned.add(quad.object)
            if predicate in _FACT_PREDICATES:
                facts.setdefault(quad.subject, {}).setdefault(predicate, []).append(quad.object)
            article = article or predicate == _ARTICLE_ID
        self.mentions.update(e for e in mentioned if isinstance(e, (ox.NamedNode, ox.BlankNode)))
        self.articles += article
        records: list[ox.Quad] = []
        for fact, values in facts.items():
            for fact_type in values.get(writes.FACT_TYPE, ()):
                if isinstance(fact_type, ox.Literal):
                    records += self._add_fact(fact, fact_type.value, values, graph)
        return records

    def _add_fact(
        self, fact: Term, fact_type: str, values: dict[ox.NamedNode, list[Term]], graph: object
    ) -> list[ox.Quad]:
        """Count one (fact, type) row of recount_update's patterns (several agents or targets give
        several rows, as the SPARQL join does)."""
        self.fact_types[fact_type] += 1
        agents = [a.value for a in values.get(writes.AGENT, ()) if isinstance(a, ox.NamedNode)]
        targets = [b.value for b in values.get(writes.TARGET, ()) if isinstance(b, ox.NamedNode)]
        for agent in agents:
            self.degrees[(agent, fact_type, "outgoing")] += 1
        for target in targets:
            if target not in agents:
                self.degrees[(target, fact_type, "incoming")] += 1
        records = []
        for agent in agents:
            for target in targets:
                if agent == target:
                    continue
                key = (agent, target, fact_type) if agent <= target else (target, agent, fact_type)
                self.links[key] += 1
                if agent.startswith(_ENTITY_BASE) and target.startswith(_ENTITY_BASE):
                    for record in edge_records(fact_type, agent, target, values):
                        records.append(ox.Quad(fact, writes.EDGE_RECORD, record, writes.INDEX))  # type: ignore[arg-type]
                    link = self._link_node(key)
                    records.append(ox.Quad(fact, writes.IN_LINK, link, writes.INDEX))  # type: ignore[arg-type]
                    records += stated_records(fact, fact_type, (agent, target), link, values, graph)
        return list(dict.fromkeys(records))

    def _link_node(self, key: LinkEnds) -> ox.NamedNode:
        node = self._link_nodes.get(key)
        if node is None:
            a, b, fact_type = key
            node = self._link_nodes[key] = writes.link_node((ox.NamedNode(a), ox.NamedNode(b), fact_type))
        return node

    def counter_quads(self) -> Iterator[ox.Quad]:
        """The counters, link and degree nodes as index quads (without the graphs' triple counts:
        `totals_update`)."""
        index, integer = writes.INDEX, writes.integer
        for entity, count in self.mentions.items():
            yield ox.Quad(entity, writes.MENTION_COUNT, integer(count), index)
            yield ox.Quad(entity, writes.MENTION_TIER, integer(writes.mention_tier(count)), index)
        for prefix, kind in writes.KIND_OF_PREFIX.items():
            base = str(ID[prefix + "/"])
            count = sum(1 for e in self.mentions if isinstance(e, ox.NamedNode) and e.value.startswith(base))
            if count:
                yield ox.Quad(writes.kind_counter(kind), writes.ENTITY_COUNT, integer(count), index)
        partners: Counter[tuple[str, str]] = Counter()
        for (a, b, _), count in self.links.items():
            partners[(a, b)] += count
        for (a, b), count in partners.items():
            for this, other in ((a, b), (b, a)):
                node = writes.partner_node(ox.NamedNode(this))
                yield ox.Quad(node, writes.PARTNER_COUNT, ox.Literal(f"{other} {count}"), index)
        for key, count in self.links.items():
            link = self._link_node(key)
            yield ox.Quad(link, writes.FACT_COUNT, integer(count), index)
            yield ox.Quad(link, writes.LINK_TYPE, ox.Literal(key[2]), index)
            for end in map(ox.NamedNode, key[:2]):
                yield ox.Quad(link, writes.LINK_END, end, index)
                yield ox.Quad(link, writes.LINK_KEY, writes.link_key(end, key[2]), index)
        for (actor_iri, type_name, direction), count in self.degrees.items():
            actor = ox.NamedNode(actor_iri)
            degree = writes.degree_node((actor, type_name, direction))
            yield ox.Quad(degree, writes.FACT_COUNT, integer(count), index)
            yield ox.Quad(degree, writes.DEGREE_OF, actor, index)
            yield ox.Quad(degree, writes.LINK_TYPE, ox.Literal(type_name), index)
            yield ox.Quad(degree, writes.DIRECTION, ox.Literal(direction), index)
        for type_name, count in self.fact_types.items():
            yield ox.Quad(writes.type_counter(type_name), writes.FACT_COUNT, integer(count), index)
        if self.articles:
            yield ox.Quad(writes.ARTICLES_COUNTER, writes.ARTICLE_COUNT, integer(self.articles), index)


def edge_records(
    fact_type: str, agent: str, target: str, values: dict[ox.NamedNode, list[Term]]
) -> Iterator[ox.Literal]:
    """The fact's dip:edgeRecord values, as `writes.edge_records_update` builds them: type, date,
    modality's local name, confidence ("-" for what is missing) and the two ends' local ids."""
    ends = f"{agent[len(_ENTITY_BASE) :]} {target[len(_ENTITY_BASE) :]}"
    missing: list[Term | None] = [None]  # an OPTIONAL that matched nothing: one row, unbound
    for date in values.get(writes.DATE) or missing:
        for modality in values.get(writes.MODALITY) or missing:
            for confidence in values.get(writes.CONFIDENCE) or missing:
                kind = _text(modality)
                kind = kind if kind == "-" else kind.partition("#")[2]
                yield ox.Literal(f"{fact_type} {_text(date)} {kind} {_text(confidence)} {ends}")


def stated_records(
    fact: Term,
    fact_type: str,
    ends: tuple[str, str],
    link: ox.NamedNode,
    values: dict[ox.NamedNode, list[Term]],
    graph: object,
) -> Iterator[ox.Quad]:
    """The dip:statedRecord quads of a position or membership fact (agent and target IRIs in
    `ends`) on its link, as `writes.stated_records_update` builds them; nothing for other types."""
    attribute = writes.STATED_ATTRIBUTES.get(fact_type)
    if attribute is None or not isinstance(graph, ox.NamedNode) or not isinstance(fact, ox.NamedNode):
        return
    locals_ = " ".join(end[len(_ENTITY_BASE) :] for end in ends)
    missing: list[Term | None] = [None]
    for value in values.get(attribute) or missing:
        for date in values.get(writes.DATE) or missing:
            for modality in values.get(writes.MODALITY) or missing:
                kind = _text(modality)
                kind = kind if kind == "-" else kind.partition("#")[2]
                text = f"{fact.value} {_text(value)} {graph.value} {_text(date)} {kind} {locals_}"
                yield ox.Quad(link, writes.STATED_RECORD, ox.Literal(text), writes.INDEX)


def _text(term: Term | None) -> str:
    """SPARQL's COALESCE(STR(term), '-'): the value of an IRI or literal as the store writes it,
    '-' for none (or a blank node)."""
    if isinstance(term, ox.Literal):
        return stored_text(term)
    return term.value if isinstance(term, ox.NamedNode) else "-"


@functools.lru_cache(maxsize=100_000)
def stored_text(literal: ox.Literal) -> str:
    """A typed literal's lexical form as Oxigraph gives it back ("1" for "1.0"^^xsd:decimal): a
    file's quads may spell a value otherwise than the store will."""
    query = "SELECT ?x (STR(?x) AS ?text) WHERE {}"
    for row in _scratch().query(query, substitutions={ox.Variable("x"): literal}):  # type: ignore[union-attr]
        return str(row["text"].value)
    return literal.value


@functools.cache
def _scratch() -> ox.Store:
    return ox.Store()


def graph_size(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> int:
    """Quads in one graph, counted by the store."""
    if isinstance(graph, ox.BlankNode):  # a blank node in a query would be a variable
        return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
    pattern = "?s ?p ?o" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ ?s ?p ?o }}"
    for row in store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"):  # type: ignore[union-attr]
        return int(row["n"].value)
    return 0


def totals_update(store: ox.Store) -> str:
    """An update that sets the triple counts of the article graphs and of the reference graph,
    counted by the store (Rust scans: the article graphs' triples are all the store's but those
    of the other graphs)."""
    graphs = list(store.named_graphs())
    others = [g for g in graphs if not is_article_graph(g)]
    article_triples = len(store) - sum(graph_size(store, g) for g in [ox.DefaultGraph(), *others])
    change = writes.IndexChange()
    for node, count in (
        (writes.ARTICLES_COUNTER, article_triples),
        (writes.REFERENCE_COUNTER, graph_size(store, writes.REFERENCE)),
    ):
        if count:
            change.new.append(ox.Triple(node, writes.TRIPLE_COUNT, writes.integer(count)))
    clear = (
        f"DELETE {{ GRAPH {writes.INDEX} {{ ?n {writes.TRIPLE_COUNT} ?v }} }} "
        f"WHERE {{ GRAPH {writes.INDEX} {{ ?n {writes.TRIPLE_COUNT} ?v }} }}"
    )
    return f"{clear} ;\n{writes.counters_update(change)}"


def is_article_graph(graph: object) -> TypeGuard[ox.NamedNode]:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(writes.ARTICLE_GRAPH_BASE)


def has_article_graphs(store: ox.Store) -> bool:
    return any(is_article_graph(g) for g in store.named_graphs())


def rebuild_index(store: ox.Store) -> None:
    """Replace the index's derived data with a recount of the stored article graphs.

    Not one transaction (the old values are deleted, then the new ones bulk-written): for stores
    no one else reads meanwhile, as `kg load` and `kg recount` hold the store's lock.
    """
    store.update(writes.clear_counted_update())
    tally = IndexTally()
    records: list[ox.Quad] = []
    for graph in [g for g in store.named_graphs() if is_article_graph(g)]:
        records += tally.add_graph(
            quad
            for predicate in COUNTED_FROM
            for quad in store.quads_for_pattern(None, predicate, None, graph)
        )
        if len(records) >= 100_000:  # bounded memory: records go to the store as they come
            _write(store, records)
    _write(store, records)
    _write(store, list(tally.counter_quads()))
    store.update(writes.ranked_keys_update())  # from the mention tiers written above
    store.update(totals_update(store))
    store.update(writes.stated_groups_update())  # from the records written above
    store.update(writes.link_counts_update())  # from the link counters


def _write(store: ox.Store, quads: list[ox.Quad]) -> None:
    store.bulk_extend(quads)
    quads.clear()


class LoadTally:
    """Counts the article graphs of quads on their way to the bulk loader and appends the index.

    Exact for a store without article graphs when each graph's quads come together (as `kg
    extract --format nq` and bench/synth.py write them; duplicates are counted once). When a
    graph comes back after another one, `complete` is False and the index must be recounted.
    """

    def __init__(self, counting: bool = True) -> None:
        self.tally = IndexTally()
        self.quads_read = 0
        self.complete = counting  # False: only count the quads read
        self._seen: set[str] = set()
        self._word_keys: dict[Term, set[str]] = {}  # the word-prefix name keys the files hold

    def follow(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """The quads, each graph's edge records after it, the counters at the end (the loader pulls
        them through C iterators: Python runs once per graph, not per quad)."""
        by_graph = itertools.groupby(quads, key=operator.attrgetter("graph_name"))
        return itertools.chain(itertools.chain.from_iterable(map(self._graph, by_graph)), self._counters())

    def _graph(self, run: tuple[object, Iterator[ox.Quad]]) -> list[ox.Quad]:
        """One run of quads of the same graph, and the index quads of its facts."""
        graph, group = run
        quads = list(group)
        self.quads_read += len(quads)
        if self.complete and graph == writes.INDEX:
            for quad in quads:
                if quad.predicate == writes.NAME_KEY and " " not in quad.object.value:  # type: ignore[union-attr]
                    self._word_keys.setdefault(quad.subject, set()).add(quad.object.value)  # type: ignore[union-attr]
        if not self.complete or not is_article_graph(graph):
            return quads
        if graph.value in self._seen:  # its facts may join quads counted before: recount
            self.complete = False
            return quads
        self._seen.add(graph.value)
        return quads + self.tally.add_graph({q for q in quads if q.predicate in COUNTED_FROM})

    def _counters(self) -> Iterator[ox.Quad]:
        if self.complete:
            yield from self.tally.counter_quads()
            yield from self._ranked_keys()

    def _ranked_keys(self) -> Iterator[ox.Quad]:
        """The ranked keys (writes.ranked_keys_update) of the entities counted, from the name keys
        the files held and the reference's."""
        reference = writes.reference_name_keys()
        for entity, count in self.tally.mentions.items():
            tier = writes.mention_tier(count)
            if tier < writes.RANKED_FROM_TIER:
                continue
            known = reference.get(entity, frozenset()) if isinstance(entity, ox.NamedNode) else frozenset()
            words = self._word_keys.get(entity, set()) | {k for k in known if " " not in k}
            for key in words:
                yield ox.Quad(
                    entity, writes.RANKED_KEY, ox.Literal(writes.ranked_key(tier, key)), writes.INDEX
                )
