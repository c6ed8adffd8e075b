"""The index's edge records (one string per fact between two actors) and the network built from them.

Network analytics read the entity graph from these records instead of joining the fact graphs. The
tests check that the records every write keeps equal what the store builds from its facts (a
recount, or opening a store written before records existed), and that the weighted edges read
from them under every filter equal the facts counted directly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from kg import analytics, rdf
from kg.model import Article, Entity, Fact
from kg.ontology import vocabulary
from kg.store import KnowledgeGraph, network, writes
from kg.store import network_analytics as na
from kg.store.reads import FactFilter
from tests.conftest import DEV_CORPUS, corpus_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _records(kg: KnowledgeGraph) -> Counter[tuple[str, str]]:
    query = f"SELECT ?f ?r WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.EDGE_RECORD} ?r }} }}"
    return Counter((row["f"].value, row["r"].value) for row in kg._backend.query(query, union=False))


def _in_links(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    query = f"SELECT ?f ?l WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.IN_LINK} ?l }} }}"
    return {(row["f"].value, row["l"].value) for row in kg._backend.query(query, union=False)}


def _stated(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    query = f"SELECT ?l ?s WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.STATED_RECORD} ?s }} }}"
    return {(row["l"].value, row["s"].value) for row in kg._backend.query(query, union=False)}


def _stated_rebuilt(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    kg._backend.update(
        f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.STATED_RECORD} ?s }} }} ;\n"
        + writes.stated_records_update()
    )
    return _stated(kg)


def _groups(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    query = f"SELECT ?l ?s WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.STATED_GROUP} ?s }} }}"
    return {(row["l"].value, row["s"].value) for row in kg._backend.query(query, union=False)}


def _grouped(records: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The stated groups computed here from the records: per link, role or status, modality and
    ends, the facts, the latest date and the least fact with its graph."""
    groups: dict[tuple[str, str], list] = {}
    for link, record in records:
        fact, value, graph, date, modality, subject, obj = record.split(" ")
        entry = groups.setdefault((link, f"{value} {modality} {subject} {obj}"), [set(), "-", None])
        entry[0].add(fact)
        entry[1] = max(entry[1], date)
        entry[2] = min(entry[2] or f"{fact} {graph}", f"{fact} {graph}")
    return {
        (link, f"{key} {len(facts)} {date} {sample}") for (link, key), (facts, date, sample) in groups.items()
    }


def _link_counts(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    query = f"SELECT ?k ?r WHERE {{ GRAPH {writes.INDEX} {{ ?k {writes.LINK_COUNT} ?r }} }}"
    return {(row["k"].value, row["r"].value) for row in kg._backend.query(query, union=False)}


def _partners(kg: KnowledgeGraph) -> Counter[tuple[str, str]]:
    """Each actor's partner counts as (actor id, partner id) -> facts (an actor with partners is a
    partner of each of them, so its partners node is found from the records themselves)."""
    query = f"SELECT ?k ?r WHERE {{ GRAPH {writes.INDEX} {{ ?k {writes.PARTNER_COUNT} ?r }} }}"
    rows = [(row["k"].value, *row["r"].value.split(" ")) for row in kg._backend.query(query, union=False)]
    actors = {writes.partner_node(ox.NamedNode(other)).value: other for _k, other, _n in rows}
    found: Counter[tuple[str, str]] = Counter()
    for node, other, count in rows:
        key = (rdf.entity_id_from_iri(actors[node]), rdf.entity_id_from_iri(other))
        assert key not in found  # one string per partner
        found[key] = int(count)
    return found


def _tiers(kg: KnowledgeGraph) -> dict[str, tuple[int, int]]:
    """Mention count and tier per entity (a tier without its count would be left over)."""
    query = (
        f"SELECT ?e ?c ?t WHERE {{ GRAPH {writes.INDEX} {{ {{ ?e {writes.MENTION_COUNT} ?c }} UNION "
        f"{{ ?e {writes.MENTION_TIER} ?t }} }} }}"
    )
    found: dict[str, list[int]] = {}
    for row in kg._backend.query(query, union=False):
        entry = found.setdefault(rdf.entity_id_from_iri(row["e"].value), [0, 0])
        if row["c"] is not None:
            entry[0] = int(row["c"].value)
        if row["t"] is not None:
            entry[1] = int(row["t"].value)
    return {k: (c, t) for k, (c, t) in found.items()}


def _rebuilt(kg: KnowledgeGraph) -> Counter[tuple[str, str]]:
    kg._backend.update(
        f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.EDGE_RECORD} ?r }} }} ;\n"
        + writes.edge_records_update()
    )
    return _records(kg)


@pytest.fixture(scope="module")
def corpus() -> tuple[KnowledgeGraph, list[Fact]]:
    kg = corpus_graph(DEV_CORPUS, SEEDS)
    yield kg, kg.facts(order="article")
    kg.close()


def test_records_written_with_each_article_equal_those_the_store_builds(corpus) -> None:
    kg, facts = corpus
    written = _records(kg)
    between_two = [f for f in facts if f.subject and f.object and f.subject.id != f.object.id]
    assert len(written) == len(between_two) > 300
    assert all(n == 1 for n in written.values())
    assert _rebuilt(kg) == written


def test_stated_records_name_each_office_and_membership_once(corpus) -> None:
    """Each position or membership between two actors has one record on its link (the link its
    dip:inLink names): fact, role or status, graph, date, modality and ends, as writes keep them and
    as the store builds them."""
    kg, facts = corpus
    written = _stated(kg)
    stated = [
        f
        for f in facts
        if f.type in writes.STATED_ATTRIBUTES and f.subject and f.object and f.subject.id != f.object.id
    ]
    assert len(written) == len(stated) > 50
    by_id = {f.id: f for f in stated}
    in_link = dict(_in_links(kg))
    modalities = {k: str(v).rsplit("#", 1)[-1] for k, v in vocabulary().modality.items()}
    for link, record in written:
        fact, value, graph, date, modality, subject, obj = record.split(" ")
        f = by_id[fact.rsplit("/", 1)[-1]]
        assert in_link[fact] == link
        assert graph == str(rdf.article_graph_iri(f.article))
        assert (date, modality) == (f.date or "-", modalities[f.modality])
        assert (subject, obj) == (quote(f.subject.id, safe="/-._~"), quote(f.object.id, safe="/-._~"))
        key = "role" if f.type == "position" else "status"
        assert (value == "-") == (f.attributes.get(key) is None)
    assert _stated_rebuilt(kg) == written


def test_stated_groups_sum_up_the_records_of_each_link(corpus) -> None:
    """Each link's dip:statedGroup strings, as writes keep them, equal the records grouped here and
    a rewrite of every group by the store."""
    kg, _facts = corpus
    groups = _groups(kg)
    assert groups == _grouped(_stated(kg))
    assert len(groups) > 30 and any(int(s.split(" ")[4]) > 1 for _l, s in groups)
    kg._backend.update(writes.stated_groups_update())
    assert _groups(kg) == groups


def test_link_counts_on_each_key_equal_the_link_counters(corpus) -> None:
    """Each end's key of a position or membership link holds the link with its count, as writes
    keep them and as the store builds them."""
    kg, _facts = corpus
    counts = _link_counts(kg)
    links = {link for link, _s in _groups(kg)}
    assert len(counts) == 2 * len(links)
    counters = {
        row["l"].value: row["c"].value
        for row in kg._backend.query(
            f"SELECT ?l ?c WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.FACT_COUNT} ?c }} }}", union=False
        )
    }
    assert {tuple(r.split(" ")) for _k, r in counts} == {(link, counters[link]) for link in links}
    assert any(r.endswith(" 2") for _k, r in counts)  # some link is stated twice
    kg._backend.update(
        f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?k {writes.LINK_COUNT} ?r }} }} ;\n"
        + writes.link_counts_update()
    )
    assert _link_counts(kg) == counts


def test_partner_counts_are_the_facts_each_pair_shares(corpus) -> None:
    """Every actor's partner counts (all types, either direction) equal the facts counted directly,
    as writes keep them and as the store builds them from the link counters."""
    kg, facts = corpus
    want: Counter[tuple[str, str]] = Counter()
    for f in facts:
        if f.subject and f.object and f.subject.id != f.object.id:
            want[(f.subject.id, f.object.id)] += 1
            want[(f.object.id, f.subject.id)] += 1
    written = _partners(kg)
    assert written == want and len(written) > 300
    on_actors = (
        f"ASK {{ GRAPH {writes.INDEX} {{ ?k {writes.PARTNER_COUNT} ?r . ?k {writes.MENTION_COUNT} ?c }} }}"
    )
    assert not kg._backend.query(on_actors, union=False)  # describing an entity does not list them
    kg._backend.update(
        f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?k {writes.PARTNER_COUNT} ?r }} }} ;\n"
        + writes.partner_counts_update()
    )
    assert _partners(kg) == written


def test_most_mentioned_by_tiers_equals_sorting_every_counter(corpus) -> None:
    """Reading tiers from the top gives the same ranking as sorting all mention counters."""
    seeded, _ = corpus
    query = (
        f"SELECT ?e ?c ?t WHERE {{ GRAPH {writes.INDEX} {{ ?e {writes.MENTION_COUNT} ?c "
        f"OPTIONAL {{ ?e {writes.MENTION_TIER} ?t }} }} }}"
    )
    rows = list(seeded._backend.query(query, union=False))
    assert len(rows) > 100
    assert all(int(r["t"].value) == writes.mention_tier(int(r["c"].value)) for r in rows)
    assert max(int(r["c"].value) for r in rows) >= 10  # two decades of tiers: the walk goes on
    full = sorted(
        ((rdf.entity_id_from_iri(r["e"].value), int(r["c"].value)) for r in rows), key=lambda x: (-x[1], x[0])
    )
    for limit in (1, 5, 40, len(full) + 5):
        assert network.most_mentioned(seeded, limit) == full[:limit]
    countries = [row for row in full if row[0].startswith("country/")]
    assert network.most_mentioned(seeded, 7, kind="country") == countries[:7]


def test_each_fact_names_the_link_that_counts_it(corpus) -> None:
    """dip:inLink leads from a fact to its link counter: as many facts name a link as it counts."""
    kg, _facts = corpus
    query = (
        f"SELECT ?l (COUNT(?f) AS ?named) (SAMPLE(?c) AS ?counted) WHERE {{ GRAPH {writes.INDEX} {{ "
        f"?f {writes.IN_LINK} ?l OPTIONAL {{ ?l {writes.FACT_COUNT} ?c }} }} }} GROUP BY ?l"
    )
    rows = list(kg._backend.query(query, union=False))
    assert len(rows) > 100
    assert all(r["counted"] is not None and r["named"].value == r["counted"].value for r in rows)
    links = (
        f"SELECT (COUNT(?l) AS ?n) WHERE {{ GRAPH {writes.INDEX} {{ "
        f"?l {writes.LINK_TYPE} ?t ; {writes.LINK_END} ?e }} }}"
    )
    assert int(next(iter(kg._backend.query(links, union=False)))["n"].value) == 2 * len(rows)


def _oracle(facts: list[Fact], selection: FactFilter) -> dict[tuple[str, str], int]:
    kept = analytics.filter_facts(
        facts,
        list(selection.types) or None,
        selection.since,
        selection.until,
        list(selection.modalities) or None,
    )
    weights: Counter[tuple[str, str]] = Counter()
    for fact in kept:
        if not (fact.subject and fact.object) or fact.subject.id == fact.object.id:
            continue
        if selection.min_confidence is not None and fact.confidence < selection.min_confidence:
            continue
        a, b = sorted((fact.subject.id, fact.object.id))
        weights[(a, b)] += 1
    return dict(weights)


@pytest.mark.parametrize(
    "selection",
    [
        FactFilter(),
        FactFilter(types=("meeting", "visit")),
        FactFilter(types=("sanction",), since="2024"),
        FactFilter(since="2023-06", until="2025-02-14"),
        FactFilter(until="2022"),
        FactFilter(modalities=("alleged", "planned")),
        FactFilter(min_confidence=0.85),
        FactFilter(
            types=("agreement", "cooperation"), modalities=("asserted",), min_confidence=0.7, since="2020"
        ),
    ],
    ids=lambda s: repr({k: v for k, v in vars(s).items() if v not in (None, ())}),
)
def test_edges_from_records_equal_the_facts_counted_in_python(corpus, selection: FactFilter) -> None:
    kg, facts = corpus
    kg._backend.version += 1  # a fresh answer, not one cached by an earlier case
    expected = _oracle(facts, selection)
    assert na.entity_edges(kg, selection) == expected
    assert expected or selection.types == ("sanction",)


def test_an_entity_filter_still_counts_from_the_facts(corpus) -> None:
    kg, facts = corpus
    selection = FactFilter(either="country/IRN")
    edges = na.entity_edges(kg, selection)
    mine = [f for f in facts if "country/IRN" in (f.subject and f.subject.id, f.object and f.object.id)]
    assert edges == _oracle(mine, FactFilter())


def _person(name: str) -> Entity:
    return Entity(label=name, kind="person", id=f"person/{name.lower()}")


def test_replacing_and_deleting_an_article_keeps_its_records_current() -> None:
    """A replaced article's old facts lose their records, a deleted one's all of them; an id that
    needs percent-encoding in its IRI reads back as the id."""
    odd = _person("José Núñez")
    assert " " in odd.id
    iran = Entity(label="Iran", kind="country", id="country/IRN")
    facts = [
        Fact(
            article="a1", type="meeting", subject=odd, object=_person("Kim"), date="2024-03", confidence=0.9
        ),
        Fact(article="a1", type="visit", subject=odd, object=iran, date="2024-03-02", modality="planned"),
        Fact(article="a1", type="position", subject=odd, object=iran, attributes={"role": "head_of_state"}),
    ]
    with KnowledgeGraph.open("memory:") as kg:
        kg.add_article(Article(id="a1", text="x"), facts)
        assert len(_records(kg)) == 3
        assert [s.split(" ")[1].rsplit("#", 1)[-1] for _l, s in _stated(kg)] == ["HeadOfState"]
        kim = _person("Kim").id
        assert _partners(kg) == {
            (odd.id, kim): 1,
            (kim, odd.id): 1,
            (odd.id, iran.id): 2,
            (iran.id, odd.id): 2,
        }
        assert na.entity_edges(kg, FactFilter(types=("visit",))) == {("country/IRN", odd.id): 1}
        assert [s.split(" ")[4:] for _l, s in _groups(kg)] == [
            ["1", "-", str(rdf.fact_iri(facts[2])), str(rdf.article_graph_iri("a1"))]
        ]
        later = replace(facts[2], article="a0", date="2025-01-05")
        kg.add_article(Article(id="a0", text="z"), [later])
        assert [s.split(" ")[4:6] for _l, s in _groups(kg)] == [["2", "2025-01-05"]]
        ends = [ox.NamedNode(str(rdf.entity_iri(e.id))) for e in (odd, iran)]
        link = writes.link_node(writes.link(*ends, "position"))
        assert _link_counts(kg) == {(writes.link_key(e, "position").value, f"{link.value} 2") for e in ends}
        kg.delete_article("a0")
        assert _link_counts(kg) == {(writes.link_key(e, "position").value, f"{link.value} 1") for e in ends}
        kg.add_article(Article(id="a1", text="x"), facts[:1])
        assert [r.split(" ")[0] for _f, r in _records(kg)] == ["meeting"]
        assert not _stated(kg) and not _groups(kg) and not _link_counts(kg)
        assert _partners(kg) == {(odd.id, kim): 1, (kim, odd.id): 1}
        assert _rebuilt(kg) == _records(kg)
        kg.add_article(Article(id="a2", text="y"), [replace(f, article="a2") for f in facts])
        kg.delete_article("a1")
        assert sorted(r.split(" ")[0] for _f, r in _records(kg)) == ["meeting", "position", "visit"]
        assert {s.split(" ")[2] for _l, s in _stated(kg)} == {str(rdf.article_graph_iri("a2"))}
        assert [s.split(" ")[4:6] for _l, s in _groups(kg)] == [["1", "-"]]
        assert _partners(kg)[(iran.id, odd.id)] == 2 and _partners(kg)[(kim, odd.id)] == 1
        assert _tiers(kg) == {odd.id: (1, 11), iran.id: (1, 11), kim: (1, 11)}
        kg.delete_article("a2")
        assert not _tiers(kg)
        assert not _records(kg) and not _stated(kg) and not _partners(kg) and not _groups(kg)


def test_a_store_written_without_records_gets_them_when_opened(tmp_path, seed_article, seed_facts) -> None:
    location = str(tmp_path / "store")
    with KnowledgeGraph.open(location) as kg:
        kg.add_article(seed_article, seed_facts)
        written = _records(kg)
        links = _in_links(kg)
        stated = _stated(kg)
        groups = _groups(kg)
        partners = _partners(kg)
        kg._backend.update(
            f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.STATED_GROUP} ?s }} }} ; "
            f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.EDGE_RECORD} ?r }} }} ; "
            f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.STATED_RECORD} ?s }} }} ; "
            f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?k {writes.PARTNER_COUNT} ?r }} }}"
        )
        assert not _records(kg) and not _stated(kg) and not _partners(kg)
    with KnowledgeGraph.open(location) as kg:
        assert _records(kg) == written and written
        assert _in_links(kg) == links and links
        assert _stated(kg) == stated and stated
        assert _groups(kg) == groups and groups
        assert _partners(kg) == partners and partners


def test_recount_rebuilds_the_records(seed_article, seed_facts) -> None:
    with KnowledgeGraph.open("memory:") as kg:
        kg.add_article(seed_article, seed_facts)
        written = _records(kg)
        kg._backend.update(f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?f {writes.EDGE_RECORD} ?r }} }}")
        kg.recount()
        assert _records(kg) == written and written


@pytest.mark.server
def test_a_remote_store_keeps_and_serves_the_same_records(oxigraph_server, seed_article, seed_facts) -> None:
    with KnowledgeGraph.open("memory:") as local:
        local.add_article(seed_article, seed_facts)
        expected, edges = _records(local), na.entity_edges(local, FactFilter(since="2025"))
    with KnowledgeGraph.open(oxigraph_server) as remote:
        remote.add_article(seed_article, seed_facts)
        assert _records(remote) == expected
        assert na.entity_edges(remote, FactFilter(since="2025")) == edges and edges


def _link_keys(kg: KnowledgeGraph) -> set[tuple[str, str]]:
    query = f"SELECT ?l ?k WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.LINK_KEY} ?k }} }}"
    return {(row["l"].value, row["k"].value) for row in kg._backend.query(query, union=False)}


def test_link_keys_follow_writes_and_equal_a_recount(seed_article, seed_facts) -> None:
    """Each link counter is keyed by (end, type) for both ends; keys go with the link, a recount
    and an older store's upgrade give the same keys."""
    with KnowledgeGraph.open("memory:") as kg:
        kg.add_article(seed_article, seed_facts)
        kg.add_article(replace(seed_article, id="copy"), [replace(f, article="copy") for f in seed_facts[:5]])
        keys = _link_keys(kg)
        ends = (
            f"SELECT ?l ?e ?t WHERE {{ GRAPH {writes.INDEX} {{ "
            f"?l {writes.LINK_END} ?e ; {writes.LINK_TYPE} ?t }} }}"
        )
        expected = {
            (row["l"].value, writes.link_key(row["e"], row["t"].value).value)
            for row in kg._backend.query(ends, union=False)
        }
        assert keys == expected and len(keys) > 10
        kg.recount()
        assert _link_keys(kg) == keys
        kg._backend.update(f"DELETE WHERE {{ GRAPH {writes.INDEX} {{ ?l {writes.LINK_KEY} ?k }} }}")
        kg._upgrade_index()
        assert _link_keys(kg) == keys
        kg.delete_article("copy")
        kg.delete_article(seed_article.id)
        assert not _link_keys(kg)
