"""KnowledgeGraph: the graph store, embedded Oxigraph (memory or directory) or a remote SPARQL 1.1 server.

One named graph per article plus the reference graph. The RDF mapping belongs to kg.rdf: this module
reads facts back through `facts_from_graph` and never hand-types ontology terms, so the two cannot drift.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg import rdf, settings
from kg.fact_order import FACT_ORDERS, fact_sort_key
from kg.model import Article, Fact
from kg.store.backends import (
    BINDINGS_MARK,
    Backend,
    LocalBackend,
    RemoteBackend,
    StoreError,
    graph_of,
    triples_of,
)
from kg.store.sparql import (
    QueryError,
    QueryRefused,
    QueryTimeout,
    SparqlResult,
    TooManyRows,
    _bytes,
    check_read_only,
    declares_dataset,
    run_limited,
    select_star_order,
)

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


@dataclass
class _ArticleEntry:
    """An article graph read back: its metadata, facts and size (cached until the graph changes)."""

    meta: dict[str, Any]
    facts: list[Fact] = field(default_factory=list)
    triples: int = 0


class KnowledgeGraph:
    """Facts of articles in named graphs, the reference knowledge in its own graph, SPARQL over both."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._cache: dict[str, _ArticleEntry] = {}
        self._lock = threading.RLock()
        self.location = backend.location

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
            reference = ox.NamedNode(str(rdf.REFERENCE_GRAPH))
            if not graph._graph_exists(reference):
                if isinstance(backend, LocalBackend):
                    backend.add_graph(reference, _reference_triples())  # faster than parsing an update
                else:
                    graph.load_reference()
        except BaseException:
            graph.close()
            raise
        return graph

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (the directory lock of an embedded store)."""
        self._backend.close()

    # -- writing ---------------------------------------------------------------------------------

    def add_article(self, article: Article, facts: list[Fact]) -> None:
        """Store the article and its facts, replacing its previous named graph in one transaction."""
        triples = triples_of(rdf.article_graph(article, facts))
        with self._lock:
            self._backend.replace_graph(self._article_graph(article.id), triples)
            self._cache.pop(article.id, None)

    def delete_article(self, article_id: str) -> bool:
        """Drop the article's named graph; False if there was none."""
        with self._lock:
            self._cache.pop(article_id, None)
            return self._backend.drop_graph(self._article_graph(article_id))

    def load_reference(self) -> int:
        """(Re)load the reference knowledge into its named graph; returns its triple count."""
        triples = _reference_triples()
        self._backend.replace_graph(ox.NamedNode(str(rdf.REFERENCE_GRAPH)), triples)
        return len(triples)

    # -- articles and facts ----------------------------------------------------------------------

    def article_ids(self) -> list[str]:
        """Ids of the stored articles, sorted."""
        rows = self._backend.query("SELECT ?g WHERE { GRAPH ?g { } }", union=False)
        ids = (_article_id(row["g"].value) for row in rows)  # type: ignore[union-attr]
        return sorted(i for i in ids if i is not None)

    def articles(self) -> list[dict[str, Any]]:
        """Every stored article: id, title, published, source and its number of facts."""
        out = []
        for article_id in self.article_ids():
            entry = self._entry(article_id)
            if entry is not None:
                meta = {k: v for k, v in entry.meta.items() if k != "text"}
                out.append({**meta, "facts": len(entry.facts)})
        return out

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The article's metadata with its text and number of facts, or None."""
        entry = self._entry(article_id)
        if entry is None:
            return None
        return {**entry.meta, "facts": len(entry.facts)}

    def facts(
        self,
        subject: str | None = None,
        object: str | None = None,  # noqa: A002  (the contract's field name)
        type: str | None = None,  # noqa: A002
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Fact]:
        """Stored facts matching every filter given (entities by local id, dates as ISO prefixes)."""
        if article is not None:
            ids = [article]
        else:
            ids = self._articles_mentioning([e for e in (subject, object) if e])
        found = []
        for article_id in ids:
            entry = self._entry(article_id)
            for fact in entry.facts if entry else ():
                if subject and (fact.subject is None or fact.subject.id != subject):
                    continue
                if object and (fact.object is None or fact.object.id != object):
                    continue
                if type and fact.type != type or modality and fact.modality != modality:
                    continue
                if min_confidence is not None and fact.confidence < min_confidence:
                    continue
                if (since or until) and not _in_period(fact.date, since, until):
                    continue
                found.append(fact)
        found.sort(key=lambda f: (f.article, f.span or (0, 0), f.type, f.id))
        end = None if limit is None else offset + limit
        return found[offset:end]

    # -- entities --------------------------------------------------------------------------------

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """What the store knows of an entity: names, kind, qid, country, positions, memberships, relations."""
        from kg.store.entities import describe_entity  # noqa: PLC0415

        return describe_entity(self, entity_id)

    def search_entities(self, q: str, kind: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose label or alias matches `q`: exact, then prefix, then substring matches."""
        from kg.store.entities import search_entities  # noqa: PLC0415

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
        check_read_only(query)
        defaults = _graph_nodes(default_graphs) if default_graphs else None
        named = _graph_nodes(named_graphs) if named_graphs else None
        limit_s = float(timeout if timeout is not None else settings.get("query_timeout"))
        rows = int(max_rows if max_rows is not None else settings.get("result_limit"))

        def start() -> Any:
            return self._backend.query(
                query,
                union=not declares_dataset(query),
                default_graphs=defaults,
                named_graphs=named,
                timeout=limit_s,
                prefixes=_prefixes(),
            )

        result = run_limited(start, limit_s, rows)
        result.variables = select_star_order(query, result.variables)
        result.prefixes = _prefixes()
        return result

    # -- whole store -----------------------------------------------------------------------------

    def triples_count(self) -> int:
        """Triples in all graphs together."""
        return len(self._backend)

    def stats(self) -> dict[str, Any]:
        """Counts of articles, facts by type, extracted entities by kind, triples (total, per graph kind)."""
        facts = self.facts()
        entities: dict[str, str] = {}
        for fact in facts:
            for e in (fact.subject, fact.object):
                if e is not None:
                    entities[e.id] = e.kind
        per_graph = {"reference": 0, "articles": 0, "other": 0}
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        prefix = _article_graph_prefix()
        for row in self._backend.query(query, union=False):  # type: ignore[union-attr]
            name, n = row["g"].value, int(row["n"].value)
            kind = "reference" if name == str(rdf.REFERENCE_GRAPH) else "articles"
            per_graph[kind if kind == "reference" or name.startswith(prefix) else "other"] += n
        total = self.triples_count()
        per_graph["default"] = total - sum(per_graph.values())
        return {
            "articles": len(self.article_ids()),
            "facts": len(facts),
            "facts_by_type": dict(sorted(Counter(f.type for f in facts).items())),
            "entities": len(entities),
            "entities_by_kind": dict(sorted(Counter(entities.values()).items())),
            "triples": total,
            "triples_by_graph": per_graph,
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

    # -- internals -------------------------------------------------------------------------------

    def _article_graph(self, article_id: str) -> ox.NamedNode:
        return ox.NamedNode(str(rdf.article_graph_iri(article_id)))

    def _graph_exists(self, graph: ox.NamedNode) -> bool:
        return bool(self._backend.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False))

    def _entry(self, article_id: str) -> _ArticleEntry | None:
        """The article graph read back, from the cache when this process wrote it last (or nobody did)."""
        with self._lock:
            entry = self._cache.get(article_id)
        if entry is not None:
            return entry
        try:
            graph_node = self._article_graph(article_id)
        except ValueError:  # not a valid IRI: cannot name a stored article
            return None
        triples = self._backend.graph_triples(graph_node)
        if not triples:
            return None
        graph = graph_of(triples)
        entry = _ArticleEntry(_article_meta(graph, article_id), rdf.facts_from_graph(graph), len(triples))
        if not self._backend.remote:  # a remote store may be changed by others: read it each time
            with self._lock:
                self._cache[article_id] = entry
        return entry

    def _articles_mentioning(self, entity_ids: list[str]) -> list[str]:
        """Ids of articles whose graph mentions every given entity (all articles if none given)."""
        if not entity_ids:
            return self.article_ids()
        found: set[str] | None = None
        for entity_id in entity_ids:
            node = ox.NamedNode(str(rdf.entity_iri(entity_id)))
            query = f"SELECT DISTINCT ?g ?e WHERE {{ {BINDINGS_MARK}\n GRAPH ?g {{ ?x ?p ?e }} }}"
            rows = self._backend.query(query, union=False, bindings={"e": node})
            ids = {i for r in rows if (i := _article_id(r["g"].value)) is not None}  # type: ignore[union-attr]
            found = ids if found is None else found & ids
        return sorted(found or ())

    # --- workbench read methods (integrator replaces with SPARQL) ---
    # Ordering, counting and article paging over the methods above, so the facts table and the
    # article list can be written against the read path's final signatures.

    _unordered_facts = facts
    _all_articles = articles

    def facts(  # type: ignore[no-redef]  # noqa: F811
        self,
        subject: str | None = None,
        object: str | None = None,  # noqa: A002
        type: str | None = None,  # noqa: A002
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "article",
    ) -> list[Fact]:
        """Stored facts matching every filter, in `order` (see FACT_ORDERS), paged by limit/offset."""
        if order not in FACT_ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of {', '.join(FACT_ORDERS)}")
        found = self._unordered_facts(subject, object, type, since, until, modality, article, min_confidence)
        found.sort(key=fact_sort_key(order))
        end = None if limit is None else offset + limit
        return found[offset:end]

    def count_facts(
        self,
        subject: str | None = None,
        object: str | None = None,  # noqa: A002
        type: str | None = None,  # noqa: A002
        since: str | None = None,
        until: str | None = None,
        modality: str | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
    ) -> int:
        """How many facts `facts` would return with the same filters and no limit."""
        filters = (subject, object, type, since, until, modality, article, min_confidence)
        return len(self._unordered_facts(*filters))

    def articles(  # type: ignore[no-redef]  # noqa: F811
        self, limit: int | None = None, offset: int = 0, q: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored articles (id, title, published, source, facts) by id; `q` keeps those whose title or id
        contains it."""
        found = self._matching_articles(q)
        end = None if limit is None else offset + limit
        return found[offset:end]

    def count_articles(self, q: str | None = None) -> int:
        """How many stored articles `articles(q=q)` would return with no limit."""
        return len(self._matching_articles(q))

    def _matching_articles(self, q: str | None) -> list[dict[str, Any]]:
        rows = self._all_articles()
        if q:
            needle = q.casefold()
            rows = [r for r in rows if needle in f"{r.get('title') or ''} {r['id']}".casefold()]
        return rows


def _graph_nodes(iris: list[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(iri) for iri in iris]
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI: {exc}") from None


def _in_period(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a date of any precision (2025, 2025-08, 2025-08-20) overlaps the period since..until."""
    if not date:
        return False
    if since:
        n = min(len(date), len(since))
        if date[:n] < since[:n]:
            return False
    if until:
        n = min(len(date), len(until))
        if date[:n] > until[:n]:
            return False
    return True


@functools.cache
def _reference_triples() -> list[ox.Triple]:
    from kg.reference import load_reference  # noqa: PLC0415

    return triples_of(rdf.reference_graph(load_reference()))


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


def _article_meta(graph: Any, article_id: str) -> dict[str, Any]:
    """Metadata of the article node of an article graph (None for what the graph lacks)."""
    from kg.vocab import DIP  # noqa: PLC0415

    node = rdf.article_iri(article_id)
    fields = {
        "title": DIP.title,
        "published": DIP.published,
        "source": DIP.sourcePath,
        "dateline_place": DIP.datelinePlace,
        "text": DIP.text,
    }
    meta: dict[str, Any] = {"id": article_id}
    for name, predicate in fields.items():
        value = graph.value(node, predicate)
        meta[name] = None if value is None else str(value)
    return meta
