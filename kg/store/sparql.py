"""Read-only SPARQL for users: checks before anything runs, evaluation in killable workers, result formats.

Before a query reaches any parser it must be short enough (KG_QUERY_MAX_LENGTH) and shallow enough
(KG_QUERY_MAX_DEPTH: brackets and runs of unary operators, counted by a tokenizer that knows strings,
escapes, IRIs and comments), must not be an update, and must not name SERVICE. The tokenizer scans the
text as written and with its \\u escapes decoded (SPARQL allows them anywhere; Oxigraph decodes them only
inside strings and IRIs), and once more reading `<` as an operator, so no spelling hides the keyword.
The worker then decides from rdflib's parse tree (no ServiceGraphPattern anywhere) before evaluating.

Evaluation happens in worker processes (kg.store.workers) that are killed at the deadline or when they
pass KG_QUERY_MEMORY, so a runaway or crashing query costs only itself an error. Results travel back as
SPARQL JSON or N-Triples and are refused past KG_RESULT_LIMIT rows or KG_RESULT_MAX_BYTES bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.store.backends import BackendQueryError, BackendTimeout, StoreError


class QueryError(StoreError):
    """The query is malformed: the message is the parser's."""


class QueryRefused(StoreError):
    """The query would write (SPARQL Update) or reach other servers (SERVICE): the endpoint is read-only."""


class QueryTimeout(StoreError):
    """The query ran longer than its time limit."""


class TooManyRows(StoreError):
    """The result has more rows than the limit."""


class QueryTooComplex(StoreError):
    """The query is longer or more deeply nested than the limits: refused before any parser sees it."""


class ResultTooLarge(StoreError):
    """The result is larger (in bytes) than the limit, whatever its number of rows."""


class QueryFailed(StoreError):
    """The query's worker process died: it needed more memory than allowed, or crashed."""


class ServiceBusy(StoreError):
    """No worker became free before the query's deadline."""


BINDINGS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
MIME_TYPES = {
    "bindings": tuple(BINDINGS_TYPES),
    "boolean": tuple(BINDINGS_TYPES),
    "graph": tuple(GRAPH_TYPES),
}

# One token of SPARQL: strings (with their escapes) and comments first, so nothing inside them counts.
_IRI = r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
_STRING = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
)
_TOKENS_WITH_IRIS = re.compile(
    r"(?P<skip>\s+|#[^\n\r]*)|(?P<string>"
    + _STRING
    + ")"
    + _IRI
    + r"|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]*)"
    # prefixed names (`ex.a:b.c`), then bare words, which end at a dot (`true.SERVICE` is two words)
    r"|(?P<word>[^\W\d][\w\-.]*:[\w\-.:%\\]*|:[\w\-.:%\\]*|[^\W\d]\w*)"
    r"|(?P<other>.)",
    re.S,
)
# The same without IRIs: `<` read as "less than" (an IRI-looking stretch must not hide a keyword).
_TOKENS_NO_IRIS = re.compile(_TOKENS_WITH_IRIS.pattern.replace(_IRI, ""), re.S)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPENERS, _CLOSERS, _UNARY = "({[", ")}]", "!-+^"
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
_PROLOGUE_WORDS = {"prefix", "base"}


def _decoded(query: str) -> str:
    """The query with \\u/\\U codepoint escapes replaced by their characters (invalid ones kept)."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _CODEPOINT.sub(char, query)


def _tokens(query: str, iris: bool = True) -> Iterator[tuple[str, str]]:
    pattern = _TOKENS_WITH_IRIS if iris else _TOKENS_NO_IRIS
    for match in pattern.finditer(query):
        kind = match.lastgroup or "other"
        if kind != "skip":
            yield kind, match.group()


def _spellings(query: str) -> list[str]:
    decoded = _decoded(query)
    return [query] if decoded == query else [query, decoded]


def check_query_shape(query: str, max_length: int, max_depth: int) -> None:
    """Raise QueryTooComplex for a query longer than `max_length` characters or nested deeper than
    `max_depth` (brackets, plus runs of unary operators such as `!!!!x`), before any parser runs."""
    if len(query) > max_length:
        raise QueryTooComplex(
            f"the query has {len(query)} characters; at most {max_length} are accepted (KG_QUERY_MAX_LENGTH)"
        )
    for text in _spellings(query):
        depth = deepest = run = 0
        for kind, value in _tokens(text, iris=False):
            if kind != "other":
                run = 0
                continue
            if value in _OPENERS:
                depth += 1
            elif value in _CLOSERS:
                depth = max(0, depth - 1)
            run = run + 1 if value in _UNARY else 0
            deepest = max(deepest, depth + run)
            if deepest > max_depth:
                raise QueryTooComplex(
                    f"the query nests deeper than {max_depth} levels (KG_QUERY_MAX_DEPTH); flatten it"
                )


def mentions_service(query: str, conservative: bool = False) -> bool:
    """Whether SERVICE appears as a keyword in the query text as written or with its escapes decoded;
    `conservative` also reads every `<` as an operator, which no IRI-looking stretch can fool (but
    which also flags IRIs such as <http://example.org/service/1>)."""
    for text in _spellings(query):
        for iris in (True, False) if conservative else (True,):
            if any(k == "word" and v.lower() == "service" for k, v in _tokens(text, iris)):
                return True
    return False


def check_read_only(query: str) -> None:
    """Raise QueryRefused for a SPARQL Update or a query with SERVICE, before anything runs."""
    if mentions_service(query):
        raise QueryRefused("SERVICE is not allowed: this endpoint does not call other servers")
    for text in _spellings(query):
        expect_prologue_part = 0
        for kind, value in _tokens(text):
            if expect_prologue_part:
                expect_prologue_part -= 1
                continue
            if kind == "word" and value.lower() in _PROLOGUE_WORDS:
                expect_prologue_part = 2 if value.lower() == "prefix" else 1
                continue
            if kind == "word" and value.lower() in _UPDATE_WORDS:
                raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only")
            break


def declares_dataset(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which the union default must not hide."""
    return any(k == "word" and v.lower() == "from" for k, v in _tokens(query))


def parsed_has_service(query: str) -> bool | None:
    """Whether rdflib's parse tree of the query holds a SERVICE pattern; None if rdflib cannot parse it
    (Oxigraph accepts a little more, e.g. RDF-star; the token test above still applies)."""
    from pyparsing import ParseBaseException, ParseResults  # noqa: PLC0415
    from rdflib.plugins.sparql.parser import parseQuery  # noqa: PLC0415
    from rdflib.plugins.sparql.parserutils import CompValue  # noqa: PLC0415

    try:
        tree = parseQuery(query)
    except (ParseBaseException, RecursionError, ValueError, TypeError, KeyError, AttributeError):
        return None
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


@dataclass
class SparqlResult:
    """A materialized query result: `kind` is "bindings", "boolean" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    solutions: list[ox.QuerySolution] = field(default_factory=list)
    triples: list[ox.Triple] = field(default_factory=list)
    boolean: bool | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Rows as dicts of Python values (None for unbound): for tables, JSON and CSV output."""
        if self.kind == "boolean":
            return [{"boolean": self.boolean}]
        if self.kind == "graph":
            names = ("subject", "predicate", "object")
            return [{n: python_value(v) for n, v in zip(names, t, strict=True)} for t in self.triples]
        return [{v: python_value(s[v]) for v in self.variables} for s in self.solutions]

    @property
    def columns(self) -> list[str]:
        if self.kind == "boolean":
            return ["boolean"]
        return ["subject", "predicate", "object"] if self.kind == "graph" else list(self.variables)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.solutions)

    def serialize(self, mime: str) -> bytes:
        """The result in a SPARQL results format (bindings, boolean) or an RDF format (graph)."""
        if self.kind == "graph":
            if mime not in GRAPH_TYPES:
                raise ValueError(f"a graph result cannot be written as {mime}")
            return _bytes(
                ox.serialize(self.triples, format=GRAPH_TYPES[mime], prefixes=self.prefixes or None)
            )
        if mime not in BINDINGS_TYPES:
            raise ValueError(f"a {self.kind} result cannot be written as {mime}")
        data = self._json()
        if mime == "application/sparql-results+json":
            return data
        if self.kind == "boolean" and mime in ("text/csv", "text/tab-separated-values"):
            # No standard CSV/TSV form of a boolean: one column, one row.
            sep = "," if mime == "text/csv" else "\t"
            return f"boolean{sep}\n{'true' if self.boolean else 'false'}\n".replace(sep + "\n", "\n").encode()
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return _bytes(parsed.serialize(format=BINDINGS_TYPES[mime]))

    def _json(self) -> bytes:
        if self.kind == "boolean":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}).encode()
        bindings = [{v: json_term(s[v]) for v in self.variables if s[v] is not None} for s in self.solutions]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}}).encode()

    def to_csv(self) -> str:
        """Rows as CSV with Python values (IRIs and literals' values), for the command line."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph serializers return bytes when given no output file."""
    assert data is not None
    return data


def json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            data["datatype"] = term.datatype.value
        return data
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {k: json_term(v) for k, v in parts.items()}}
    raise TypeError(f"unexpected term {term!r}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger")
}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def python_value(term: Any) -> Any:
    """IRIs and blank nodes as strings, numbers and booleans as such, other literals as their text."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return f"<< {term} >>"
    return term.value


# -- evaluation in a worker process (kg.store.workers) ---------------------------------------------


def run_in_workers(pool: Any, request: dict[str, Any], timeout: float) -> SparqlResult:
    """Evaluate `request` (see evaluate_in_worker) in a worker of `pool` within `timeout` seconds."""
    from kg.store import workers  # noqa: PLC0415

    request = {**request, "timeout": timeout}
    try:
        header, body = pool.run(request, b"", timeout)
    except workers.WorkerTimeout:
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
    except workers.WorkersBusy:
        raise ServiceBusy(
            f"every query worker stayed busy for {timeout:g} s (setting KG_QUERY_WORKERS); try again later"
        ) from None
    except workers.WorkerCrashed:
        raise QueryFailed(
            "the query stopped its worker process: it needed more memory than allowed (KG_QUERY_MEMORY) "
            "or could not be evaluated"
        ) from None
    if header.get("status") != "ok":
        raise _worker_error(header)
    if header["kind"] == "boolean":
        return SparqlResult("boolean", boolean=bool(header["boolean"]))
    if header["kind"] == "graph":
        return SparqlResult("graph", triples=[q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)])
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = [v.value for v in parsed.variables]
    return SparqlResult("bindings", variables=variables, solutions=list(parsed))


_WORKER_ERRORS: dict[str, type[StoreError]] = {
    "query": QueryError,
    "refused": QueryRefused,
    "rows": TooManyRows,
    "bytes": ResultTooLarge,
    "timeout": QueryTimeout,
    "memory": QueryFailed,
    "store": StoreError,
}


def _worker_error(header: dict[str, Any]) -> StoreError:
    kind = _WORKER_ERRORS.get(str(header.get("type")), QueryFailed)
    return kind(str(header.get("message") or "the query failed"))


def evaluate_in_worker(request: dict[str, Any], state: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """In the worker: check, evaluate and serialize one query; `state` keeps the opened store between
    queries. Returns the answer header and body (SPARQL JSON for bindings, N-Triples for a graph)."""
    query = request["query"]
    # The parse tree decides; where rdflib cannot parse a query that Oxigraph may accept, the text test
    # in its strictest reading does.
    has_service = parsed_has_service(query)
    if has_service or has_service is None and mentions_service(query, conservative=True):
        return _error("refused", "SERVICE is not allowed: this endpoint does not call other servers")
    try:
        output = _query(request, state)
        return _materialize(output, int(request["max_rows"]), int(request["max_bytes"]))
    except (SyntaxError, BackendQueryError) as exc:
        return _error("query", str(exc))
    except BackendTimeout as exc:
        return _error("timeout", str(exc) or "the remote store did not answer in time")
    except TooManyRows as exc:
        return _error("rows", str(exc))
    except ResultTooLarge as exc:
        return _error("bytes", str(exc))
    except (StoreError, OSError) as exc:
        return _error("store", str(exc))


def _error(kind: str, message: str) -> tuple[dict[str, Any], bytes]:
    return {"status": "error", "type": kind, "message": message}, b""


def open_in_worker(request: dict[str, Any], state: dict[str, Any]) -> None:
    """In the worker: open the request's store (snapshot, dump or endpoint) unless it is open already.
    Done before the query's clock starts: a new snapshot is the service's cost, not the query's."""
    source = request["source"]
    key = json.dumps(source, sort_keys=True)
    if state.get("key") != key:
        state.clear()
        if source["kind"] == "remote":
            from kg.store.backends import RemoteBackend  # noqa: PLC0415

            state["remote"] = RemoteBackend(source["url"], source.get("update_url") or None, check=False)
        elif source["kind"] == "directory":
            state["store"] = ox.Store.read_only(source["path"])
        else:
            store = ox.Store()
            store.load(path=source["path"], format=ox.RdfFormat.N_QUADS)
            state["store"] = store
        state["key"] = key


def _query(request: dict[str, Any], state: dict[str, Any]) -> Any:
    open_in_worker(request, state)
    defaults = [ox.NamedNode(g) for g in request.get("default_graphs") or ()] or None
    named = [ox.NamedNode(g) for g in request.get("named_graphs") or ()] or None
    union = bool(request.get("union")) and defaults is None
    if "remote" in state:
        return state["remote"].query(
            request["query"],
            union=union,
            default_graphs=defaults,
            named_graphs=named,
            timeout=float(request["timeout"]),
            prefixes=request.get("prefixes"),
        )
    return state["store"].query(
        request["query"],
        use_default_graph_as_union=union,
        default_graph=defaults,
        named_graphs=named,
        prefixes=request.get("prefixes"),
    )


def _size(term: Any) -> int:
    return len(term.value) + 16 if not isinstance(term, ox.Triple) else len(str(term))


_SELECT = re.compile(r"\bSELECT\b\s*(?:(?:DISTINCT|REDUCED)\s+)?(\*)?", re.I)
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")


def select_star_order(query: str, variables: list[str]) -> list[str]:
    """For `SELECT *`, the variables in the order they first appear in the query (as users read the
    pattern) instead of pyoxigraph's alphabetical order; other projections keep their stated order."""
    text = re.sub(r"(?m)#[^\n<>\"']*$", "", query)  # comments (not '#' inside IRIs or strings)
    match = _SELECT.search(text)
    if match is None or match.group(1) is None:
        return variables
    first: dict[str, int] = {}
    for found in _VARIABLE.finditer(text, match.end()):
        first.setdefault(found.group(1), found.start())
    return sorted(variables, key=lambda v: (first.get(v, len(text)), variables.index(v)))


def _materialize(output: Any, max_rows: int, max_bytes: int) -> tuple[dict[str, Any], bytes]:
    if isinstance(output, ox.QueryBoolean):
        return {"status": "ok", "kind": "boolean", "boolean": bool(output)}, b""
    size = 0
    too_large = f"the result is larger than {max_bytes} bytes"
    if isinstance(output, ox.QuerySolutions):
        variables = [v.value for v in output.variables]
        bindings = []
        for solution in output:
            row = {}
            for name in variables:
                term = solution[name]
                if term is not None:
                    size += _size(term) + len(name)
                    row[name] = json_term(term)
            bindings.append(row)
            if len(bindings) > max_rows:
                raise TooManyRows(f"the result has more than {max_rows} rows")
            if size > max_bytes:
                raise ResultTooLarge(too_large)
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()
        return {"status": "ok", "kind": "bindings"}, body
    triples = []
    for triple in output:
        triples.append(triple)
        size += sum(_size(t) for t in triple)
        if len(triples) > max_rows:
            raise TooManyRows(f"the result has more than {max_rows} rows")
        if size > max_bytes:
            raise ResultTooLarge(too_large)
    return {"status": "ok", "kind": "graph"}, _bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
