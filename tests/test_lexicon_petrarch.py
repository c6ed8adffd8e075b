"""The lexicon derived from PETRARCH-2's dictionaries (kg.nlp.build_lexicon): parsing on small excerpts
written here (the tests do not read ../shared), the loader's merge with the curated lists, and
sentences written for the derived words."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.model import Article, Fact
from kg.nlp import build_lexicon, lexicon

CAMEO_EXCERPT = """\
&TREATY
+TREATY
+WRITTEN_AGREEMENT

&TOWN
+TOWN
+VILLAGE

---  SIGN   [---]  ---
SIGN
- * PROTOCOL                                          [057]         # SIGN
- * &TREATY                                           [057]         # SIGN
- * LAW                                               [057]         # SIGN

---  LODGE   [---]  ---
LODGE
- * COMPLAINT                                         [114]         # LODGE
- * (WITH)                                            [114]         # LODGE

---  UNLEASH   [---]  ---
UNLEASH
- * {BLOODY RAID}                                     [190]         # UNLEASH
- * &TOWN                                             [190]         # UNLEASH

---  SOUND   [---]  ---
VOICE
- * UNEASE                                            [110]         # SOUND
- * ARREST                                            [110]         # SOUND
- * MEETING                                           [036]         # SOUND
"""


def test_word_sets_read_members_as_spaced_lower_case_phrases() -> None:
    sets = build_lexicon.word_sets(CAMEO_EXCERPT)
    assert sets["&TREATY"] == ["treaty", "written agreement"]


def test_phrase_patterns_give_object_nouns_and_the_verbs_before_them() -> None:
    found = build_lexicon.derive_patterns(CAMEO_EXCERPT)
    # a word, an allowed set's heads, a {...} phrase's head; a prepositional slot, a set naming
    # what is acted on (&TOWN) and codes of no fact type give nothing
    assert set(found[("agreement", "nouns")]) == {"protocol", "treaty", "agreement", "law"}
    assert found[("accusation", "complaint_nouns")] == {"complaint": {"lodge"}}
    assert found[("conflict", "nouns")] == {"raid": {"unleash"}}
    assert set(found[("opposition", "concern_nouns")]) == {"unease", "arrest"}
    assert not any("meeting" in words for words in found.values())


def test_review_leaves_words_out_and_phrase_verbs_follow_kept_nouns() -> None:
    derived = build_lexicon.derive_nouns(CAMEO_EXCERPT)
    assert derived[("agreement", "nouns")] == {"protocol", "treaty", "agreement"}  # "signed into law"
    assert derived[("opposition", "concern_nouns")] == {"unease"}  # the act disapproved of is out
    assert derived[("accusation", "complaint_verbs")] == {"lodge"}
    assert derived[("conflict", "wage_verbs")] == {"unleash"}


def test_build_writes_attributed_toml_with_verbs_and_nouns(tmp_path: Path) -> None:
    (tmp_path / "CAMEO.2.0.txt").write_text(
        CAMEO_EXCERPT + "\n---  PRAISE   [051]  ---\nPRAISE\n", encoding="utf-8"
    )
    out = tmp_path / "derived.toml"
    build_lexicon.main([str(tmp_path), "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    derived = tomllib.loads(text)
    assert derived["support"]["verbs"] == ["praise"]
    assert derived["agreement"]["nouns"] == ["agreement", "protocol", "treaty"]
    assert "MIT" in text and "Open Event Data" in text
    build_lexicon.main([str(tmp_path), "--out", str(tmp_path / "again.toml")])
    assert (tmp_path / "again.toml").read_text(encoding="utf-8") == text  # deterministic


def test_loader_adds_derived_words_and_curated_ones_win(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "triggers.toml").write_text(
        '[opposition]\nconcern_nouns = ["concern"]\n[accusation]\nverbs = ["condemn"]\n', encoding="utf-8"
    )
    (tmp_path / "petrarch_triggers.toml").write_text(
        '[opposition]\nconcern_nouns = ["unease", "concern"]\nverbs = ["condemn", "censure"]\n'
        '[conflict]\nnouns = ["raid"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.triggers.cache_clear()
    try:
        lex = lexicon.triggers()
    finally:
        lexicon.triggers.cache_clear()
    assert lex["opposition"]["concern_nouns"] == ["concern", "unease"]  # no duplicate
    # curated as an accusation: the derived opposition reading does not apply
    assert lex["opposition"]["verbs"] == ["censure"]
    assert lex["accusation"]["verbs"] == ["condemn"]
    assert lex["conflict"]["nouns"] == ["raid"]  # a key the curated file lacks is created


def test_shipped_lexicon_holds_derived_nouns() -> None:
    lex = lexicon.triggers()
    assert "indignation" in lex["opposition"]["concern_nouns"]
    assert "congratulations" in lex["support"]["stance_nouns"]
    assert "assault" in lex["conflict"]["nouns"]
    assert "protocol" in lex["agreement"]["nouns"]
    # reviewed out: a police "operation", a "boycott" of a summit
    assert "operation" not in lex["conflict"]["nouns"] and "boycott" not in lex["sanction"]["nouns"]


# --- sentences written for the derived words ------------------------------------------------------


def _pairs(extractor: Extractor, text: str, type_: str) -> set[tuple[str | None, str | None]]:
    facts: list[Fact] = extractor.extract(Article(id="t", text=text, published="2025-08-20"))
    return {
        (f.subject.label if f.subject else None, f.object.label if f.object else None)
        for f in facts
        if f.type == type_
    }


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "type_", "pair"),
    [
        (
            "Peru expressed indignation over Chile's decision to close the border.",
            "opposition",
            ("Peru", "Chile"),
        ),
        ("Fiji voiced frustration with Australia.", "opposition", ("Fiji", "Australia")),
        ("Egypt conveyed its congratulations to Kenya on the election.", "support", ("Egypt", "Kenya")),
        ("Chile expressed its endorsement of Peru.", "support", ("Chile", "Peru")),
        ("Armenia launched an assault on Azerbaijan in March.", "conflict", ("Armenia", "Azerbaijan")),
        ("Ecuador filed a suit against Colombia at the court.", "accusation", ("Ecuador", "Colombia")),
    ],
)
def test_derived_noun_yields_a_fact(
    extractor: Extractor, text: str, type_: str, pair: tuple[str, str]
) -> None:
    assert pair in _pairs(extractor, text, type_)


# --- titles from the Phoenix agents dictionary ----------------------------------------------------

AGENTS_EXCERPT = """\
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES
EMISSARY [~GOV]
FOREIGN_AFFAIRS_MINISTRY [~GOV]
!MINIST! OF_EXTERNAL_RELATIONS [~GOV]
!MINIST! OF_MINES [~GOV]
CHIEF_MINISTER [~GOV]
GOVERNMENT_SPOKES!PERSON! [~GOV]
FARMER [~AGR]
"""


def test_agents_give_title_phrases_with_contract_roles() -> None:
    roles = build_lexicon.derive_agents(AGENTS_EXCERPT)
    assert roles == {
        "emissary": "ambassador",
        "minister of external relations": "foreign_minister",
        "minister of mines": "minister",
    }  # bodies, a state's chief minister and non-government agents stay out


FORCES_EXCERPT = """\
AIRMAN {} [~MIL]
BATTALION [~MIL]
MARINES [~MIL]
CARRIER [~MIL]
AIR_FORCE [~MIL]
ARMS_INDUSTRY [~BUSMIL]
INFANTRY [~MIL]
"""


def test_military_agents_give_force_nouns_with_their_plurals() -> None:
    # phrases, other codes and reviewed-out words stay out
    expected = {"airman", "airmen", "battalion", "battalions", "marines", "infantry", "infantries"}
    assert build_lexicon.derive_forces(FORCES_EXCERPT) == expected


def test_only_titles_that_change_the_curated_reading_are_kept() -> None:
    derived = build_lexicon.derive_agents(AGENTS_EXCERPT)
    kept = build_lexicon.novel_titles(derived, {"minister": "minister", "envoy": "ambassador"})
    assert kept == {"emissary": "ambassador", "minister of external relations": "foreign_minister"}


def test_title_loader_merges_derived_phrases_and_curated_roles_win(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "roles.csv").write_text("phrase,role\nemissary,other\nminister,minister\n", encoding="utf-8")
    (tmp_path / "petrarch_roles.csv").write_text(
        "# MIT\nphrase,role\nemissary,ambassador\nlegate,ambassador\n", encoding="utf-8"
    )
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.title_roles.cache_clear()
    try:
        roles = lexicon.title_roles()
    finally:
        lexicon.title_roles.cache_clear()
    assert roles == {"emissary": "other", "minister": "minister", "legate": "ambassador"}


@pytest.mark.model
def test_derived_title_yields_a_position(extractor: Extractor) -> None:
    facts = extractor.extract(
        Article(
            id="t", text="Brazil's emissary, Ana Souza, arrived in Lima on Monday.", published="2025-08-20"
        )
    )
    assert [
        (f.subject.label, f.object.label, f.attributes["role"]) for f in facts if f.type == "position"
    ] == [("Ana Souza", "Brazil", "ambassador")]


def test_word_lists_of_helper_tables_do_not_hold_derived_triggers_back() -> None:
    """A derived word is kept out of a fact type's list only where a fact type's table curates it; the
    helper lists of the act readers ([acts]) are no such place ("raid" stays a conflict noun, though
    "the raid" is also a deed an accusation may point back to)."""
    lex = lexicon.triggers()
    assert "raid" in lex["acts"]["deed_anaphors"]
    assert {"raid", "airstrike"} <= set(lex["conflict"]["nouns"])
    assert {"warplane", "bomber"} <= set(lex["military_aid"]["items"])
