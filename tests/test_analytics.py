"""kg.analytics on hand-built Fact lists and on the seed article's gold facts (no store needed)."""

from __future__ import annotations

import pytest

from kg import analytics
from kg.model import Entity, Fact

BLR = Entity("Belarus", "country", country="BLR")
IRN = Entity("Iran", "country", country="IRN")
RUS = Entity("Russia", "country", country="RUS")
ARM = Entity("Armenia", "country", country="ARM")
UKR = Entity("Ukraine", "country", country="UKR")
LUKASHENKO = Entity("Aleksandr Lukashenko", "person", country="BLR", id="person/aleksandr-lukashenko")
PEZESHKIAN = Entity("Masoud Pezeshkian", "person", country="IRN", id="person/masoud-pezeshkian")
EAEU = Entity("Eurasian Economic Union", "organization", id="org/EAEU")


def fact(kind: str, subject: Entity | None, obj: Entity | None, date: str | None = None, **kw) -> Fact:
    evidence = kw.pop("evidence", f"{subject and subject.label} {kind} {obj and obj.label} ({date}).")
    return Fact(
        "a1", kind, subject, obj, date=date, evidence=evidence, confidence=kw.pop("confidence", 0.9), **kw
    )


def chain() -> list[Fact]:
    """Lukashenko - Belarus - Iran - Russia - Ukraine, each link one fact."""
    return [
        fact("position", LUKASHENKO, BLR, attributes={"role": "head_of_state"}),
        fact("cooperation", IRN, BLR, "2024-05"),
        fact("military_aid", IRN, RUS, "2023", modality="alleged"),
        fact("conflict", RUS, UKR, "2022-02-24"),
    ]


def test_build_graph_nodes_edges_and_symmetric_mirrors() -> None:
    facts = [*chain(), fact("accusation", None, IRN, "2024")]
    graph = analytics.build_graph(facts)
    assert graph.nodes["country/BLR"] == {"label": "Belarus", "kind": "country", "country": "BLR"}
    assert graph.nodes["person/aleksandr-lukashenko"]["kind"] == "person"
    # cooperation is symmetric: usable both ways, the reverse marked as a mirror of the same fact
    cooperation = facts[1]
    assert graph.has_edge("country/IRN", "country/BLR", key=cooperation.id)
    assert graph.edges["country/BLR", "country/IRN", cooperation.id]["mirrored"] is True
    # military_aid is directed: no reverse edge
    assert not graph.has_edge("country/RUS", "country/IRN")
    edge = graph.edges["country/IRN", "country/RUS", facts[2].id]
    assert (edge["type"], edge["date"], edge["modality"], edge["article"]) == (
        "military_aid",
        "2023",
        "alleged",
        "a1",
    )
    assert edge["evidence"] and edge["confidence"] == 0.9
    # 4 facts with both ends + mirrors of cooperation and conflict; the accuser-less accusation adds none
    assert graph.number_of_edges() == 6
    assert analytics.undirected_projection(graph).number_of_edges() == 4


def test_centrality_ranks_hub_and_broker() -> None:
    star = [fact("meeting", PEZESHKIAN, p, "2025") for p in (LUKASHENKO,)] + [
        fact("visit", PEZESHKIAN, c, "2025") for c in (BLR, ARM, RUS)
    ]
    rows = analytics.centrality(star)
    assert rows[0]["id"] == "person/masoud-pezeshkian"
    assert rows[0]["degree"] == 4 and rows[0]["degree_centrality"] == 1.0
    assert rows[0]["betweenness"] == 1.0
    assert all(r["betweenness"] == 0.0 for r in rows[1:])
    countries = analytics.centrality(star, kind="country")
    assert {r["kind"] for r in countries} == {"country"} and len(countries) == 3
    assert len(analytics.centrality(star, top=2)) == 2
    assert analytics.centrality([]) == []


def test_centrality_betweenness_breaks_degree_ties() -> None:
    rows = analytics.centrality(chain())
    # Belarus, Iran and Russia each have two neighbours; Iran, mid-chain, brokers the most paths
    assert rows[0]["id"] == "country/IRN"
    assert rows[0]["betweenness"] > rows[-1]["betweenness"]


def test_connection_path_hops_carry_facts_and_evidence() -> None:
    hops = analytics.connection_path(chain(), "person/aleksandr-lukashenko", "country/UKR")
    assert [(h["source"], h["target"]) for h in hops] == [
        ("person/aleksandr-lukashenko", "country/BLR"),
        ("country/BLR", "country/IRN"),
        ("country/IRN", "country/RUS"),
        ("country/RUS", "country/UKR"),
    ]
    assert hops[1]["facts"][0]["type"] == "cooperation"
    assert hops[2]["facts"][0]["modality"] == "alleged"
    assert all(h["facts"][0]["evidence"] for h in hops)
    # direction does not matter: the same chain read backwards
    back = analytics.connection_path(chain(), "country/UKR", "person/aleksandr-lukashenko")
    assert [h["target"] for h in back][-1] == "person/aleksandr-lukashenko"


def test_connection_path_limits() -> None:
    assert analytics.connection_path(chain(), "person/aleksandr-lukashenko", "country/UKR", max_hops=3) == []
    assert analytics.connection_path(chain(), "country/BLR", "org/EAEU") == []
    assert analytics.connection_path(chain(), "country/BLR", "country/BLR") == []
    apart = [fact("visit", PEZESHKIAN, ARM), fact("membership", BLR, EAEU)]
    assert analytics.connection_path(apart, "country/ARM", "org/EAEU") == []


def test_connection_path_lists_every_fact_of_a_hop_most_confident_first() -> None:
    facts = [
        fact("trade", IRN, BLR, "2024", confidence=0.6),
        fact("agreement", BLR, IRN, "2024", confidence=0.95),
    ]
    (hop,) = analytics.connection_path(facts, "country/IRN", "country/BLR")
    assert [f["type"] for f in hop["facts"]] == ["agreement", "trade"]


def test_communities_split_two_clusters() -> None:
    west = [
        Entity(n, "country", country=c) for n, c in (("France", "FRA"), ("Germany", "DEU"), ("Italy", "ITA"))
    ]
    east = [BLR, IRN, RUS]
    facts = []
    for group in (west, east):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                facts.append(fact("cooperation", a, b, "2024"))
    facts.append(fact("sanction", west[0], RUS, "2024"))
    groups = analytics.communities(facts)
    assert [set(g["members"]) for g in groups] in (
        [{e.id for e in west}, {e.id for e in east}],
        [{e.id for e in east}, {e.id for e in west}],
    )
    assert "Belarus" in groups[0]["labels"] + groups[1]["labels"]
    assert analytics.communities([]) == []


def test_timeline_orders_and_groups_by_period() -> None:
    facts = [
        fact("trade", IRN, BLR, "2024-03"),
        fact("agreement", IRN, BLR),
        fact("cooperation", BLR, IRN, "2023-11-02"),
        fact("trade", BLR, IRN, "2024"),
        fact("visit", IRN, ARM, "2024-01"),  # another pair: excluded
        fact("trade", IRN, BLR, "2024-03-20"),
    ]
    years = analytics.timeline(facts, "country/IRN", "country/BLR")
    assert [g["period"] for g in years] == ["2023", "2024", None]
    assert [f["date"] for f in years[1]["facts"]] == ["2024", "2024-03", "2024-03-20"]
    months = analytics.timeline(facts, "country/BLR", "country/IRN", granularity="month")
    assert [g["period"] for g in months] == ["2023-11", "2024", "2024-03", None]
    assert len(months[2]["facts"]) == 2
    with pytest.raises(ValueError, match="granularity"):
        analytics.timeline(facts, "country/IRN", "country/BLR", granularity="week")


def test_filter_facts_by_type_modality_and_partial_dates() -> None:
    facts = chain()
    assert [f.type for f in analytics.filter_facts(facts, types=["conflict", "cooperation"])] == [
        "cooperation",
        "conflict",
    ]
    assert [f.type for f in analytics.filter_facts(facts, modality="alleged")] == ["military_aid"]
    # "2023" spans the whole year, so it overlaps a range starting mid-2023; undated facts drop out
    assert [f.type for f in analytics.filter_facts(facts, since="2023-06")] == ["cooperation", "military_aid"]
    assert [f.type for f in analytics.filter_facts(facts, until="2023-01-01")] == ["military_aid", "conflict"]
    assert analytics.filter_facts(facts, since="2024-06", until="2025") == []


def test_neighbourhood_depth_and_filters() -> None:
    nodes, edges, trimmed = analytics.neighbourhood(chain(), "country/IRN", depth=1)
    assert {n["id"] for n in nodes} == {"country/IRN", "country/BLR", "country/RUS"}
    assert nodes[0]["id"] == "country/IRN" and nodes[0]["distance"] == 0
    assert {e["type"] for e in edges} == {"cooperation", "military_aid"} and trimmed is False
    assert all(e["source"] and e["target"] and e["evidence"] for e in edges)
    nodes, edges, _ = analytics.neighbourhood(chain(), "country/IRN", depth=2)
    assert "person/aleksandr-lukashenko" in {n["id"] for n in nodes}
    nodes, edges, _ = analytics.neighbourhood(chain(), "country/IRN", depth=4, modality=["asserted"])
    assert {n["id"] for n in nodes} == {"country/IRN", "country/BLR", "person/aleksandr-lukashenko"}
    nodes, _, _ = analytics.neighbourhood(chain(), "country/IRN", depth=4, types=["military_aid"])
    assert {n["id"] for n in nodes} == {"country/IRN", "country/RUS"}
    assert analytics.neighbourhood(chain(), "org/EAEU", depth=2) == ([], [], False)


def test_neighbourhood_cap_trims_farthest_first() -> None:
    leaves = [Entity(f"Country {i}", "country", country=f"X{i:02d}") for i in range(10)]
    facts = [fact("visit", PEZESHKIAN, leaf, "2025") for leaf in leaves]
    facts.append(fact("position", PEZESHKIAN, IRN))
    facts.append(fact("cooperation", IRN, BLR, "2025"))  # BLR is two hops away
    nodes, edges, trimmed = analytics.neighbourhood(facts, "person/masoud-pezeshkian", depth=2, cap=5)
    assert trimmed is True and len(nodes) == 5
    ids = {n["id"] for n in nodes}
    assert "person/masoud-pezeshkian" in ids and "country/BLR" not in ids
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    whole, _, trimmed_whole = analytics.neighbourhood(facts, None, cap=3)
    assert trimmed_whole is True and whole[0]["id"] == "person/masoud-pezeshkian"
    everything, _, not_trimmed = analytics.neighbourhood(facts, None, cap=300)
    assert len(everything) == 13 and not_trimmed is False


# --- the seed article's gold facts ---------------------------------------------------------------


def test_seed_centrality(seed_facts: list[Fact]) -> None:
    top = analytics.centrality(seed_facts, top=3)
    assert top[0]["id"] == "person/masoud-pezeshkian"
    assert "country/IRN" in {r["id"] for r in top}
    assert analytics.centrality(seed_facts, kind="country", top=1)[0]["label"] == "Iran"


def test_seed_path_lukashenko_to_iran_with_evidence(seed_facts: list[Fact]) -> None:
    hops = analytics.connection_path(seed_facts, "person/aleksandr-lukashenko", "country/IRN")
    assert len(hops) == 1
    (support,) = hops[0]["facts"]
    assert support["type"] == "support"
    assert "Lukashenko welcomed the Iranian delegation" in support["evidence"]
    assert support["article"] == "belarus-iran-2025-08-20"
    longer = analytics.connection_path(seed_facts, "person/donald-trump", "country/BLR")
    assert longer[0]["source"] == "person/donald-trump" and longer[-1]["target"] == "country/BLR"
    assert all(h["facts"] and all(f["evidence"] for f in h["facts"]) for h in longer)


def test_seed_neighbourhood_and_timeline(seed_facts: list[Fact]) -> None:
    nodes, edges, trimmed = analytics.neighbourhood(seed_facts, "country/IRN", depth=1)
    ids = {n["id"] for n in nodes}
    assert {"country/IRN", "country/BLR", "person/masoud-pezeshkian"} <= ids and not trimmed
    trade = [e for e in edges if e["type"] == "trade"]
    assert len(trade) == 3 and {e["attributes"]["currency"] for e in trade} == {"USD"}
    _, planned, _ = analytics.neighbourhood(seed_facts, "country/IRN", depth=1, modality="planned")
    assert [e["type"] for e in planned] == ["agreement"]
    periods = analytics.timeline(seed_facts, "country/IRN", "country/BLR")
    assert [g["period"] for g in periods] == ["2024", None]
    assert {f["type"] for f in periods[0]["facts"]} == {"agreement", "trade"}
