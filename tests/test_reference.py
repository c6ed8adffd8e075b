"""Reference data: completeness, consistency, agreement with the gold files, and the loader's lookups."""

from __future__ import annotations

import ast
import collections
import csv
import datetime as dt
import importlib.util
import json
import re
import shutil
from pathlib import Path

import pycountry
import pytest

from kg.model import MEMBERSHIP_STATUSES, Entity
from kg.reference import (
    DEFAULT_PATH,
    OFFICE_ROLES,
    SURFACE_FORMS,
    Reference,
    ReferenceDataError,
    load_reference,
    normalize,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = [ROOT / "tests" / "corpus" / "dev" / "gold.jsonl", ROOT / "seeds" / "gold.jsonl"]
# ISO 3166-1 entries that are dependent territories or Antarctica, i.e. not states of any kind.
NOT_STATES = set(
    "ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM FLK FRO GGY GIB GLP GRL GUF GUM HKG "
    "HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN SJM SPM SXM TCA TKL "
    "UMI VGB VIR WLF".split()
)


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def gold_entities() -> list[dict]:
    entities = []
    for path in GOLD_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                fact = json.loads(line)
                entities += [e for e in (fact["subject"], fact["object"]) if e]
    return entities


def gold_positions() -> set[tuple[str, str, str]]:
    out = set()
    for path in GOLD_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            fact = json.loads(line) if line.strip() else {}
            if fact.get("type") == "position" and fact["attributes"].get("role") in OFFICE_ROLES:
                out.add((fact["subject"]["label"], fact["object"]["country"], fact["attributes"]["role"]))
    return out


# --- countries ---------------------------------------------------------------------------------


def test_every_un_member_once_and_nothing_else(ref: Reference) -> None:
    members = [c for c in ref.countries.values() if c.un_status == "member"]
    assert len(members) == 193
    assert {c.key for c in ref.countries.values() if c.un_status == "observer"} == {"VAT", "PSE"}
    iso = {c.alpha_3 for c in pycountry.countries}
    # Every ISO country is either in the table or a known non-state territory, never both.
    assert iso - set(ref.countries) == NOT_STATES
    assert all(c.key in iso for c in members)
    names = [normalize(c.name) for c in ref.countries.values()]
    assert len(names) == len(set(names))


def test_codes_unique_and_agree_with_iso(ref: Reference) -> None:
    for codes in (
        [c.key for c in ref.countries.values()],
        [c.iso2 for c in ref.countries.values() if c.iso2],
    ):
        assert len(codes) == len(set(codes))
    for c in ref.countries.values():
        if c.iso_assigned:
            iso = pycountry.countries.get(alpha_3=c.key)
            assert (c.iso3, c.iso2) == (iso.alpha_3, iso.alpha_2)
        else:
            assert c.iso3 is None and c.iso2 is None and pycountry.countries.get(alpha_3=c.key) is None
    assert {k: ref.countries[k].un_status for k in ("TWN", "XKX", "ESH", "XSL")} == dict.fromkeys(
        ("TWN", "XKX", "ESH", "XSL"), "none"
    )


def test_qids_well_formed_and_unique(ref: Reference) -> None:
    qids = [c.qid for c in ref.countries.values() if c.qid] + [
        o.qid for o in ref.organizations.values() if o.qid
    ]
    qids += list({h.person: h.qid for h in ref.office_holders if h.qid}.values())
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids)
    assert len(qids) == len(set(qids))
    assert sum(1 for c in ref.countries.values() if c.qid) > 190


def test_gold_countries_and_orgs_agree(ref: Reference) -> None:
    for e in gold_entities():
        if e["kind"] == "country":
            found = ref.countries.get(e["country"]) if e["country"] else ref.resolve(e["label"])
            found = ref.country_entity(found.key) if hasattr(found, "key") else found
            assert found is not None and found.label == e["label"], e
            assert found.qid == e["qid"], e
            # The gold aliases are the surface forms our data must link too.
            assert all(ref.resolve(a) == found for a in e["aliases"] if a != "the kingdom"), e
        elif e["kind"] in ("organization", "bloc"):
            found = ref.resolve(e["label"])
            assert found is not None and found.kind == e["kind"] and found.label == e["label"], e
            assert e["qid"] in (None, found.qid), e


def test_gold_office_holders_present_with_country_and_role(ref: Reference) -> None:
    positions = gold_positions()
    assert len(positions) > 40
    for label, country, role in positions:
        person = ref.person_entity(label)
        assert person is not None, label
        assert person.country == country, label
        assert any(h.person == person.label and h.role == role for h in ref.office_holders), label


# --- organisations and memberships ---------------------------------------------------------------


@pytest.mark.parametrize("org", ["EAEU", "SCO", "BRICS"])
def test_bloc_members_resolve_to_countries(ref: Reference, org: str) -> None:
    rows = [m for m in ref.memberships if m.org == org]
    assert {m.status for m in rows} >= {"member", "observer"} - ({"observer"} if org == "BRICS" else set())
    for m in rows:
        entity = ref.resolve(ref.countries[m.member].name)
        assert entity is not None and entity.kind == "country" and entity.country == m.member


def test_memberships_are_valid(ref: Reference) -> None:
    date = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
    for m in ref.memberships:
        assert m.org in ref.organizations
        assert m.member in (ref.countries if m.member_kind == "country" else ref.organizations)
        assert m.status in MEMBERSHIP_STATUSES
        assert all(d is None or date.match(d) for d in (m.since, m.until))
        assert m.since is None or m.until is None or m.since[:4] <= m.until[:4]
    un = {m.member for m in ref.memberships if m.org == "UN" and m.status == "member"}
    assert un == {c.key for c in ref.countries.values() if c.un_status == "member"}


@pytest.mark.parametrize(
    ("org", "on", "expected"),
    [
        ("EU", "2025-01-01", 27),
        ("EU", "2019-06-01", 28),
        ("NATO", "2025-01-01", 32),
        ("NATO", "2023-05-01", 31),
        ("AU", "2024-01-01", 55),
        ("ASEAN", "2025-10-25", 10),
        ("ASEAN", "2025-10-26", 11),
        ("ECOWAS", "2025-06-01", 12),
        ("ECOWAS", "2024-06-01", 15),
        ("CELAC", "2024-01-01", 33),
        ("G20", "2024-01-01", 21),
        ("G20", "2023-01-01", 20),
        ("SCO", "2024-08-01", 10),
        ("EAEU", "2024-01-01", 5),
        ("GCC", "2024-01-01", 6),
        ("ARAB_LEAGUE", "2024-01-01", 22),
        ("OPEC", "2024-06-01", 12),
        ("COE", "2024-01-01", 46),
    ],
)
def test_member_counts_on_dates(ref: Reference, org: str, on: str, expected: int) -> None:
    assert len(set(ref.members(org, on=on))) == expected


def test_known_exits_and_changes(ref: Reference) -> None:
    assert "GBR" not in ref.members("EU", on="2020-02-01") and "GBR" in ref.members("EU", on="2020-01-30")
    assert "AGO" in ref.members("OPEC", on="2023-12-31") and "AGO" not in ref.members("OPEC", on="2024-01-01")
    assert "RUS" not in ref.members("COE", on="2023-01-01")
    assert set(ref.members("BRICS", status="partner", on="2025-07-01")) >= {"BLR", "BOL", "NGA", "VNM"}
    assert ref.members("G20", on="2024-01-01").count("AU") == 1
    assert "BLR" in ref.members("SCO", status="observer", on="2020-01-01")
    assert "BLR" not in ref.members("SCO", status="observer", on="2024-08-01")


# --- office holders ------------------------------------------------------------------------------


def test_office_holders_are_valid(ref: Reference) -> None:
    for h in ref.office_holders:
        assert h.role in OFFICE_ROLES and h.country in ref.countries
        assert h.end is None or h.start[:7] <= h.end[:7], h
        assert h.person not in h.aliases and all(normalize(s) != normalize(h.person) for s in h.surnames)


def test_no_overlapping_terms(ref: Reference) -> None:
    terms = collections.defaultdict(list)
    for h in ref.office_holders:
        # Iran's Supreme Leader and President are both recorded as head_of_state (see SOURCES.md).
        if not (h.country == "IRN" and h.role == "head_of_state" and h.person == "Ali Khamenei"):
            terms[(h.country, h.role)].append(h)
    for rows in terms.values():
        rows.sort(key=lambda h: h.start)
        for before, after in zip(rows, rows[1:], strict=False):
            # Partial dates compare as strings: "2025-03" <= "2025-03-18" (same month, order unknown).
            assert before.end is not None and before.end <= after.start, (before, after)


@pytest.mark.parametrize(
    ("country", "role", "on", "person"),
    [
        ("USA", "head_of_state", "2024-06-01", "Joe Biden"),
        ("USA", "head_of_state", "2025-01-20", "Donald Trump"),
        ("USA", "head_of_state", "2018-01-01", "Donald Trump"),
        ("CHN", "foreign_minister", "2023-03-01", "Qin Gang"),
        ("CHN", "foreign_minister", "2024-01-01", "Wang Yi"),
        ("IRN", "foreign_minister", "2023-01-01", "Hossein Amir-Abdollahian"),
        ("JPN", "head_of_government", "2023-03-16", "Fumio Kishida"),
        ("KOR", "head_of_state", "2025-06-04", "Lee Jae-myung"),
        ("GIN", "head_of_state", "2021-01-01", "Alpha Condé"),
        ("THA", "head_of_government", "2025-10-01", "Anutin Charnvirakul"),
        ("TLS", "head_of_government", "2025-10-26", "Xanana Gusmao"),
        ("SYR", "head_of_state", "2025-05-14", "Ahmed al-Sharaa"),
        ("ARG", "foreign_minister", "2024-01-01", "Diana Mondino"),
        ("FIN", "foreign_minister", "2023-04-04", "Pekka Haavisto"),
    ],
)
def test_holders_on_a_date(ref: Reference, country: str, role: str, on: str, person: str) -> None:
    assert [h.person for h in ref.holders(country=country, role=role, on=on)] == [person]


def test_holders_accepts_dates_and_filters(ref: Reference) -> None:
    on = dt.date(2025, 8, 20)
    assert {h.person for h in ref.holders(country="IRN", on=on)} >= {"Masoud Pezeshkian", "Abbas Araghchi"}
    trump = [h for h in ref.holders(country="USA", role="head_of_state") if h.person == "Donald Trump"]
    assert [h.start for h in trump] == ["2017-01-20", "2025-01-20"]
    assert ref.holders(country="USA", role="foreign_minister", on="1990-01-01") == []


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("the US", "country/USA"),
        ("America", "country/USA"),
        ("U.S.", "country/USA"),
        ("THE UNITED STATES", "country/USA"),
        ("Türkiye", "country/TUR"),
        ("turkiye", "country/TUR"),
        ("Turkey", "country/TUR"),
        ("the Kremlin", "country/RUS"),
        ("  the   Kremlin ", "country/RUS"),
        ("Minsk", "country/BLR"),
        ("Belarusian", "country/BLR"),
        ("Côte d\u2019Ivoire", "country/CIV"),
        ("cote d'ivoire", "country/CIV"),
        ("Burma", "country/MMR"),
        ("Élysée", "country/FRA"),
        ("Downing Street", "country/GBR"),
        ("Emirati", "country/ARE"),
        ("Somaliland", "country/XSL"),
        ("EEU", "org/EAEU"),
        ("EAEU", "org/EAEU"),
        ("Shanghai Cooperation Organization", "org/SCO"),
        ("Collective Security Treaty Organization", "org/CSTO"),
        ("Organization of African Unity", "org/OAU"),
        ("Ansar Allah", "org/HOUTHIS"),
        ("Western countries", "bloc/the-west"),
        ("Alexander Lukashenko", "person/aleksandr-lukashenko"),
        ("Recep Tayyip Erdoğan", "person/recep-tayyip-erdogan"),
        ("Viktor Orbán", "person/viktor-orban"),
        ("Volodymyr Zelenskyy", "person/volodymyr-zelensky"),
        ("Lula", "person/luiz-inacio-lula-da-silva"),
        ("S. Jaishankar", "person/subrahmanyam-jaishankar"),
    ],
)
def test_resolve(ref: Reference, text: str, entity_id: str) -> None:
    entity = ref.resolve(text)
    assert entity is not None and entity.id == entity_id


def test_resolve_unknown_and_surnames(ref: Reference) -> None:
    assert ref.resolve("Atlantis") is None and ref.resolve("") is None
    # Bare surnames are ambiguous in general: they come as surface forms for the linker, not via resolve.
    assert ref.resolve("Lukashenko") is None
    lukashenko = ref.person_entity("Aleksandr Lukashenko")
    forms = {(sf.text, sf.form) for sf in ref.surface_forms() if sf.entity == lukashenko}
    assert ("Lukashenko", "surname") in forms and ("Alexander Lukashenko", "person") in forms
    assert "Sharaa" in ref.person_entity("Ahmed al-Sharaa").aliases


def test_surface_forms_unambiguous(ref: Reference) -> None:
    forms = ref.surface_forms()
    assert {sf.form for sf in forms} == set(SURFACE_FORMS)
    owners = collections.defaultdict(set)
    for sf in forms:
        if sf.form != "surname":
            owners[normalize(sf.text)].add(sf.entity.id)
    assert {text: ids for text, ids in owners.items() if len(ids) > 1} == {}
    for sf in forms:
        if sf.form == "surname":
            assert owners.get(normalize(sf.text), {sf.entity.id}) == {sf.entity.id}, sf
        else:
            assert ref.resolve(sf.text.upper()) == sf.entity


def test_entities(ref: Reference) -> None:
    belarus = ref.country_entity("BLR")
    assert (belarus.id, belarus.kind, belarus.qid, belarus.country) == (
        "country/BLR",
        "country",
        "Q184",
        "BLR",
    )
    assert {"Belarusian", "Minsk", "Republic of Belarus"} <= set(belarus.aliases)
    assert ref.org_entity("EAEU") == Entity(
        "Eurasian Economic Union", "organization", None, ("EAEU", "EEU", "Eurasian Union"), None, "org/EAEU"
    )
    assert ref.bloc_entity("the-west").id == "bloc/the-west"
    person = ref.person_entity("Masoud Pezeshkian")
    assert (person.id, person.country, person.aliases) == ("person/masoud-pezeshkian", "IRN", ("Pezeshkian",))
    assert ref.person_entity("Nobody Atall") is None
    assert ref.person_entity("Lula da Silva") == ref.person_entity("Luiz Inácio Lula da Silva")


# --- loader ------------------------------------------------------------------------------------


def test_load_is_cached_and_default_path_found() -> None:
    assert load_reference() is load_reference()
    assert DEFAULT_PATH == ROOT / "ontology" / "reference" and (DEFAULT_PATH / "countries.csv").is_file()


def _corrupt(tmp_path: Path, name: str, old: str, new: str) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(DEFAULT_PATH, target)
    text = (target / name).read_text(encoding="utf-8")
    assert old in text
    (target / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("office_holders.csv", ",head_of_state,2019-05-20", ",king,2019-05-20", "office_holders.csv:"),
        ("office_holders.csv", "2019-05-20,,", "2019-05-20,2018-01-01,", "after end"),
        ("office_holders.csv", ",UKR,head_of_state", ",UKX,head_of_state", "unknown country"),
        ("memberships.csv", "EAEU,RUS,member", "EAEU,RUZ,member", "unknown member"),
        ("memberships.csv", "EAEU,RUS,member,2015-01-01", "EAEU,RUS,member,2015-13-01", "not an ISO date"),
        ("memberships.csv", "EAEU,RUS,member", "EAEU,RUS,boss", "status"),
        ("countries.csv", ",Q184,", ",Q159,", "duplicate qid"),
        ("countries.csv", ",Q184,", ",184,", "not a Wikidata QID"),
        ("countries.csv", "key,iso3", "clave,iso3", "missing column"),
        ("organizations.csv", ",intergovernmental,", ",club,", "kind"),
        ("blocs.csv", "the-west,", "west,", "slug"),
    ],
)
def test_bad_data_gives_clear_error(tmp_path: Path, name: str, old: str, new: str, message: str) -> None:
    with pytest.raises(ReferenceDataError, match=re.escape(message)):
        load_reference(_corrupt(tmp_path, name, old, new))


def test_missing_directory_or_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="directory not found"):
        load_reference(tmp_path / "nowhere")
    with pytest.raises(ReferenceDataError, match="file not found"):
        load_reference(tmp_path)


def test_build_countries_is_idempotent(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_countries", DEFAULT_PATH / "build_countries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    copy = tmp_path / "countries.csv"
    shutil.copy(DEFAULT_PATH / "countries.csv", copy)
    assert module.build(copy) == 199
    assert copy.read_text(encoding="utf-8") == (DEFAULT_PATH / "countries.csv").read_text(encoding="utf-8")


def test_loader_holds_no_curated_facts(ref: Reference) -> None:
    source = (ROOT / "kg" / "reference.py").read_text(encoding="utf-8")
    literals = {
        normalize(node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    facts = {normalize(sf.text) for sf in ref.surface_forms()} | set(map(normalize, ref.countries))
    facts |= {normalize(k) for k in ref.organizations}
    assert literals & facts == set()
    with (DEFAULT_PATH / "countries.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(ref.countries)


def test_an_organisations_seat_names_it_and_stays_optional(ref: Reference) -> None:
    seats = ref.seat_organizations()
    assert seats["brussels"].id == "org/EU"
    assert ref.organizations["NATO"].seat is None
    assert ref.resolve("Brussels").id == "country/BEL"  # the city itself is Belgium's capital
