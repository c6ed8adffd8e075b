"""The analyst's workbench pages through the Flask test client: facts table and exports, articles, upload."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import rdflib

from kg.fact_order import fact_sort_key

SEED = "belarus-iran-2025-08-20"
ROW = re.compile(r'<tr class="modality-[a-z]+" data-fact="([0-9a-f]+)" data-type="([a-z_]+)">')


def rows_of(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return ROW.findall(response.get_data(as_text=True))


def test_facts_table_lists_every_fact_with_links(client) -> None:
    response = client.get("/facts?limit=200")
    html = unescape(response.get_data(as_text=True))
    assert len(rows_of(response)) == 22 and "22 matches" in html
    assert 'href="/entity/person/masoud-pezeshkian"' in html
    assert f'href="/article/{SEED}#fact-' in html  # evidence links to its place in the article
    assert 'id="export-csv"' in html and "format=csv" in html


def test_facts_table_filters(client) -> None:
    visits = rows_of(client.get("/facts?type=visit"))
    assert visits and {t for _, t in visits} == {"visit"}
    iran = rows_of(client.get("/facts?entity=Iran&limit=200"))
    as_subject = rows_of(client.get("/facts?entity=Iran&role=subject&limit=200"))
    as_object = rows_of(client.get("/facts?entity=Iran&role=object&limit=200"))
    assert as_subject and as_object and len(iran) == len(set(as_subject) | set(as_object)) < 22
    assert rows_of(client.get("/facts?since=2030")) == []
    assert "No fact matches" in client.get("/facts?since=2030").get_data(as_text=True)
    planned = rows_of(client.get("/facts?modality=planned"))
    assert 0 < len(planned) < 22
    assert len(rows_of(client.get(f"/facts?article={SEED}&limit=200"))) == 22
    # empty form fields count as absent
    assert len(rows_of(client.get("/facts?entity=&type=&modality=&since=&limit=200"))) == 22


def test_facts_table_rejects_bad_parameters(client) -> None:
    for query in ("type=bogus", "since=2025-13", "min_confidence=2", "order=x", "colour=red", "format=pdf"):
        response = client.get(f"/facts?{query}")
        assert response.status_code == 400 and response.mimetype == "text/html", query
    assert client.get("/facts?entity=Atlantis").status_code == 404
    assert client.get("/facts?article=no-such-article").status_code == 404


def test_facts_table_sorts_and_pages(client, graph) -> None:
    newest = client.get("/facts?order=-date&limit=200").get_data(as_text=True)
    dates = re.findall(r'<td class="date">([^<]+)</td>', newest)
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True) and dates[-1] == "undated"
    first = rows_of(client.get("/facts?order=date&limit=10"))
    second_response = client.get("/facts?order=date&limit=10&offset=10")
    second = rows_of(second_response)
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    html = second_response.get_data(as_text=True)
    assert 'id="prev-page"' in html and 'id="next-page"' in html
    expected = [f.id for f in sorted(graph.facts(), key=fact_sort_key("date"))][:20]
    assert [i for i, _ in first + second] == expected
    # the entity filter merges subject and object pages in the same order
    either = [i for i, _ in rows_of(client.get("/facts?entity=Iran&order=-confidence&limit=5&offset=3"))]
    both = {f.id: f for f in graph.facts(subject="country/IRN") + graph.facts(object="country/IRN")}
    assert either == [f.id for f in sorted(both.values(), key=fact_sort_key("-confidence"))][3:8]


def test_facts_export_csv_json_ttl_honour_filters(client) -> None:
    response = client.get("/facts?type=visit&format=csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert table and {r["type"] for r in table} == {"visit"}
    assert any("state visit" in r["evidence"] for r in table)
    assert response.headers["X-Total-Count"] == str(len(table))

    data = client.get("/facts?entity=Iran&format=json").get_json()
    assert data["total"] == data["count"] == len(rows_of(client.get("/facts?entity=Iran&limit=200")))
    ends = [((f["subject"] or {}).get("id"), (f["object"] or {}).get("id")) for f in data["facts"]]
    assert ends and all("country/IRN" in pair for pair in ends)

    turtle = client.get("/facts?type=trade&format=ttl")
    assert turtle.mimetype == "text/turtle"
    parsed = rdflib.Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
    dip = rdflib.Namespace("https://w3id.org/dipkg/ontology#")
    trade_nodes = set(parsed.subjects(rdflib.RDF.type, dip.TradeFlow))
    assert len(trade_nodes) == len(rows_of(client.get("/facts?type=trade"))) > 0
    assert not set(parsed.subjects(rdflib.RDF.type, dip.Visit))


def test_api_relations_answers_csv_by_parameter_or_accept(client) -> None:
    by_param = client.get("/api/relations?type=visit&format=csv")
    by_accept = client.get("/api/relations?type=visit", headers={"Accept": "text/csv"})
    for response in (by_param, by_accept):
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert rows and {r["type"] for r in rows} == {"visit"}
    assert by_param.data == by_accept.data
    as_json = client.get("/api/relations?type=visit", headers={"Accept": "application/json, text/csv;q=0.5"})
    assert as_json.mimetype == "application/json" and as_json.get_json()["count"] == len(rows)
    assert client.get("/api/relations?format=xml").status_code == 400


def test_articles_list_and_search(client) -> None:
    html = unescape(client.get("/articles").get_data(as_text=True))
    assert f'href="/article/{SEED}"' in html and "Belarus and Iran pledge enhanced ties" in html
    assert "2025-08-20" in html and f'href="/facts?article={SEED}">22<' in html
    assert f'data-article="{SEED}"' in client.get("/articles?q=IRAN").get_data(as_text=True)
    assert "No article matches" in client.get("/articles?q=zzyzx").get_data(as_text=True)


def test_article_page_marks_each_facts_evidence_in_the_text(client) -> None:
    html = unescape(client.get(f"/article/{SEED}").get_data(as_text=True))
    mark = r'<mark id="ev-(\d+)" class="evidence-mark" data-facts="([0-9a-f ]+)"[^>]*>(.*?)</mark>'
    marks = re.findall(mark, html, re.S)
    assert marks
    marked_facts = {i for _, ids, _ in marks for i in ids.split()}
    listed = set(re.findall(r'id="fact-([0-9a-f]+)"', html))
    assert listed and marked_facts <= listed and len(marked_facts) >= 20
    assert any("state visit by President Masoud Pezeshkian" in text for _, _, text in marks)
    # the whole text is there, marks included, in order
    assert "Belarus and Iran pledge enhanced ties" in html and "/static/article.js" in html


def test_upload_form_needs_the_token(client) -> None:
    form = client.get("/articles/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="token"' in form
    refused = client.post("/articles/new", data={"text": "Iran and Belarus met.", "token": "wrong"})
    assert refused.status_code == 403 and "wrong or missing API token" in refused.get_data(as_text=True)
    assert "Iran and Belarus met." in refused.get_data(as_text=True)  # the text is kept for a retry
    empty = client.post("/articles/new", data={"text": " ", "token": "test-token"})
    assert empty.status_code == 400 and "paste the article" in empty.get_data(as_text=True)
    bad_date = client.post("/articles/new", data={"text": "x", "published": "20-1", "token": "test-token"})
    assert bad_date.status_code == 400


TIMELINE_DATA = re.compile(r'<script id="timeline-data" type="application/json">(.*?)</script>', re.S)


def test_timeline_of_a_pair_groups_facts_by_month(client, graph) -> None:
    response = client.get("/timeline?entity=Iran&with=Belarus")
    assert response.status_code == 200
    data = json.loads(TIMELINE_DATA.search(response.get_data(as_text=True)).group(1))
    months = [m["month"] for m in data["months"]]
    assert months == sorted(months) and len(set(months)) == len(months)
    pair = [
        f
        for f in graph.facts(subject="country/IRN") + graph.facts(object="country/IRN")
        if f.subject and f.object and {f.subject.id, f.object.id} == {"country/IRN", "country/BLR"}
    ]
    monthly = [f for f in pair if f.date and len(f.date) >= 7]
    assert sum(sum(m["counts"].values()) for m in data["months"]) == len(monthly) > 0
    assert data["entity"] == "country/IRN" and data["with"] == "country/BLR"
    for month in data["months"]:
        # the bar's facts, as the page's script asks for them on a click
        listed = client.get(
            f"/api/relations?entity=Iran&with=Belarus&since={month['month']}&until={month['month']}"
        ).get_json()["relations"]
        listed = [f for f in listed if f["date"] and f["date"][:7] == month["month"]]
        assert sum(month["counts"].values()) == len(listed)
        expected = {f.id for f in monthly if f.date[:7] == month["month"]}
        assert {f["id"] for f in listed} == expected
    whole = json.loads(
        TIMELINE_DATA.search(client.get("/timeline?entity=Iran").get_data(as_text=True)).group(1)
    )
    assert sum(sum(m["counts"].values()) for m in whole["months"]) >= len(monthly)
    assert client.get("/timeline?entity=Atlantis").status_code == 404
    assert client.get("/timeline?colour=red").status_code == 400
    assert client.get("/timeline").status_code == 200


def test_entity_page_words_roles_and_links_timeline_and_facts(client) -> None:
    html = client.get("/entity/person/aleksandr-lukashenko").get_data(as_text=True)
    assert "head_of_state" not in html.replace('value="head_of_state"', "")
    assert 'href="/timeline?entity=person/aleksandr-lukashenko"' in html
    assert 'href="/facts?entity=person/aleksandr-lukashenko"' in html
