"""kg.betweenness estimates betweenness from sampled sources exactly as networkx does, faster."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analytics import centrality_rows
from kg.betweenness import sampled_betweenness


def _graphs() -> list[tuple[str, nx.Graph]]:
    ring = nx.cycle_graph(40)
    two_parts = nx.disjoint_union(nx.gnm_random_graph(60, 150, seed=1), nx.path_graph(12))
    two_parts.add_node("alone")
    weighted = nx.gnm_random_graph(300, 900, seed=2)
    for a, b in weighted.edges():
        weighted[a][b]["weight"] = (a * b) % 7 + 1  # betweenness ignores weights, as networkx's does
    grid = nx.convert_node_labels_to_integers(nx.grid_2d_graph(15, 15))  # many equal shortest paths
    return [("ring", ring), ("two parts", two_parts), ("random", weighted), ("grid", grid)]


@pytest.mark.parametrize("name, graph", _graphs(), ids=[n for n, _ in _graphs()])
@pytest.mark.parametrize("k, seed", [(1, 0), (5, 7), (17, 3)])
def test_equals_networkx_estimate(name: str, graph: nx.Graph, k: int, seed: int) -> None:
    expected = nx.betweenness_centrality(graph, k=k, seed=seed)
    found = sampled_betweenness(graph, k, seed)
    assert found.keys() == expected.keys()
    for node, value in expected.items():
        assert found[node] == pytest.approx(value, abs=1e-12, nan_ok=True), node
    if k > 1:
        assert any(v > 0 for v in found.values())


def test_every_node_as_source_gives_exact_betweenness() -> None:
    graph = nx.gnm_random_graph(50, 120, seed=4)
    exact = nx.betweenness_centrality(graph)
    found = sampled_betweenness(graph, graph.number_of_nodes(), 0)
    assert found == pytest.approx(exact, abs=1e-12)
    assert max(found.values()) > 0


def test_empty_graph() -> None:
    assert sampled_betweenness(nx.Graph(), 8, 0) == {}


def test_centrality_rows_use_the_estimate_on_large_graphs() -> None:
    graph = nx.gnm_random_graph(400, 1200, seed=5)
    rows = centrality_rows(graph, samples=8, seed=7)
    expected = nx.betweenness_centrality(graph, k=8, seed=7)
    assert {r["id"]: r["betweenness"] for r in rows} == {n: round(v, 6) for n, v in expected.items()}
