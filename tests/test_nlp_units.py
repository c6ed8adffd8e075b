"""The extractor's parts without the trained model: the reference ruler on a blank pipeline, the
merge of repeated facts, and the word lists of kg/data."""

from __future__ import annotations

from collections import defaultdict

import pytest
import spacy
from spacy.language import Language

import kg.nlp  # noqa: F401  (registers the dipkg_* factories)
from kg.model import ENTITY_KINDS, FACT_TYPES, ROLES, Entity, Fact
from kg.nlp import lexicon
from kg.nlp.components import merge_facts
from kg.nlp.ruler import KIND_LABEL, reference_patterns
from kg.reference import load_reference

# --- reference ruler -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("dipkg_reference_ruler")
    return nlp


@pytest.mark.parametrize(
    ("text", "surface", "label", "ent_id"),
    [
        ("Minsk said on Tuesday", "Minsk", "COUNTRY", "country/BLR"),
        ("the Kremlin said", "Kremlin", "COUNTRY", "country/RUS"),
        ("EAEU members met", "EAEU", "ORG", "org/EAEU"),
        ("the EEU summit", "EEU", "ORG", "org/EAEU"),
        ("the Eurasian Economic Union", "Eurasian Economic Union", "ORG", "org/EAEU"),
        ("Belarusian officials", "Belarusian", "COUNTRY", "country/BLR"),
        ("Türkiye signed", "Türkiye", "COUNTRY", "country/TUR"),
        ("Western countries said", "Western countries", "BLOC", "bloc/the-west"),
        ("Lukashenko spoke", "Lukashenko", "PERSON", "person/aleksandr-lukashenko"),
    ],
)
def test_ruler_tags_reference_forms(
    blank_nlp: Language, text: str, surface: str, label: str, ent_id: str
) -> None:
    ents = [(e.text, e.label_, e.ent_id_) for e in blank_nlp(text).ents]
    assert ents == [(surface, label, ent_id)]


def test_ruler_leaves_shared_surname_and_common_words_untagged(blank_nlp: Language) -> None:
    # "Wong" is the surname of two office holders (Penny Wong, Lawrence Wong): ambiguous alone.
    assert [e.text for e in blank_nlp("Wong said the talks went well.").ents] == []
    assert [e.ent_id_ for e in blank_nlp("Penny Wong said").ents] == ["person/penny-wong"]


@pytest.fixture(scope="module")
def patterns() -> list[dict]:
    return reference_patterns(load_reference())


def test_patterns_have_no_duplicates_and_valid_labels(patterns: list[dict]) -> None:
    keys = [(p["pattern"], p["id"]) for p in patterns]
    assert len(keys) == len(set(keys))
    assert {p["label"] for p in patterns} <= set(KIND_LABEL.values())
    assert all(p["pattern"] and p["id"] for p in patterns)


def test_no_bare_surname_shared_by_two_office_holders(patterns: list[dict]) -> None:
    holders: dict[str, set[str]] = defaultdict(set)
    for form in load_reference().surface_forms():
        if form.form == "surname":
            holders[form.text].add(form.entity.id)
    shared = {name for name, ids in holders.items() if len(ids) > 1}
    assert shared, "the reference should hold at least one shared surname for this check to bite"
    person_patterns = {p["pattern"] for p in patterns if p["label"] == "PERSON"}
    assert not shared & person_patterns
    # And each person pattern names one person only.
    ids_by_pattern: dict[str, set[str]] = defaultdict(set)
    for p in patterns:
        if p["label"] == "PERSON":
            ids_by_pattern[p["pattern"]].add(p["id"])
    assert {k: v for k, v in ids_by_pattern.items() if len(v) > 1} == {}


# --- merge_facts ---------------------------------------------------------------------------------

BELARUS = Entity("Belarus", "country", qid="Q184", country="BLR")
IRAN = Entity("Iran", "country", qid="Q794", country="IRN")
LUKASHENKO = Entity("Aleksandr Lukashenko", "person", country="BLR")
PEZESHKIAN = Entity("Masoud Pezeshkian", "person", country="IRN")


def mk(type_: str, s: Entity | None, o: Entity | None, date: str | None = None, **kw) -> Fact:
    return Fact(article="a", type=type_, subject=s, object=o, date=date, evidence="x", **kw)


def test_same_relation_repeated_merges() -> None:
    first = mk("trade", BELARUS, IRAN, "2024", attributes={"value": 5}, confidence=0.6)
    second = mk("trade", BELARUS, IRAN, "2024", attributes={"currency": "USD"}, confidence=0.8)
    merged = merge_facts([first, second])
    assert len(merged) == 1
    assert merged[0].attributes == {"value": 5, "currency": "USD"} and merged[0].confidence == 0.8


def test_symmetric_repeat_in_either_order_merges() -> None:
    merged = merge_facts([mk("agreement", BELARUS, IRAN, "2024"), mk("agreement", IRAN, BELARUS, "2024")])
    assert len(merged) == 1


def test_undated_repeat_of_dated_relation_dropped() -> None:
    merged = merge_facts([mk("visit", PEZESHKIAN, BELARUS), mk("visit", PEZESHKIAN, BELARUS, "2025-08-20")])
    assert [f.date for f in merged] == ["2025-08-20"]


def test_distinct_dates_modalities_and_directions_kept() -> None:
    facts = [
        mk("visit", PEZESHKIAN, BELARUS, "2025-08-20"),
        mk("visit", PEZESHKIAN, BELARUS, "2024"),
        mk("visit", PEZESHKIAN, BELARUS, "2026", modality="planned"),
        mk("trade", BELARUS, IRAN),
        mk("trade", IRAN, BELARUS),
    ]
    assert len(merge_facts(facts)) == 5


def test_country_level_meeting_dropped_beside_leaders_meeting() -> None:
    merged = merge_facts([mk("meeting", LUKASHENKO, PEZESHKIAN), mk("meeting", IRAN, BELARUS)])
    assert [(f.subject.kind, f.object.kind) for f in merged] == [("person", "person")]


def test_country_level_meeting_of_other_states_kept() -> None:
    russia = Entity("Russia", "country", qid="Q159", country="RUS")
    merged = merge_facts([mk("meeting", LUKASHENKO, PEZESHKIAN), mk("meeting", russia, BELARUS)])
    assert len(merged) == 2


# --- word lists ----------------------------------------------------------------------------------


def test_roles_csv_roles_are_contract_roles() -> None:
    roles = lexicon.title_roles()
    assert roles["president"] == "head_of_state"
    assert roles["prime minister"] == "head_of_government"
    assert set(roles.values()) <= set(ROLES)
    assert all(phrase == phrase.lower().strip() for phrase in roles)
    assert "minister" in lexicon.title_words()


def test_role_nouns_and_anaphora_load_with_valid_values() -> None:
    nouns = lexicon.role_nouns()
    assert nouns["president"] == "head_of_state"
    assert set(nouns.values()) <= set(ROLES) | {""}
    anaphora = lexicon.anaphora()
    assert anaphora["bloc"] == "organization"
    assert set(anaphora.values()) <= set(ENTITY_KINDS)


def test_cities_map_to_country_codes() -> None:
    cities = lexicon.cities()
    assert (cities["Moscow"], cities["Minsk"], cities["Tehran"]) == ("RUS", "BLR", "IRN")
    assert all(len(code) == 3 and code.isupper() for code in cities.values())
    # Nearly all cities lie in reference countries (a few in territories such as Hong Kong do not).
    countries = set(load_reference().countries)
    assert sum(code in countries for code in cities.values()) >= 0.99 * len(cities)


# `position` is read off titles, whose words live in roles.csv rather than triggers.toml.
TRIGGERED_TYPES = [t for t in FACT_TYPES if t != "position"]


def test_triggers_have_a_section_per_fact_type() -> None:
    triggers = lexicon.triggers()
    assert set(TRIGGERED_TYPES) <= set(triggers)
    assert "modality" in triggers
    for fact_type in TRIGGERED_TYPES:
        section = triggers[fact_type]
        words = [w for key, v in section.items() if key.endswith(("verbs", "nouns")) for w in v]
        assert words, f"[{fact_type}] lists no trigger verbs or nouns"
    for name, section in triggers.items():
        for key, value in section.items():
            if isinstance(value, list):
                assert all(isinstance(w, str) and w.strip() for w in value), f"[{name}] {key}"


def test_best_role_prefers_the_senior_office() -> None:
    assert lexicon.best_role({"other", "head_of_government", "minister"}) == "head_of_government"
    assert lexicon.best_role(set()) is None


# --- the lexicon derived from PETRARCH-2's CAMEO dictionary ----------------------------------------

CAMEO_SNIPPET = """\
---  PRAISE   [051]  ---
PRAISE
EXTOL  # a comment
CHEER
DRESS_UP
- * (FOR {AID})                                      [051]

---  DENOUNCE   [111]  ---
CENSURE
CONDEMN
FLOG [180]

---  DELAY   [---]  ---
POSTPONE
"""


def test_build_lexicon_maps_cameo_codes_to_fact_types(tmp_path) -> None:
    from kg.nlp import build_lexicon

    (tmp_path / "CAMEO.2.0.txt").write_text(CAMEO_SNIPPET, encoding="utf-8")
    out = tmp_path / "derived.toml"
    build_lexicon.main([str(tmp_path), "--out", str(out)])
    import tomllib

    derived = tomllib.loads(out.read_text(encoding="utf-8"))
    # block codes are inherited, a line's own code overrides, reviewed words and phrases stay out
    assert derived["support"]["verbs"] == ["extol", "praise"]
    assert derived["opposition"]["verbs"] == ["censure", "condemn", "denounce"]
    assert "MIT" in out.read_text(encoding="utf-8")


def test_derived_words_join_the_curated_lists_without_moving_curated_ones() -> None:
    lex = lexicon.triggers()
    assert "laud" in lex["support"]["verbs"] and "censure" in lex["opposition"]["verbs"]
    # "condemn" is curated as an accusation (contract): the derived opposition reading does not apply
    assert "condemn" in lex["accusation"]["verbs"] and "condemn" not in lex["opposition"]["verbs"]
