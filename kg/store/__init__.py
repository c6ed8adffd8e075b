"""The graph store: KnowledgeGraph over embedded Oxigraph or a remote SPARQL 1.1 server.

- graph.py     KnowledgeGraph: writes, and the reads the service asks (each one SPARQL query)
- backends.py  the embedded and the remote backend, one interface
- sparql.py    user SPARQL: read-only check, time and row limits, result formats
- entities.py  entity records and name search
"""

from kg.store.backends import StoreError
from kg.store.graph import KnowledgeGraph
from kg.store.sparql import QueryError, QueryRefused, QueryTimeout, SparqlResult, TooManyRows

__all__ = [
    "KnowledgeGraph",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "SparqlResult",
    "StoreError",
    "TooManyRows",
]
