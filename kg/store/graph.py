"""KnowledgeGraph: the graph store, embedded Oxigraph (memory or directory) or a remote SPARQL 1.1 server.

One named graph per article, the reference graph, one graph of entity descriptions and an index
graph of derived data (kg.store.writes). The RDF mapping belongs to kg.rdf: facts are read back
through `facts_from_graph`, so the writer and the reader cannot drift.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg import rdf, settings
from kg.model import ENTITY_KINDS, FACT_TYPES, Article, Fact
from kg.rdf_read import TripleIndex
from kg.store import reads, recount, writes
from kg.store.backends import (
    Backend,
    LocalBackend,
    RemoteBackend,
    StoreError,
    read_files,
    to_rdflib,
)
from kg.store.sparql import (
    QueryError,
    QueryRefused,
    QueryTimeout,
    SparqlResult,
    TooManyRows,
    _bytes,
    check_query_shape,
    check_read_only,
    declares_dataset,
    run_in_workers,
    select_star_order,
)
from kg.vocab import DIP

__all__ = [
    "KnowledgeGraph",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "SparqlResult",
    "StoreError",
    "TooManyRows",
]

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


log = logging.getLogger(__name__)


class KnowledgeGraph:
    """Facts of articles in named graphs, the reference knowledge in its own graph, SPARQL over both.

    Reads are SPARQL queries whose cost follows their answer (kg.store.reads); writes keep entity
    descriptions and the index graph current in the same transaction (kg.store.writes). Nothing is
    cached in the process, so the embedded and the remote backend behave the same.
    """

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._lock = threading.RLock()  # one writer at a time: counters are read, then written
        self.location = backend.location
        self._workers: Any = None
        self._snapshots: Any = None

    @classmethod
    def open(cls, location: str | None = None) -> KnowledgeGraph:
        """Open `memory:`, a directory (created if missing) or an http(s) SPARQL endpoint URL.

        A store without the reference graph gets it loaded on the spot.
        """
        location = str(location or settings.get("store"))
        backend: Backend
        if location == "memory:":
            backend = LocalBackend(None)
        elif re.match(r"https?://", location, re.I):
            backend = RemoteBackend(location, settings.get("update_endpoint") or None)
        elif re.match(r"[A-Za-z][\w+.-]*:", location) and not re.match(r"[A-Za-z]:[\\/]", location):
            raise StoreError(
                f"unknown store location {location!r}: use `memory:`, a directory path or an http(s) URL"
            )
        else:
            backend = LocalBackend(str(Path(location).expanduser()))
        graph = cls(backend)
        try:
            if not graph._graph_exists(writes.REFERENCE):
                graph.load_reference()
            graph._upgrade_index()
        except BaseException:
            graph.close()
            raise
        return graph

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (the directory lock of an embedded store) and stop the query workers."""
        with self._lock:
            workers, self._workers = self._workers, None
            snapshots, self._snapshots = self._snapshots, None
        if workers is not None:
            workers.close()
        if snapshots is not None:
            snapshots.close()
        self._backend.close()

    # -- writing ---------------------------------------------------------------------------------

    def add_article(self, article: Article, facts: list[Fact]) -> None:
        """Store the article and its facts, replacing its previous graph, in one transaction."""
        write = writes.plan_article(article, facts)
        with self._lock:
            self._apply(write.graph, write)

    def delete_article(self, article_id: str) -> bool:
        """Drop the article's named graph (and what only it mentioned); False if there was none."""
        try:
            graph = self._article_graph(article_id)
        except ValueError:
            return False
        with self._lock:
            if not self._graph_exists(graph):
                return False
            self._apply(graph, None)
            return True

    def has_content(self, content_hash: str) -> bool:
        """Whether an article with this content hash (kg.rdf.content_hash) is stored."""
        query = f"ASK {{ GRAPH ?g {{ ?a <{DIP.contentHash}> {ox.Literal(content_hash)} }} }}"
        return bool(self._backend.query(query, union=False))

    def load_reference(self) -> int:
        """(Re)load the reference knowledge into its named graph; returns its triple count."""
        triples = list(writes.reference_triples())
        with self._lock:
            if isinstance(self._backend, LocalBackend) and not self._graph_exists(writes.REFERENCE):
                self._backend.add_graph(writes.REFERENCE, triples)  # faster than parsing an update
            else:
                self._backend.replace_graph(writes.REFERENCE, triples)
            counter = (writes.REFERENCE_COUNTER, writes.TRIPLE_COUNT)
            current = self._counters([counter])
            change = writes.counter_change(current, {counter: len(triples) - current.get(counter, 0)})
            self._backend.update(writes.counters_update(change))
        return len(triples)

    def load(self, paths: list[str]) -> int:
        """Bulk-load N-Quads or TriG files (`kg extract --format nq`) with the index; returns the
        number of quads read. Graphs in the files are added to, not replaced.

        The embedded store gets the files and their index in one pass of Oxigraph's bulk loader
        when it holds no article yet (kg.store.recount.LoadTally), else the files, then a recount.
        A remote one gets batches of INSERT DATA, then the SPARQL recount.
        """
        quads = read_files(paths)
        with self._lock:
            backend = self._backend
            counting = isinstance(backend, LocalBackend) and not recount.has_article_graphs(backend.store)
            if counting:
                backend.update(writes.clear_counted_update())
            tally = recount.LoadTally(counting)
            backend.bulk_load(tally.follow(quads))
            if tally.complete:
                assert isinstance(backend, LocalBackend)
                backend.update(recount.totals_update(backend.store))
                backend.update(writes.stated_groups_update())
                backend.update(writes.link_counts_update())
            else:
                self.recount()
        return tally.quads_read

    def recount(self) -> None:
        """Rebuild the index's derived data from the stored graphs (after a bulk load): a full scan,
        in Python over the embedded store's indexes (kg.store.recount), in SPARQL on a remote one."""
        with self._lock:
            backend = self._backend
            if isinstance(backend, LocalBackend):
                recount.rebuild_index(backend.store)
                backend.version += 1
            else:
                backend.update(queries_recount())

    def _upgrade_index(self) -> None:
        """A store written before the index kept edge records (dip:edgeRecord, dip:inLink), stated
        records (dip:statedRecord), partner counts (dip:partnerCount), mention tiers
        (dip:mentionTier) and link keys (dip:linkKey) gets them once, built by the store from its
        facts and counters, so that analytics, entity records, neighbourhoods and rankings see
        every fact."""
        index = writes.INDEX
        stated_types = " ".join(str(ox.Literal(t)) for t in writes.STATED_ATTRIBUTES)
        upgrades = [
            (
                f"ASK {{ GRAPH {index} {{ ?f {writes.IN_LINK} ?l ; {writes.EDGE_RECORD} ?r }} }}",
                f"ASK {{ GRAPH ?g {{ ?f {writes.AGENT} ?a ; {writes.TARGET} ?b ; {writes.FACT_TYPE} ?t "
                "FILTER(?a != ?b) } }",
                f"DELETE WHERE {{ GRAPH {index} {{ ?f {writes.EDGE_RECORD} ?r }} }} ;\n"
                + writes.edge_records_update(),
                "edge records",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?l {writes.STATED_RECORD} ?s }} }}",
                f"ASK {{ GRAPH ?g {{ VALUES ?t {{ {stated_types} }} "
                f"?f {writes.FACT_TYPE} ?t ; {writes.AGENT} ?a ; {writes.TARGET} ?b FILTER(?a != ?b) }} }}",
                writes.stated_records_update(),
                "stated records",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?l {writes.STATED_GROUP} ?s }} }}",
                f"ASK {{ GRAPH {index} {{ ?l {writes.STATED_RECORD} ?s }} }}",
                writes.stated_groups_update(),
                "stated groups",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?e {writes.MENTION_TIER} ?t }} }}",
                f"ASK {{ GRAPH {index} {{ ?e {writes.MENTION_COUNT} ?c }} }}",
                writes.mention_tiers_update(),
                "mention tiers",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?e {writes.RANKED_KEY} ?k }} }}",
                f"ASK {{ GRAPH {index} {{ ?e {writes.MENTION_TIER} ?t }} }}",
                writes.ranked_keys_update(),
                "ranked keys",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?k {writes.PARTNER_COUNT} ?r }} }}",
                f"ASK {{ GRAPH {index} {{ ?l {writes.LINK_TYPE} ?t ; {writes.LINK_END} ?e }} }}",
                writes.partner_counts_update(),
                "partner counts",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?l {writes.LINK_KEY} ?k }} }}",
                f"ASK {{ GRAPH {index} {{ ?l {writes.LINK_TYPE} ?t ; {writes.LINK_END} ?e }} }}",
                writes.link_keys_update(),
                "link keys",
            ),
            (
                f"ASK {{ GRAPH {index} {{ ?k {writes.LINK_COUNT} ?r }} }}",
                f"ASK {{ GRAPH {index} {{ ?l {writes.STATED_GROUP} ?s }} }}",
                writes.link_counts_update(),
                "link counts",
            ),
        ]
        for present, needed, update, what in upgrades:
            if self._backend.query(present, union=False) or not self._backend.query(needed, union=False):
                continue
            log.info("adding the index's %s to %s (once)", what, self.location)
            try:
                with self._lock:
                    self._backend.update(update)
            except Exception as exc:  # a read-only endpoint: analytics stay empty until a recount
                log.warning("could not add %s to %s (%s): run `kg recount`", what, self.location, exc)

    def _apply(self, graph: ox.NamedNode, write: writes.ArticleWrite | None) -> None:
        old = self._article_state(graph)
        deltas: dict[tuple[ox.NamedNode, ox.NamedNode], int] = {}
        new_entities = write.entities if write else set()
        new_types = write.facts_by_type if write else Counter()
        for entity in new_entities - old.entities:
            deltas[(entity, writes.MENTION_COUNT)] = 1
        for entity in old.entities - new_entities:
            deltas[(entity, writes.MENTION_COUNT)] = -1
        for fact_type in set(new_types) | set(old.facts_by_type):
            deltas[(writes.type_counter(fact_type), writes.FACT_COUNT)] = (
                new_types[fact_type] - old.facts_by_type[fact_type]
            )
        new_links = write.links if write else Counter()
        links = {writes.link_node(key): key for key in set(new_links) | set(old.links)}
        for node, key in links.items():
            deltas[(node, writes.FACT_COUNT)] = new_links[key] - old.links[key]
        new_degrees = write.degrees if write else Counter()
        degrees = {writes.degree_node(key): key for key in set(new_degrees) | set(old.degrees)}
        for node, degree in degrees.items():
            deltas[(node, writes.FACT_COUNT)] = new_degrees[degree] - old.degrees[degree]
        deltas[(writes.ARTICLES_COUNTER, writes.ARTICLE_COUNT)] = int(write is not None) - int(old.exists)
        deltas[(writes.ARTICLES_COUNTER, writes.TRIPLE_COUNT)] = (
            len(write.triples) if write else 0
        ) - old.triples
        kinds = [(writes.kind_counter(k), writes.ENTITY_COUNT) for k in ENTITY_KINDS]
        # Every link counter of the pairs whose links move: their sums are the partner counts.
        pair_links = writes.pair_links({(a, b) for a, b, _ in links.values()})
        counted = [*deltas, *kinds, *((node, writes.FACT_COUNT) for node in pair_links if node not in links)]
        current = self._counters(counted)
        change = writes.counter_change(current, writes.with_kind_counts(current, deltas))
        writes.link_changes(change, current, links, deltas)
        writes.partner_changes(change, current, links, deltas)
        writes.degree_changes(change, current, degrees, deltas)
        stated = [node for node, (_, _, fact_type) in links.items() if fact_type in writes.STATED_ATTRIBUTES]
        self._backend.update(writes.update_request(graph, write, change, stated))

    def _article_state(self, graph: ox.NamedNode) -> writes.ArticleState:
        state = writes.ArticleState()
        query = (
            f"SELECT ?kind ?x (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ "
            f"{{ ?f <{DIP.factType}> ?x BIND('type' AS ?kind) }} UNION "
            f"{{ ?f ?p ?x VALUES ?p {{ {' '.join(str(p) for p in writes.MENTION_PREDICATES)} }} "
            f"BIND('entity' AS ?kind) }} UNION {{ ?s ?q ?o BIND('triples' AS ?kind) }} }} }} "
            "GROUP BY ?kind ?x"
        )
        # Its links and degrees, counted by the same code that counts a new write's.
        ends = (
            f"SELECT ?f ?p ?o WHERE {{ GRAPH {graph} {{ ?f <{DIP.factType}> ?t . "
            f"VALUES ?p {{ <{DIP.factType}> <{DIP.agent}> <{DIP.target}> }} ?f ?p ?o }} }}"
        )
        triples = [ox.Triple(r["f"], r["p"], r["o"]) for r in self._backend.query(ends, union=False)]  # type: ignore[union-attr]
        state.links, state.degrees = writes.fact_links(triples)
        for row in self._backend.query(query, union=False):  # type: ignore[union-attr]
            kind, n = row["kind"].value, int(row["n"].value)
            if kind == "triples":
                state.triples += n
            elif kind == "type":
                state.facts_by_type[row["x"].value] += n
            elif isinstance(row["x"], ox.NamedNode):
                state.entities.add(row["x"])
        state.exists = state.triples > 0
        return state

    def _counters(
        self, keys: list[tuple[ox.NamedNode, ox.NamedNode]]
    ) -> dict[tuple[ox.NamedNode, ox.NamedNode], int]:
        if not keys:
            return {}
        pairs = " ".join(f"({node} {prop})" for node, prop in keys)
        query = (
            f"SELECT ?n ?p ?v WHERE {{ VALUES (?n ?p) {{ {pairs} }} GRAPH {writes.INDEX} {{ ?n ?p ?v }} }}"
        )
        found = {}
        for row in self._backend.query(query, union=False):  # type: ignore[union-attr]
            found[(row["n"], row["p"])] = int(row["v"].value)
        return found

    # -- articles and facts ----------------------------------------------------------------------

    def article_ids(self, limit: int | None = None, offset: int = 0) -> list[str]:
        """Ids of the stored articles, sorted (one page of them with `limit`/`offset`)."""
        return [a["id"] for a in self.articles(limit=limit, offset=offset, with_counts=False)]

    def articles(
        self, limit: int | None = None, offset: int = 0, q: str | None = None, with_counts: bool = True
    ) -> list[dict[str, Any]]:
        """Stored articles by id: id, title, published, source and number of facts (one page)."""
        query = _articles_query(q, limit, offset)
        found = [_article_row(row) for row in self._backend.query(query, union=False)]  # type: ignore[union-attr]
        if with_counts and found:
            counts = self._fact_counts([a["id"] for a in found])
            for record in found:
                record["facts"] = counts.get(record["id"], 0)
        return found

    def count_articles(self, q: str | None = None) -> int:
        """How many articles are stored (whose title or id contains `q`, if given)."""
        if q:
            query = f"SELECT (COUNT(?g) AS ?n) WHERE {{ {_article_pattern(q)} }}"
            return _single_int(self._backend.query(query, union=False))
        return self._counters([(writes.ARTICLES_COUNTER, writes.ARTICLE_COUNT)]).get(
            (writes.ARTICLES_COUNTER, writes.ARTICLE_COUNT), 0
        )

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The article's metadata with its text and number of facts, or None."""
        try:
            graph = self._article_graph(article_id)
        except ValueError:  # not a valid IRI: cannot name a stored article
            return None
        node = ox.NamedNode(str(rdf.article_iri(article_id)))
        fields = "".join(
            f" OPTIONAL {{ {node} <{DIP[name]}> ?{key} }}" for key, name in _ARTICLE_FIELDS.items()
        )
        query = f"SELECT * WHERE {{ GRAPH {graph} {{ {node} <{DIP.articleId}> ?id .{fields} }} }}"
        found = list(self._backend.query(query, union=False))  # type: ignore[arg-type]
        if not found:
            return None
        record: dict[str, Any] = {"id": article_id}
        for key in _ARTICLE_FIELDS:
            value = found[0][key]
            record[key] = None if value is None else value.value
        record["facts"] = self._fact_counts([article_id]).get(article_id, 0)
        return record

    def facts(
        self,
        subject: str | None = None,
        object: str | None = None,  # noqa: A002  (the contract's field name)
        type: str | list[str] | None = None,  # noqa: A002
        since: str | None = None,
        until: str | None = None,
        modality: str | list[str] | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "stored",
        either: str | None = None,
        other: str | None = None,
    ) -> list[Fact]:
        """Stored facts matching every filter given, one page in the order asked for.

        Entities are local ids (`either`: on either end; with `other`, the facts between the two),
        dates ISO prefixes (a partial date counts
        as the period it names), `type` and `modality` one value or several. `order` is one of
        kg.store.reads.ORDERS: "stored" (the default) streams, so its cost follows the page; the
        others sort every matching fact first ("article": by article, then evidence position).
        """
        selection = self._led(
            reads.fact_filter(
                subject, object, type, since, until, modality, article, min_confidence, either, other
            )
        )
        page = self._backend.query(reads.facts_page_query(selection, order, limit, offset), union=False)
        ids = [row["f"] for row in page]  # type: ignore[union-attr]
        return self._read_facts(ids)

    def fact_months(self, **filters: Any) -> dict[str, dict[str, int]]:
        """Facts matching the filters of `facts`, counted per month and type: {"2024-03": {"visit": 2}};
        "" holds those dated only to a year or undated."""
        selection = self._led(reads.fact_filter(**filters))
        months: dict[str, dict[str, int]] = {}
        for row in self._backend.query(reads.months_query(selection), union=False):  # type: ignore[union-attr]
            months.setdefault(row["m"].value, {})[row["type"].value] = int(row["n"].value)
        return months

    def count_facts(self, **filters: Any) -> int:
        """How many stored facts match the filters of `facts` (no paging)."""
        selection = self._led(reads.fact_filter(**filters))
        return _single_int(self._backend.query(reads.facts_count_query(selection), union=False))

    def _led(self, selection: reads.FactFilter) -> reads.FactFilter:
        """The selection with its `lead`: of two entities it names, the one in fewer facts (the
        index's degree counters tell), whose pattern the query then starts from."""
        from dataclasses import replace  # noqa: PLC0415

        from kg.store.entities import entity_node, facts_naming  # noqa: PLC0415

        pair = [e for e in (selection.subject, selection.object) if e] or [
            e for e in (selection.either, selection.other) if e
        ]
        if len(pair) != 2:
            return selection
        nodes = [entity_node(e) for e in pair]
        if None in nodes:
            return selection
        counts = facts_naming(self, nodes)  # type: ignore[arg-type]
        return replace(selection, lead=min(pair, key=lambda e: (counts.get(e, 0), e)))

    def _read_facts(self, ids: list[ox.NamedNode]) -> list[Fact]:
        """The Facts of the given fact nodes, in the given order: their triples and their entities'."""
        if not ids:
            return []
        triples = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._backend.query(reads.fact_triples_query(chunk)):  # type: ignore[union-attr]
                triples.append(ox.Triple(row["f"], row["p"], row["o"]))
        named = {t.object for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate in _ENDS}
        for row in self._backend.query(reads.description_query(named), union=False) if named else ():  # type: ignore[union-attr]
            triples.append(ox.Triple(row["e"], row["p"], row["o"]))
        converted: dict[Any, Any] = {}  # predicates, fact nodes and entities recur: convert each once

        def term(node: Any) -> Any:
            found = converted.get(node)
            if found is None:
                found = converted[node] = to_rdflib(node)
            return found

        index = TripleIndex((term(t.subject), term(t.predicate), term(t.object)) for t in triples)
        by_iri = {rdf.fact_iri(f): f for f in rdf.facts_from_graph(index)}
        return [by_iri[URIRef(node.value)] for node in ids if URIRef(node.value) in by_iri]

    def _fact_counts(self, article_ids: list[str]) -> dict[str, int]:
        graphs = " ".join(str(self._article_graph(i)) for i in article_ids)
        query = (
            f"SELECT ?g (COUNT(?f) AS ?n) WHERE {{ VALUES ?g {{ {graphs} }} "
            f"GRAPH ?g {{ ?f <{DIP.factType}> ?t }} }} GROUP BY ?g"
        )
        counts = {}
        for row in self._backend.query(query, union=False):  # type: ignore[union-attr]
            article_id = _article_id(row["g"].value)
            if article_id is not None:
                counts[article_id] = int(row["n"].value)
        return counts

    # -- entities --------------------------------------------------------------------------------

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """What the store knows of an entity: names, kind, qid, country, positions, memberships, relations."""
        from kg.store.entities import describe_entity  # noqa: PLC0415

        return describe_entity(self, entity_id)

    def describe_many(self, entity_ids: list[str], brief: bool = False) -> dict[str, dict[str, Any]]:
        """Names, kind, qid and country of many entities in one query, by local id (unknown ones
        absent); `brief`: label, kind and country only."""
        from kg.store.entities import descriptions, entity_node  # noqa: PLC0415

        nodes = [n for n in (entity_node(e) for e in entity_ids) if n is not None]
        return descriptions(self, nodes, brief=brief)

    def entity_kind(self, entity_id: str) -> str | None:
        """The kind of a known entity, or None: a cheap existence check for resolving parameters."""
        from kg.store.entities import entity_kind  # noqa: PLC0415

        return entity_kind(self, entity_id)

    def search_entities(self, q: str, kind: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose label or alias matches `q`: exact, then prefix, then substring matches."""
        from kg.store.search import search_entities  # noqa: PLC0415

        return search_entities(self, q, kind=kind, limit=limit)

    # -- SPARQL ----------------------------------------------------------------------------------

    def sparql(
        self,
        query: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> SparqlResult:
        """Run a read-only user query over the union of all graphs (or the graphs given), within limits.

        The prefixes dip:, id:, graph:, wd:, rdf:, rdfs:, xsd:, owl:, skos:, prov: and dcterms: are
        predeclared (a query's own PREFIX wins). A query with FROM / FROM NAMED gets that dataset, and
        `default_graphs` / `named_graphs` (the protocol's parameters) override both.
        """
        check_query_shape(query, int(settings.get("query_max_length")), int(settings.get("query_max_depth")))
        check_read_only(query)
        _graph_nodes(default_graphs or [])
        _graph_nodes(named_graphs or [])
        limit_s = float(timeout if timeout is not None else settings.get("query_timeout"))
        request = {
            "source": self._query_source(),
            "query": query,
            "union": not declares_dataset(query),
            "default_graphs": list(default_graphs or []),
            "named_graphs": list(named_graphs or []),
            "prefixes": _prefixes(),
            "max_rows": int(max_rows if max_rows is not None else settings.get("result_limit")),
            "max_bytes": int(settings.get("result_max_bytes")),
        }
        result = run_in_workers(self._query_workers(), request, limit_s)
        result.variables = select_star_order(query, result.variables)
        result.prefixes = _prefixes()
        return result

    def _query_workers(self) -> Any:
        """The worker processes for user queries, started on first use (kg.store.workers)."""
        from kg.store.workers import WorkerPool  # noqa: PLC0415

        with self._lock:
            if self._workers is None:
                self._workers = WorkerPool(
                    int(settings.get("query_workers")),
                    int(settings.get("query_memory")),
                    isolate=not self._backend.remote,
                )
            return self._workers

    def _query_source(self) -> dict[str, str]:
        """Where a worker reads the store: a snapshot of the current version, or the remote endpoint."""
        backend = self._backend
        if isinstance(backend, RemoteBackend):
            return {"kind": "remote", "url": backend.location, "update_url": backend.update_url}
        assert isinstance(backend, LocalBackend)
        from kg.store.workers import Snapshots  # noqa: PLC0415

        with self._lock:
            if self._snapshots is None:
                self._snapshots = Snapshots(backend.store, backend.location)
            snapshots = self._snapshots
            version = backend.version
        return snapshots.source(version)

    # -- whole store -----------------------------------------------------------------------------

    def triples_count(self) -> int:
        """Triples in all graphs together (counts the whole store: for tools and tests, not requests)."""
        return len(self._backend)

    def stats(self) -> dict[str, Any]:
        """Counts of articles, facts by type, mentioned entities by kind and triples, from the index.

        The index's counters are kept by every write, so this reads a few dozen triples however
        large the store is.
        """
        by_type: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        totals: dict[str, int] = {}
        counters = " ".join(
            str(n)
            for n in (
                *(writes.type_counter(t) for t in FACT_TYPES),
                *(writes.kind_counter(k) for k in ENTITY_KINDS),
                writes.ARTICLES_COUNTER,
                writes.REFERENCE_COUNTER,
            )
        )
        query = f"SELECT ?n ?p ?v WHERE {{ GRAPH {writes.INDEX} {{ VALUES ?n {{ {counters} }} ?n ?p ?v }} }}"
        for row in self._backend.query(query, union=False):  # type: ignore[union-attr]
            node, prop, value = row["n"].value, row["p"], int(row["v"].value)
            if prop == writes.FACT_COUNT:
                by_type[node.rsplit("/", 1)[-1]] = value
            elif prop == writes.ENTITY_COUNT:
                by_kind[node.rsplit("/", 1)[-1]] = value
            else:
                totals[f"{node.rsplit('/', 1)[-1]}:{prop.value.rsplit('#', 1)[-1]}"] = value
        triples = {
            "reference": totals.get("reference:tripleCount", 0),
            "articles": totals.get("articles:tripleCount", 0),
        }
        return {
            "articles": totals.get("articles:articleCount", 0),
            "facts": sum(by_type.values()),
            "facts_by_type": dict(sorted((t, n) for t, n in by_type.items() if n)),
            "entities": sum(by_kind.values()),
            "entities_by_kind": dict(sorted((k, n) for k, n in by_kind.items() if n)),
            "triples": sum(triples.values()),
            "triples_by_graph": triples,
        }

    def export(self, fmt: str = "ttl") -> bytes:
        """The store as `ttl` (all graphs merged into one), or `nq`, `trig`, `jsonld` (named graphs kept)."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        quads = self._backend.quads()
        if fmt == "ttl":
            triples = list(dict.fromkeys(q.triple for q in quads))
            return _bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes()))
        if fmt == "trig":
            return _bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes()))
        return _bytes(ox.serialize(quads, format=EXPORT_FORMATS[fmt]))

    def backup(self, target: str | Path) -> None:
        """A consistent copy of an embedded directory store in `target` (a new directory): Oxigraph's
        checkpoint, hard-linked where it can be, taken while reads and writes go on."""
        backend = self._backend
        if not isinstance(backend, LocalBackend) or backend.location == "memory:":
            raise StoreError("only a directory store can be backed up this way (use `kg export` otherwise)")
        target = Path(target)
        if target.exists():
            raise StoreError(f"{target} already exists: back up into a new directory")
        try:
            backend.store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot back up to {target}: {exc}") from None

    # -- internals -------------------------------------------------------------------------------

    def _article_graph(self, article_id: str) -> ox.NamedNode:
        return ox.NamedNode(str(rdf.article_graph_iri(article_id)))

    def _graph_exists(self, graph: ox.NamedNode) -> bool:
        return bool(self._backend.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False))


def _graph_nodes(iris: list[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI: {exc}") from None


@functools.cache
def _article_graph_prefix() -> str:
    return str(rdf.GRAPH["article/"])


def _article_id(graph_iri: str) -> str | None:
    """The article id of an article graph's name, None for any other graph."""
    if not graph_iri.startswith(_article_graph_prefix()):
        return None
    return rdf.article_id_from_iri(URIRef(graph_iri))


@functools.cache
def _prefixes() -> dict[str, str]:
    """Prefixes for Turtle/TriG output, from the vocabulary module."""
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD  # noqa: PLC0415

    from kg import vocab  # noqa: PLC0415

    prefixes = {"dip": str(vocab.DIP._NS), "id": str(vocab.ID), "graph": str(vocab.GRAPH)}
    prefixes["wd"] = str(vocab.WD)
    for name, namespace in (("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD), ("owl", OWL), ("skos", SKOS)):
        prefixes[name] = str(namespace)
    prefixes.update(prov=str(PROV), dcterms=str(DCTERMS))
    return prefixes


_ARTICLE_FIELDS = {
    "title": "title",
    "published": "published",
    "source": "sourcePath",
    "dateline_place": "datelinePlace",
    "text": "text",
}
_ENDS = frozenset(ox.NamedNode(str(p)) for p in (DIP.agent, DIP.target, DIP.host, DIP.location))


def _article_pattern(q: str | None) -> str:
    pattern = f"GRAPH ?g {{ ?a <{DIP.articleId}> ?id . OPTIONAL {{ ?a <{DIP.title}> ?title }} }}"
    if q:
        needle = ox.Literal(q.casefold())
        pattern += f" FILTER(CONTAINS(LCASE(STR(?id)), {needle}) || CONTAINS(LCASE(STR(?title)), {needle}))"
    return pattern


def _articles_query(q: str | None, limit: int | None, offset: int) -> str:
    paging = (f" LIMIT {int(limit)}" if limit is not None else "") + (
        f" OFFSET {int(offset)}" if offset else ""
    )
    fields = "".join(
        f" OPTIONAL {{ GRAPH ?g {{ ?a <{DIP[name]}> ?{key} }} }}"
        for key, name in _ARTICLE_FIELDS.items()
        if key not in ("text", "title")
    )
    names = "".join(f" ?{k}" for k in _ARTICLE_FIELDS if k not in ("text", "title"))
    return f"SELECT ?id ?title{names} WHERE {{ {_article_pattern(q)}{fields} }} ORDER BY ?id{paging}"


def _article_row(row: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": row["id"].value}
    for key in _ARTICLE_FIELDS:
        if key != "text":
            value = row[key]
            record[key] = None if value is None else value.value
    return record


def _single_int(result: Any) -> int:
    for row in result:
        value = row[0]
        return int(value.value) if value is not None else 0
    return 0


def queries_recount() -> str:
    return writes.recount_update()
