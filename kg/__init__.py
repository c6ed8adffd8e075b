"""dipkg: diplomatic-relations knowledge graph (extraction, RDF, store, analytics)."""

__version__ = "0.1.0"
