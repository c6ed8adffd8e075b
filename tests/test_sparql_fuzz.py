"""A hypothesis fuzzer generating SPARQL from a small grammar against /sparql: no 5xx, ever.

Queries mix well-formed and broken pieces (stray brackets, keywords out of place, odd literals,
escapes, SERVICE and update words), so both the checks in front of the parser and the worker answer.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

VARS = st.sampled_from(["?s", "?p", "?o", "?x", "$y"])
IRIS = st.sampled_from(
    ["<https://w3id.org/dipkg/ontology#Country>", "dip:visited", "rdfs:label", "a", "<x:\\u0053>", "<>"]
)
LITERALS = st.sampled_from(
    ['"Iran"', "'it\\'s'", '"""a\n"b"""', '"x"@en', "42", "1.5e3", "true", '"\\ud800"']
)
TERMS = st.one_of(VARS, IRIS, LITERALS)
OPERATORS = st.sampled_from(["=", "<", "&&", "+"])
NOISE = st.sampled_from(["", "(", ")", "{", "}", ".", ";", ",", "#c\n", "\\u0053ERVICE", "SERVICE", "INSERT"])


def triple() -> st.SearchStrategy[str]:
    return st.builds(lambda s, p, o, n: f"{s} {p} {o} {n}", TERMS, st.one_of(VARS, IRIS), TERMS, NOISE)


def expression() -> st.SearchStrategy[str]:
    leaf = st.one_of(VARS, LITERALS)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(
                lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from(["=", "<", "&&", "+"]), inner
            ),
            st.builds(lambda f, a: f"{f}({a})", st.sampled_from(["STR", "LCASE", "BOUND", "!"]), inner),
        ),
        max_leaves=6,
    )


def group() -> st.SearchStrategy[str]:
    base = st.builds(lambda ts: " ".join(ts), st.lists(triple(), min_size=1, max_size=2))
    return st.recursive(
        base,
        lambda inner: st.one_of(
            st.builds(lambda a, b: f"{{ {a} }} UNION {{ {b} }}", inner, inner),
            st.builds(lambda a: f"OPTIONAL {{ {a} }}", inner),
            st.builds(lambda a, e: f"{a} FILTER({e})", inner, expression()),
            st.builds(lambda a, e: f"{a} BIND({e} AS ?b)", inner, expression()),
        ),
        max_leaves=4,
    )


QUERIES = st.one_of(
    st.builds(lambda g, n: f"SELECT * WHERE {{ {g} }} LIMIT 5 {n}", group(), NOISE),
    st.builds(lambda g: f"ASK {{ {g} }}", group()),
    st.builds(lambda g: f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {g} }} LIMIT 5", group()),
    st.builds(lambda g, e: f"SELECT (COUNT(*) AS ?n) WHERE {{ {g} }} GROUP BY {e}", group(), VARS),
)


@pytest.fixture(scope="module")
def fuzz_client(seed_article, seed_facts):
    from api import create_app

    app = create_app({"TESTING": True, "STORE": "memory:", "QUERY_TIMEOUT": 10})
    app.extensions["kg"].add_article(seed_article, seed_facts)
    yield app.test_client()
    app.extensions["kg"].close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_generated_queries_never_get_a_5xx(fuzz_client, query):
    response = fuzz_client.post("/sparql", data={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code in (200, 400, 403), (query, response.get_json())
    if response.status_code != 200:
        assert response.get_json()["error"]
