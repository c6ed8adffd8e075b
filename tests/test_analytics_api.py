"""Analytics over REST (/api/analytics/*) on an in-memory store of the seed articles and gold facts."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from api import create_app
from kg import analytics
from kg.model import Article
from kg.store import network_analytics as network
from kg.store.reads import FactFilter
from tests.conftest import API_TOKEN, SEEDS, load_gold

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
IRAN, BELARUS, RUSSIA = "country/IRN", "country/BLR", "country/RUS"


def seed_app():
    """An app over the reference data and all seed articles with their gold facts."""
    application = create_app({"TESTING": True, "STORE": "memory:", "API_TOKEN": API_TOKEN})
    kg = application.extensions["kg"]
    facts = defaultdict(list)
    for fact in load_gold(SEEDS / "gold.jsonl"):
        facts[fact.article].append(fact)
    for line in (SEEDS / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        text = (SEEDS / f"{meta['article']}.txt").read_text(encoding="utf-8")
        article = Article(id=meta["article"], text=text, published=meta["published"], title=meta["title"])
        kg.add_article(article, facts[meta["article"]])
    return application


@pytest.fixture(scope="module")
def seeds_app():
    application = seed_app()
    yield application
    application.extensions["kg"].close()


@pytest.fixture()
def api(seeds_app):
    return seeds_app.test_client()


@pytest.fixture()
def writable():
    """A store of its own for the tests that write (the cache must notice the writes)."""
    application = seed_app()
    yield application
    application.extensions["kg"].close()


def ok(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    body = response.get_json()
    assert set(body) == {"error", "detail"}, body
    return body["detail"]


def pair_facts(kg, a: str, b: str, **filters) -> int:
    return kg.count_facts(subject=a, object=b, **filters) + kg.count_facts(subject=b, object=a, **filters)


# --- alignment --------------------------------------------------------------------------------------


def test_iran_and_belarus_share_organisations_meetings_and_opponents(api):
    body = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus"))
    assert body["a"]["id"] == IRAN and body["b"]["id"] == BELARUS
    assert "person/masoud-pezeshkian" in body["a"]["side"]
    assert "person/aleksandr-lukashenko" in body["b"]["side"]
    organisations = {row["label"] for row in body["shared_memberships"]}
    assert organisations == {"Shanghai Cooperation Organisation", "BRICS", "Eurasian Economic Union"}
    sco = next(r for r in body["shared_memberships"] if r["label"] == "Shanghai Cooperation Organisation")
    assert sco["facts_a"] >= 1 and sco["facts_b"] >= 1
    # The 2025 state visit and the 2023 Minsk-Tehran talks: meetings of their presidents.
    met = {
        (r["subject_label"], r["object_label"], r["first"])
        for r in body["meetings"]
        if r["type"] == "meeting"
    }
    assert ("Masoud Pezeshkian", "Aleksandr Lukashenko", "2025-08-20") in met
    assert ("Aleksandr Lukashenko", "Ebrahim Raisi", "2023-03-13") in met
    assert sum(r["facts"] for r in body["agreements"]) == pair_facts(
        seeds_kg(api), IRAN, BELARUS, type="agreement"
    )
    assert "the West" in {r["label"] for r in body["common_opponents"]}
    assert "Russia" in {r["label"] for r in body["common_partners"]}
    summary = body["summary"]
    assert summary["shared_memberships"] == 3
    assert summary["meetings"] == sum(r["facts"] for r in body["meetings"])
    counts = {k: v for k, v in summary.items() if k != "score"}
    assert summary["score"] == round(sum(n / (n + 1) for n in counts.values()) / 5, 3)
    assert 0.5 < summary["score"] < 1


def seeds_kg(client):
    return client.application.extensions["kg"]


def test_alignment_filters_change_the_answer(api):
    everything = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus"))["summary"]
    meetings_only = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus&type=meeting"))
    assert meetings_only["shared_memberships"] == [] and meetings_only["agreements"] == []
    assert {r["type"] for r in meetings_only["meetings"]} == {"meeting"}
    assert meetings_only["filters"]["type"] == ["meeting"]
    recent = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus&since=2025"))
    assert [r["first"] for r in recent["meetings"] if r["type"] == "meeting"] == ["2025-08-20"]
    planned = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus&modality=planned"))["summary"]
    assert planned["meetings"] == 0 and planned["score"] < everything["score"]
    several = ok(api.get("/api/analytics/alignment?a=Iran&b=Belarus&type=meeting&type=visit"))
    assert {r["type"] for r in several["meetings"]} == {"meeting", "visit"}


def test_alignment_of_actors_with_nothing_in_common_scores_zero(api):
    body = ok(api.get("/api/analytics/alignment?a=Indonesia&b=person/antony-blinken"))
    assert body["summary"]["score"] == 0.0
    assert body["b"]["side"] == ["person/antony-blinken"]


# --- timeline ---------------------------------------------------------------------------------------


def test_timeline_periods_are_sorted_and_add_up_to_the_facts_between(api):
    kg = seeds_kg(api)
    body = ok(api.get("/api/analytics/timeline?a=Iran&b=country/BLR"))
    periods = [p["period"] for p in body["periods"]]
    dated = [p for p in periods if p is not None]
    assert dated == sorted(dated) and periods[-1] is None and periods.count(None) == 1
    assert periods[:2] == ["2023", "2024"]
    assert body["total"] == sum(p["count"] for p in body["periods"]) == pair_facts(kg, IRAN, BELARUS)
    for period in body["periods"]:
        assert sum(period["types"].values()) == period["count"]
    year_2024 = next(p for p in body["periods"] if p["period"] == "2024")
    assert year_2024["types"]["trade"] == 3


def test_timeline_by_month_keeps_coarser_dates_under_their_year(api):
    body = ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus&granularity=month"))
    periods = [p["period"] for p in body["periods"]]
    assert "2024-03" in periods and "2024" in periods and "2023-03" in periods
    assert body["granularity"] == "month"
    by_year = ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus"))
    assert body["total"] == by_year["total"]


def test_timeline_filters_change_the_answer(api):
    kg = seeds_kg(api)
    trade = ok(api.get("/api/analytics/timeline?a=Belarus&b=Iran&type=trade"))
    assert trade["total"] == pair_facts(kg, IRAN, BELARUS, type="trade") == 5
    dated = ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus&since=2024&until=2024"))
    assert [p["period"] for p in dated["periods"]] == ["2024"]
    sure = ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus&min_confidence=0.99"))
    assert sure["total"] == pair_facts(kg, IRAN, BELARUS, min_confidence=0.99)
    everything = ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus"))["total"]
    assert ok(api.get("/api/analytics/timeline?a=Iran&b=Belarus&modality=asserted"))["total"] < everything


# --- centrality and communities ---------------------------------------------------------------------


def test_centrality_matches_the_in_python_ranking_over_all_facts(api):
    kg = seeds_kg(api)
    body = ok(api.get("/api/analytics/centrality?top=5"))
    assert body["top"] == 5 and len(body["entities"]) == 5
    assert body["entities"][0]["id"] == RUSSIA and body["entities"][0]["label"] == "Russia"
    assert body["betweenness_samples"] is None  # a small graph: exact betweenness
    expected = {r["id"]: r for r in analytics.centrality(kg.facts(), top=1000)}
    for row in body["entities"]:
        assert (row["degree"], row["facts"]) == (expected[row["id"]]["degree"], expected[row["id"]]["facts"])
    shares = [r["degree_centrality"] for r in body["entities"]]
    assert shares == sorted(shares, reverse=True)


def test_centrality_by_kind_and_filters(api):
    persons = ok(api.get("/api/analytics/centrality?kind=person&top=3"))["entities"]
    assert len(persons) == 3 and {r["kind"] for r in persons} == {"person"}
    everything = ok(api.get("/api/analytics/centrality"))
    sanctions = ok(api.get("/api/analytics/centrality?type=sanction"))
    assert sanctions["nodes"] < everything["nodes"]
    assert sanctions["entities"][0]["id"] == IRAN  # the most sanctioned
    assert len(ok(api.get("/api/analytics/centrality?top=200"))["entities"]) == everything["nodes"]


def test_communities_partition_the_graph_largest_first(api):
    body = ok(api.get("/api/analytics/communities?limit=200&members=1000"))
    sizes = [c["size"] for c in body["communities"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == body["nodes"]
    assert len(body["communities"]) == body["count"]
    members = [m["id"] for c in body["communities"] for m in c["members"]]
    assert len(members) == len(set(members)) == body["nodes"]
    group_of = {m["id"]: c["rank"] for c in body["communities"] for m in c["members"]}
    assert group_of[IRAN] == group_of[BELARUS]  # same side in these articles
    again = ok(api.get("/api/analytics/communities?limit=200&members=1000"))
    assert again["communities"] == body["communities"]  # a fixed seed: the same answer


def test_communities_limits_and_filters(api):
    body = ok(api.get("/api/analytics/communities?limit=2&members=3"))
    assert len(body["communities"]) == 2 and all(len(c["members"]) <= 3 for c in body["communities"])
    assert body["count"] > 2
    narrow = ok(api.get("/api/analytics/communities?type=membership"))
    assert narrow["nodes"] < body["nodes"]


# --- errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("/api/analytics/centrality?top=0", "between 1 and 200"),
        ("/api/analytics/centrality?top=201", "between 1 and 200"),
        ("/api/analytics/centrality?kind=planet", "unknown kind"),
        ("/api/analytics/centrality?type=visit&type=gossip", "unknown type"),
        ("/api/analytics/centrality?modality=rumoured", "unknown modality"),
        ("/api/analytics/centrality?since=2024-13", "since"),
        ("/api/analytics/centrality?min_confidence=2", "min_confidence"),
        ("/api/analytics/centrality?limit=5", "unknown parameter"),
        ("/api/analytics/communities?members=0", "members"),
        ("/api/analytics/communities?top=1&top=2", "unknown parameter"),
        ("/api/analytics/timeline?a=Iran", "'b' is empty"),
        ("/api/analytics/timeline?a=Iran&b=Belarus&granularity=week", "granularity"),
        ("/api/analytics/timeline?a=Iran&b=Belarus&until=", "without a value"),
        ("/api/analytics/timeline?a=Iran&b=country/IRN", "same entity"),
        ("/api/analytics/alignment?a=Iran&a=Belarus&b=Russia", "more than once"),
        ("/api/analytics/alignment?b=Iran", "'a' is empty"),
    ],
)
def test_bad_parameters_are_400_json(api, url, needle):
    assert needle in error_of(api.get(url), 400)


@pytest.mark.parametrize("route", ["timeline", "alignment"])
def test_unknown_entities_are_404_json(api, route):
    assert "Atlantis" in error_of(api.get(f"/api/analytics/{route}?a=Atlantis&b=Iran"), 404)
    assert "country/ZZZ" in error_of(api.get(f"/api/analytics/{route}?a=Iran&b=country/ZZZ"), 404)


# --- cache ------------------------------------------------------------------------------------------


def test_answers_are_cached_until_the_store_changes(writable):
    kg = writable.extensions["kg"]
    everything = FactFilter()
    first = network.entity_network(kg, everything)
    assert network.entity_network(kg, everything) is first  # no second query
    assert network.entity_network(kg, FactFilter(types=("visit",))) is not first
    client = writable.test_client()
    assert client.delete("/api/articles/sco-china-2025-09-01", headers=AUTH).status_code == 200
    assert network.entity_network(kg, everything) is not first


def test_a_deleted_article_changes_every_answer(writable):
    client = writable.test_client()
    urls = {
        "alignment": "/api/analytics/alignment?a=Iran&b=Belarus",
        "timeline": "/api/analytics/timeline?a=Iran&b=Belarus",
        "centrality": "/api/analytics/centrality?top=200",
        "communities": "/api/analytics/communities?limit=200",
    }
    before = {name: ok(client.get(url)) for name, url in urls.items()}
    assert client.delete("/api/articles/belarus-iran-2023-03-13", headers=AUTH).status_code == 200
    after = {name: ok(client.get(url)) for name, url in urls.items()}
    met = {r["first"] for r in after["alignment"]["meetings"] if r["type"] == "meeting"}
    assert "2023-03-13" not in met
    assert after["alignment"]["summary"]["meetings"] < before["alignment"]["summary"]["meetings"]
    assert after["timeline"]["total"] < before["timeline"]["total"]
    raisi = "person/ebrahim-raisi"
    before_facts = {r["id"]: r["facts"] for r in before["centrality"]["entities"]}
    after_facts = {r["id"]: r["facts"] for r in after["centrality"]["entities"]}
    assert after_facts.get(raisi, 0) < before_facts[raisi]
    assert after["communities"]["edges"] < before["communities"]["edges"]


# --- the graph view ---------------------------------------------------------------------------------


def test_graph_view_sizes_by_centrality_and_colours_by_community(api):
    from tests.test_pages import graph_data

    plain = graph_data(api.get("/graph?center=Iran&depth=1"))
    assert all("centrality" not in n and "community" not in n for n in plain["nodes"])
    marked = graph_data(api.get("/graph?center=Iran&depth=1&size=centrality&colour=community"))
    nodes = {n["id"]: n for n in marked["nodes"]}
    ranking = {r["id"]: r for r in ok(api.get("/api/analytics/centrality?top=200"))["entities"]}
    assert nodes[IRAN]["centrality"] == ranking[IRAN]["betweenness"] > 0
    assert nodes[IRAN]["community"] == nodes[BELARUS]["community"]
    assert nodes[IRAN]["color"] == nodes[BELARUS]["color"]
    assert len({n["community"] for n in nodes.values()}) > 1
    form = api.get("/graph?center=Iran&colour=community").get_data(as_text=True)
    assert '<option value="community" selected>' in form
    assert api.get("/graph?center=Iran&size=huge").status_code == 400
