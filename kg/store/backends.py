"""Storage backends of the KnowledgeGraph: embedded Oxigraph (memory or directory) and a remote SPARQL server.

Both speak pyoxigraph terms and results, so the store above them has one code path; rdflib terms are
converted here, in one place.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, cast
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
import rdflib
import urllib3

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
QueryOutput = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Triple]

# What the store asks a SPARQL server for: JSON results, N-Triples or Turtle graphs.
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class StoreError(Exception):
    """The store cannot be opened or reached, or refused an operation (message is user-facing)."""


class BackendQueryError(StoreError):
    """The backend rejected a query as malformed (message from its parser)."""


class BackendTimeout(StoreError):
    """The backend did not answer in time."""


def to_ox(term: Any) -> OxTerm:
    """The pyoxigraph term of an rdflib term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", str(term)))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store RDF term {term!r}")


def to_rdflib(term: OxTerm) -> Any:
    """The rdflib term of a pyoxigraph term (xsd:string literals become plain ones, as rdflib parses them)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"cannot convert RDF term {term!r}")


def triples_of(graph: rdflib.Graph) -> list[ox.Triple]:
    """The triples of an rdflib Graph as pyoxigraph triples."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


def graph_of(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph holding pyoxigraph triples."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def replace_graph_update(graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> str:
    """One SPARQL Update that swaps a named graph's content: applied in a single transaction.

    Terms are written by pyoxigraph (canonical N-Triples escaping), never pasted from raw strings.
    """
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


def values_block(bindings: dict[str, OxTerm]) -> str:
    """A VALUES clause binding variables to RDF terms (how rdflib's initBindings reaches a remote server)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


class Backend(Protocol):
    location: str
    remote: bool

    def query(
        self,
        query: str,
        *,
        union: bool = True,
        default_graphs: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        bindings: dict[str, OxTerm] | None = None,
        timeout: float | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryOutput: ...

    def replace_graph(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None: ...

    def update(self, update: str) -> None: ...

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None: ...

    def drop_graph(self, graph: ox.NamedNode) -> bool: ...

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]: ...

    def quads(self) -> Iterable[ox.Quad]: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


BINDINGS_MARK = "#BINDINGS"  # where internal queries take their bound values (a VALUES block, remotely)


class LocalBackend:
    """Embedded pyoxigraph Store: in memory, or persistent in a directory (RocksDB, one process at a time)."""

    remote = False

    def __init__(self, path: str | None) -> None:
        self.location = path or "memory:"
        self.version = 0  # bumped by every write, so query workers know when to take a new snapshot
        if path is None:
            self.store = ox.Store()
            return
        directory = Path(path)
        if directory.exists() and not directory.is_dir():
            raise StoreError(f"store location {path} is a file, not a directory")
        if directory.is_dir() and any(directory.iterdir()) and not (directory / "CURRENT").exists():
            # RocksDB would happily add its files to any folder, e.g. a mistyped `--store .`.
            raise StoreError(
                f"{path} is not an Oxigraph store directory (and not empty): pass another --store"
            )
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(directory))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store {path} is in use by another process (it is locked while open): "
                    "stop that process (e.g. `kg serve`) or pass another --store; to add articles "
                    "while `kg serve` runs, send them through it: `kg ingest --server URL` with its "
                    "KG_API_TOKEN (or POST them to its /api/articles)"
                ) from None
            raise StoreError(f"cannot open the store {path}: {exc}") from None

    def query(
        self,
        query: str,
        *,
        union: bool = True,
        default_graphs: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        bindings: dict[str, OxTerm] | None = None,
        timeout: float | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryOutput:
        # `timeout` is enforced by the caller (kg.store.sparql), pyoxigraph has no cancellation.
        try:
            return self.store.query(
                query,
                use_default_graph_as_union=union and default_graphs is None,
                default_graph=cast(Any, default_graphs),
                named_graphs=cast(Any, named_graphs),
                substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()} or None,
                prefixes=prefixes,
            )
        except SyntaxError as exc:
            raise BackendQueryError(str(exc)) from None

    def replace_graph(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        # One update is one transaction (readers see the old graph or the new one), and Oxigraph's
        # parser takes 50k triples in a fraction of a second, so this is also the bulk path.
        self.store.update(replace_graph_update(graph, triples))
        self.version += 1

    def update(self, update: str) -> None:
        """A SPARQL Update request: all its operations in one transaction."""
        self.store.update(update)
        self.version += 1

    def bulk_load(self, quads: Iterable[ox.Quad]) -> None:
        """Oxigraph's bulk loader (no transaction: for loading, not for serving). One call for all
        the files, so that the loader's threads share the work."""
        self.store.bulk_extend(quads)
        self.version += 1

    def add_graph(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        """Fill a graph known to be absent (the reference graph of a new store): one atomic `extend`."""
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        self.version += 1

    def drop_graph(self, graph: ox.NamedNode) -> bool:
        if not self.store.contains_named_graph(graph):
            return False
        self.store.remove_graph(graph)
        self.version += 1
        return True

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]

    def quads(self) -> Iterable[ox.Quad]:
        return self.store.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        if self.location != "memory:":
            self.store.flush()
        del self.store  # releases the RocksDB lock once the last reference is gone


def rdf_format(path: str) -> ox.RdfFormat:
    """The RDF dataset format of a bulk file by its extension: N-Quads (.nq) or TriG (.trig)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".nq":
        return ox.RdfFormat.N_QUADS
    if suffix == ".trig":
        return ox.RdfFormat.TRIG
    raise StoreError(f"{path}: a bulk file must be N-Quads (.nq) or TriG (.trig)")


def read_files(paths: list[str]) -> Iterator[ox.Quad]:
    """The quads of N-Quads or TriG files, one file after the other (each parsed on its own, so
    prefixes and blank node labels stay within their file)."""
    formats = [rdf_format(path) for path in paths]  # refuse a wrong file before reading any
    return itertools.chain.from_iterable(
        ox.parse(path=path, format=fmt) for path, fmt in zip(paths, formats, strict=True)
    )


def sibling_update_url(query_url: str) -> str:
    """The update endpoint next to a query endpoint: .../query -> .../update, else .../update appended."""
    parts = urlsplit(query_url)
    path = parts.path
    if path.endswith("/query"):
        path = path[: -len("query")] + "update"
    elif path.endswith("/sparql"):
        path = path + "/update"
    else:
        path = path.rstrip("/") + "/update"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


class RemoteBackend:
    """A SPARQL 1.1 server over HTTP (e.g. `oxigraph serve`), through the SPARQL 1.1 Protocol on
    urllib3's kept-alive connections.

    Results are parsed with pyoxigraph so the store above sees the same types as with the embedded store.
    """

    remote = True

    def __init__(self, url: str, update_url: str | None = None, check: bool = True) -> None:
        self.location = url
        self.update_url = update_url or sibling_update_url(url)
        # Kept-alive connections (one per thread at a time): a query costs its answer, not a handshake.
        self._http = urllib3.PoolManager(num_pools=2, maxsize=16, block=False)
        if not check:  # a query worker: the service checked the endpoint when it opened the store
            return
        try:
            self.query("ASK { ?s ?p ?o }", timeout=10)
        except (BackendTimeout, BackendQueryError, StoreError) as exc:
            reason = str(exc).removeprefix(f"cannot reach {url}: ")
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _post(
        self, url: str, body: str, content_type: str, params: list[tuple[str, str]], timeout: float | None
    ) -> Any:
        """One request of the SPARQL 1.1 Protocol (the operation POSTed directly) on a kept-alive
        connection of the pool: the answer, streaming; a refusal, a time-out or an unreachable
        server as the store's errors."""
        target = url + ("&" if "?" in url else "?") + urlencode(params) if params else url
        headers = {"Content-Type": f"{content_type}; charset=utf-8", "Accept": _ACCEPT}
        limit = urllib3.Timeout(connect=min(timeout, 10) if timeout else 10, read=timeout)
        try:
            response = self._http.request(
                "POST",
                target,
                body=body.encode("utf-8"),
                headers=headers,
                timeout=limit,
                preload_content=False,
                retries=False,
                redirect=False,
            )
        except urllib3.exceptions.NewConnectionError as exc:  # (a ConnectTimeoutError to urllib3)
            raise StoreError(f"cannot reach {url}: {_reason(exc)}") from None
        except urllib3.exceptions.TimeoutError as exc:
            raise BackendTimeout(str(exc) or "timed out") from None
        except urllib3.exceptions.HTTPError as exc:
            raise StoreError(f"cannot reach {url}: {_reason(exc)}") from None
        if response.status >= 300:
            message = _server_message(response)
            if response.status == 400:
                raise BackendQueryError(message)
            raise StoreError(f"the SPARQL server refused the request (HTTP {response.status}): {message}")
        return response

    def query(
        self,
        query: str,
        *,
        union: bool = True,
        default_graphs: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        bindings: dict[str, OxTerm] | None = None,
        timeout: float | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> QueryOutput:
        if bindings:
            query = query.replace(BINDINGS_MARK, values_block(bindings))
        if prefixes:
            # The protocol has no default prefixes: declare them first (the query's own come later and win).
            query = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes.items()) + query
        params = [("default-graph-uri", g.value) for g in default_graphs or ()]
        params += [("named-graph-uri", g.value) for g in named_graphs or ()]
        if union and default_graphs is None:
            params.append(("union-default-graph", "true"))  # Oxigraph's protocol extension
        started = time.monotonic()
        response = self._post(self.location, query, "application/sparql-query", params, timeout)
        ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip()
        body = _read_within(response, started + timeout if timeout else None)
        try:
            if ctype == "application/sparql-results+json":
                return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            if ctype in ("application/n-triples", "text/turtle"):
                fmt = ox.RdfFormat.N_TRIPLES if ctype == "application/n-triples" else ox.RdfFormat.TURTLE
                return iter([q.triple for q in ox.parse(body, fmt)])
        except SyntaxError as exc:
            raise StoreError(f"unreadable answer from {self.location}: {exc}") from None
        raise StoreError(f"unexpected answer type {ctype or 'none'} from {self.location}")

    def update(self, update: str) -> None:
        response = self._post(self.update_url, update, "application/sparql-update", [], None)
        _read_within(response, None)

    def bulk_load(self, quads: Iterable[ox.Quad], batch: int = 20_000) -> None:
        """Quads sent as INSERT DATA updates of `batch` quads (any SPARQL 1.1 server)."""
        chunk: list[ox.Quad] = []

        def flush() -> None:
            body = "\n".join(
                f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in chunk
            )
            self.update(f"INSERT DATA {{\n{body}\n}}")
            chunk.clear()

        for quad in quads:
            chunk.append(quad)
            if len(chunk) >= batch:
                flush()
        if chunk:
            flush()

    def replace_graph(self, graph: ox.NamedNode, triples: list[ox.Triple]) -> None:
        self.update(replace_graph_update(graph, triples))

    def drop_graph(self, graph: ox.NamedNode) -> bool:
        existed = bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False))
        if existed:
            self.update(f"DROP SILENT GRAPH {graph}")
        return existed

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", union=False)
        return list(result)  # type: ignore[arg-type]

    def quads(self) -> Iterable[ox.Quad]:
        query = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        for row in self.query(query, union=False):  # type: ignore[union-attr]
            graph = row["g"] if row["g"] is not None else ox.DefaultGraph()
            yield ox.Quad(row["s"], row["p"], row["o"], graph)

    def __len__(self) -> int:
        query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        rows = list(self.query(query, union=False))  # type: ignore[arg-type]
        return int(rows[0]["n"].value)

    def close(self) -> None:
        pass


def _read_within(response: Any, deadline: float | None) -> bytes:
    """The response body, read in chunks so a result streaming past the deadline is cut off (closing
    the connection also makes the server stop producing it); a whole answer frees its connection
    for the next request."""
    chunks = []
    try:
        while chunk := response.read(1 << 16):
            chunks.append(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise BackendTimeout("the answer was still streaming at the deadline")
    except (TimeoutError, urllib3.exceptions.TimeoutError) as exc:
        response.close()
        raise BackendTimeout(str(exc) or "timed out") from None
    except urllib3.exceptions.HTTPError as exc:
        response.close()
        raise StoreError(f"the SPARQL server's answer broke off: {_reason(exc)}") from None
    except BaseException:
        response.close()
        raise
    response.release_conn()
    return b"".join(chunks)


def _server_message(response: Any) -> str:
    """The start of a refusal's body, on one line (a server explains a malformed query there)."""
    try:
        text = response.read(2000).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - the status alone still says what happened
        text = ""
    finally:
        response.close()
    return " ".join(text.split())[:500] or f"HTTP {response.status}"


def _reason(exc: Exception) -> str:
    """Why a connection failed, without urllib3's pool and object names."""
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    # "<urllib3.connection.HTTPConnection object at 0x...>: Failed to ...", "HTTPConnection(host=...,
    # port=...): Failed to ...": the connection's own description adds nothing to the URL
    if text.startswith(("<", "HTTPConnection(", "HTTPSConnection(")) and ": " in text:
        return text.split(": ", 1)[1]
    return text
