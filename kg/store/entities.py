"""Entity look-ups of the KnowledgeGraph: one entity's record, and name search.

Both ask the store: descriptions from the reference and entities graphs, search through the name
keys of kg.names (an index lookup per query word, not a scan of names), counts and the entity's
stated positions and memberships through grouped queries. Reference tenures and memberships come
from kg.reference, the data the reference graph is built from.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pyoxigraph as ox

from kg import rdf
from kg.ontology import vocabulary
from kg.store import reads, writes
from kg.vocab import DIP

if TYPE_CHECKING:
    from kg.store.graph import KnowledgeGraph


def _reference_memberships(entity_id: str) -> list[dict[str, Any]]:
    """Memberships the reference data records for a member (country or organisation) or an organisation."""
    return [dict(row) for row in _reference_rows()[0].get(entity_id, ())]


def _reference_positions(entity_id: str) -> list[dict[str, Any]]:
    """Offices the reference data records for a person, or in a country."""
    return [dict(row) for row in _reference_rows()[1].get(entity_id, ())]


@functools.cache
def _reference_rows() -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """The reference's memberships and offices by the id of each entity they name (read once: the
    reference is part of the code, not of the store)."""
    from kg.reference import load_reference  # noqa: PLC0415

    ref = load_reference()
    memberships: dict[str, list[dict[str, Any]]] = {}
    for m in ref.memberships:
        org = ref.org_entity(m.org)
        member = ref.country_entity(m.member) if m.member_kind == "country" else ref.org_entity(m.member)
        row = {
            "organization": org.id,
            "organization_label": org.label,
            "member": member.id,
            "member_label": member.label,
            "status": m.status,
            "since": m.since,
            "until": m.until,
            "source": "reference",
        }
        for entity_id in dict.fromkeys((member.id, org.id)):
            memberships.setdefault(entity_id, []).append(row)
    positions: dict[str, list[dict[str, Any]]] = {}
    for holder in ref.office_holders:
        person = ref.person_entity(holder.person)
        if person is None:
            continue
        country = ref.country_entity(holder.country)
        row = {
            "person": person.id,
            "person_label": person.label,
            "country": country.id,
            "country_label": country.label,
            "role": holder.role,
            "since": holder.start,
            "until": holder.end,
            "source": "reference",
        }
        for entity_id in dict.fromkeys((person.id, country.id)):
            positions.setdefault(entity_id, []).append(row)
    return memberships, positions


_DESCRIBED = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "type",
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alias",
    str(DIP.qid): "qid",
    str(DIP.country): "country",
}


# What a drawing or a list of names needs: aliases and Wikidata ids are most of a description's rows.
BRIEF = frozenset({writes.RDF_TYPE, writes.LABEL, writes.COUNTRY})


def descriptions(
    kg: KnowledgeGraph, nodes: list[ox.NamedNode], brief: bool = False
) -> dict[str, dict[str, Any]]:
    """Records of entities by local id: label, kind, qid, country, aliases, sources (reference, extracted).

    `brief` reads only label, kind and country (qid None, aliases empty).
    """
    if not nodes:
        return {}
    kinds = {str(c): k for k, c in vocabulary().kind_class.items()}
    found: dict[str, dict[str, Any]] = {}
    mentioned: set[str] = set()
    query = reads.description_query(nodes, BRIEF if brief else writes.DESCRIPTION_PREDICATES, mentions=True)
    for row in kg._backend.query(query, union=False):  # type: ignore[union-attr]
        if row["p"] == writes.MENTION_COUNT:  # named by articles (the index's mention counter)
            mentioned.add(rdf.entity_id_from_iri(row["e"].value))
            continue
        if row["p"].value not in _DESCRIBED:
            continue
        local = rdf.entity_id_from_iri(row["e"].value)
        record = found.setdefault(
            local,
            {
                "id": local,
                "labels": [],
                "kind": None,
                "qid": None,
                "country": None,
                "aliases": [],
                "sources": set(),
            },
        )
        what, value = _DESCRIBED[row["p"].value], row["o"].value
        source = "reference" if row["src"] == writes.REFERENCE else "entities"
        if source == "reference":
            record["sources"].add("reference")
        if what == "type" and value in kinds:
            record["kind"] = kinds[value]
        elif what == "label":
            record["labels"].append((source != "reference", value))
        elif what == "alias":
            record["aliases"].append(value)
        elif what == "qid":
            record["qid"] = value
        elif what == "country":
            record["country"] = value.rsplit("/", 1)[-1]
    for local in mentioned & set(found):
        found[local]["sources"].add("extracted")
    out = {}
    for local, record in found.items():
        if record["kind"] is None or not record["labels"]:
            continue
        label = min(record.pop("labels"))[1]
        record["label"] = label
        record["aliases"] = sorted({a for a in record["aliases"] if a != label})
        record["sources"] = sorted(record["sources"])
        out[local] = record
    return out


def entity_node(entity_id: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(str(rdf.entity_iri(entity_id)))
    except ValueError:
        return None


def relation_counts(kg: KnowledgeGraph, node: ox.NamedNode) -> dict[str, dict[str, int]]:
    """Facts per type with the entity as subject (outgoing) and as object only (incoming)."""
    # The index's degree counters, kept by every write: a few triples however busy the entity is.
    query = (
        f"SELECT ?dir ?type ?n WHERE {{ GRAPH {writes.INDEX} {{ ?d {writes.DEGREE_OF} {node} ; "
        f"{writes.LINK_TYPE} ?type ; {writes.DIRECTION} ?dir ; {writes.FACT_COUNT} ?n }} }}"
    )
    counts: dict[str, dict[str, int]] = {}
    for row in kg._backend.query(query, union=False):  # type: ignore[union-attr]
        entry = counts.setdefault(row["type"].value, {"outgoing": 0, "incoming": 0, "total": 0})
        entry[row["dir"].value] = int(row["n"].value)
    for entry in counts.values():
        entry["total"] = entry["outgoing"] + entry["incoming"]
    return dict(sorted(counts.items()))


STATED_ROWS = 200
STATED_PARTNERS = 50  # the most stated partners whose offices or memberships an entity record lists


def _degrees(kg: KnowledgeGraph, nodes: list[ox.NamedNode]) -> dict[tuple[str, str], int]:
    """Facts naming each entity, all types together, per end ("outgoing", "incoming"): from the index."""
    query = (
        f"SELECT ?e ?dir (SUM(?n) AS ?total) WHERE {{ VALUES ?e {{ {' '.join(str(n) for n in nodes)} }} "
        f"GRAPH {writes.INDEX} {{ ?d {writes.DEGREE_OF} ?e ; {writes.DIRECTION} ?dir ; "
        f"{writes.FACT_COUNT} ?n }} }} GROUP BY ?e ?dir"
    )
    return {
        (row["e"].value, row["dir"].value): int(row["total"].value)
        for row in kg._backend.query(query, union=False)  # type: ignore[union-attr]
    }


def facts_naming(kg: KnowledgeGraph, nodes: list[ox.NamedNode]) -> dict[str, int]:
    """How many facts name each entity, at either end, by local id (from the degree counters)."""
    totals: dict[str, int] = {}
    for (iri, _end), n in _degrees(kg, nodes).items():
        local = rdf.entity_id_from_iri(iri)  # type: ignore[arg-type]
        totals[local] = totals.get(local, 0) + n
    return totals


def stated(kg: KnowledgeGraph, node: ox.NamedNode, fact_type: str, attribute: str) -> list[dict[str, Any]]:
    """Positions or memberships articles state for the entity (either end), one row per pair and value.

    Each row names the subject and object, the attribute (role or status), the latest date, how
    many facts say so and one of them (with its article) to read; at most STATED_ROWS groups, from
    the STATED_PARTNERS partners most often stated.
    """
    terms = vocabulary().role if attribute == "role" else vocabulary().status
    names = {str(v): k for k, v in terms.items()}
    # Its links of this type, with their counts, are strings on its key for the type
    # (dip:linkCount, kept by writes): one scan, however many partners, and the most stated kept.
    key = writes.link_key(node, fact_type)
    query = f"SELECT ?r WHERE {{ GRAPH {writes.INDEX} {{ {key} {writes.LINK_COUNT} ?r }} }}"
    counted = [row["r"].value.split(" ") for row in kg._backend.query(query, union=False)]  # type: ignore[union-attr]
    counted.sort(key=lambda r: (-int(r[1]), r[0]))
    linked = [f"<{link}>" for link, _n in counted[:STATED_PARTNERS]]
    if not linked:
        return []
    links = " ".join(linked)
    # What these links state, grouped by writes (dip:statedGroup): one string per role or status,
    # modality and pair, however many facts repeat it.
    grouped = f"GRAPH {writes.INDEX} {{ ?l {writes.STATED_GROUP} ?s }}"
    query = f"SELECT ?s WHERE {{ VALUES ?l {{ {links} }} {grouped} }}"
    rows = kg._backend.query(query, union=False)
    groups = sorted((row["s"].value.split(" ") for row in rows), key=lambda g: (g[2], g[3], g[0], g[1]))  # type: ignore[union-attr]
    modalities = {str(v).rsplit("#", 1)[-1]: k for k, v in vocabulary().modality.items()}
    out = []
    for value, modality, subject, obj, count, date, fact, graph in groups[:STATED_ROWS]:
        out.append(
            {
                "subject": unquote(subject),
                "object": unquote(obj),
                attribute: names.get(value),
                "modality": modalities.get(modality),
                "date": None if date == "-" else date,
                "facts": int(count),
                "fact": fact.rsplit("/", 1)[-1],
                "article": rdf.article_id_from_iri(graph),
                "source": "extracted",
            }
        )
    out.sort(key=lambda r: (r["subject"], r["object"], r[attribute] or "", r["modality"] or ""))
    return out


def describe_entity(kg: KnowledgeGraph, entity_id: str) -> dict[str, Any] | None:
    """Names, kind, qid, country, positions, memberships (reference and extracted) and relation counts."""
    node = entity_node(entity_id)
    if node is None:
        return None
    record = descriptions(kg, [node]).get(entity_id)
    if record is None:
        return None
    positions = _reference_positions(entity_id)
    memberships = _reference_memberships(entity_id)
    stated_positions = stated(kg, node, "position", "role")
    stated_memberships = stated(kg, node, "membership", "status")
    others = {
        rdf.entity_iri(r[k]) for r in stated_positions + stated_memberships for k in ("subject", "object")
    }
    others_described = descriptions(kg, [ox.NamedNode(str(i)) for i in others], brief=True)
    labels = {k: v["label"] for k, v in others_described.items()}
    known = {(r["person"], r["country"], r["role"]): r for r in positions}
    for row in stated_positions:
        person, country = row.pop("subject"), row.pop("object")
        if _confirms(known.get((person, country, row["role"])), row):
            continue
        positions.append(
            {
                "person": person,
                "person_label": labels.get(person),
                "country": country,
                "country_label": labels.get(country),
                **row,
            }
        )
    known = {(r["member"], r["organization"], r["status"]): r for r in memberships}
    for row in stated_memberships:
        member, org = row.pop("subject"), row.pop("object")
        if _confirms(known.get((member, org, row["status"])), row):
            continue
        memberships.append(
            {
                "organization": org,
                "organization_label": labels.get(org),
                "member": member,
                "member_label": labels.get(member),
                **row,
            }
        )
    return {
        **record,
        "positions": positions,
        "memberships": memberships,
        "relation_counts": relation_counts(kg, node),
    }


def _confirms(reference_row: dict[str, Any] | None, stated_row: dict[str, Any]) -> bool:
    """Whether articles assert what a reference row records: then the row is listed once, the
    reference's, with the articles' evidence (how many facts, one to read) added to it."""
    if reference_row is None or stated_row.get("modality") != "asserted":
        return False
    for key in ("facts", "fact", "article", "date"):
        reference_row[key] = stated_row.get(key)
    return True


def entity_kind(kg: KnowledgeGraph, entity_id: str) -> str | None:
    """The kind of a known entity (described in the reference or entities graph), else None: one look-up."""
    node = entity_node(entity_id)
    if node is None:
        return None
    kinds = {str(c): k for k, c in vocabulary().kind_class.items()}
    query = (
        f"SELECT ?t WHERE {{ {{ GRAPH {writes.REFERENCE} {{ {node} a ?t }} }} UNION "
        f"{{ GRAPH {writes.ENTITIES} {{ {node} a ?t }} }} }}"
    )
    for row in kg._backend.query(query, union=False):  # type: ignore[union-attr]
        if row["t"].value in kinds:
            return kinds[row["t"].value]
    return None
