"""The extractor on hand-written news sentences: one or more checks per fact type, modality, date
form and linking rule of the contract (../shared/spec/facts.md).

Tests named `test_contract_gap_*` pin behaviour the contract requires that the extractor does not
yet show; they were reported to the lead and are meant to fail until the rules catch up.
"""

from __future__ import annotations

import pytest

from kg.extract import Extractor, extract_facts
from kg.model import Article, Fact
from kg.text import read_article

pytestmark = pytest.mark.model

# A Wednesday: "on Tuesday" is 2025-08-19, "last year" 2024, "next month" 2025-09.
PUBLISHED = "2025-08-20"

BLR, IRN, RUS, CHN = "country/BLR", "country/IRN", "country/RUS", "country/CHN"
LUKASHENKO, PEZESHKIAN = "person/aleksandr-lukashenko", "person/masoud-pezeshkian"


def run(extractor: Extractor, text: str, published: str = PUBLISHED) -> list[Fact]:
    return extractor.extract(Article(id="t", text=text, published=published))


def ends(fact: Fact) -> tuple[str | None, str | None]:
    return (fact.subject.id if fact.subject else None, fact.object.id if fact.object else None)


def find(facts: list[Fact], type_: str, subject: str | None = None, obj: str | None = None) -> list[Fact]:
    """Facts of a type whose ends have the given entity ids (either order for symmetric types)."""
    out = []
    for f in facts:
        if f.type != type_:
            continue
        s, o = ends(f)
        pairs = [(s, o), (o, s)] if f.symmetric else [(s, o)]
        if any((subject is None or a == subject) and (obj is None or b == obj) for a, b in pairs):
            out.append(f)
    return out


def one(facts: list[Fact], type_: str, subject: str | None = None, obj: str | None = None) -> Fact:
    found = find(facts, type_, subject, obj)
    assert len(found) == 1, f"expected one {type_}({subject} -> {obj}), got {[ends(f) for f in facts]}"
    return found[0]


# --- visit and meeting ---------------------------------------------------------------------------


def test_visit_person_to_country_with_weekday_date(extractor: Extractor) -> None:
    facts = run(extractor, "Iranian President Masoud Pezeshkian visited Belarus on Wednesday.")
    visit = one(facts, "visit", PEZESHKIAN, BLR)
    assert visit.subject.kind == "person" and visit.subject.country == "IRN"
    assert visit.subject.label == "Masoud Pezeshkian"
    assert visit.object.kind == "country" and visit.object.qid == "Q184" and visit.object.country == "BLR"
    assert visit.date == PUBLISHED and visit.modality == "asserted"


def test_meeting_between_leaders_is_symmetric_and_located(extractor: Extractor) -> None:
    text = (
        "Belarusian President Alexander Lukashenko met Iranian President Masoud Pezeshkian "
        "in Minsk on Tuesday."
    )
    meeting = one(run(extractor, text), "meeting", PEZESHKIAN, LUKASHENKO)
    assert meeting.date == "2025-08-19"
    assert meeting.attributes.get("location") == "Belarus"
    assert {meeting.subject.country, meeting.object.country} == {"BLR", "IRN"}


def test_meeting_abroad_implies_visit_of_guest(extractor: Extractor) -> None:
    text = (
        "Chinese Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Beijing on Thursday."
    )
    facts = run(extractor, text)
    meeting = one(facts, "meeting")
    assert {meeting.subject.label, meeting.object.label} == {"Wang Yi", "Sergei Lavrov"}
    visit = one(facts, "visit", obj=CHN)
    assert visit.subject.label == "Sergei Lavrov" and visit.subject.country == "RUS"
    assert visit.date == "2025-08-14"


def test_host_verb_gives_visit_with_host(extractor: Extractor) -> None:
    facts = run(extractor, "Aleksandr Lukashenko hosted Masoud Pezeshkian.")
    visit = one(facts, "visit", PEZESHKIAN, BLR)
    assert visit.attributes.get("host") == "Aleksandr Lukashenko"
    one(facts, "meeting", LUKASHENKO, PEZESHKIAN)


def test_meeting_of_several_leaders_is_one_per_pair(extractor: Extractor) -> None:
    text = "Putin, Xi Jinping and Narendra Modi met in Kazan on October 22, 2024."
    meetings = find(run(extractor, text), "meeting")
    pairs = {frozenset(ends(f)) for f in meetings}
    assert pairs == {
        frozenset({"person/vladimir-putin", "person/xi-jinping"}),
        frozenset({"person/vladimir-putin", "person/narendra-modi"}),
        frozenset({"person/xi-jinping", "person/narendra-modi"}),
    }
    assert len(meetings) == 3 and {f.date for f in meetings} == {"2024-10-22"}


def test_country_level_meeting_when_no_person_is_named(extractor: Extractor) -> None:
    facts = run(extractor, "The United States and Iran held talks in Oman on August 18.")
    meeting = one(facts, "meeting", "country/USA", IRN)
    assert meeting.date == "2025-08-18" and meeting.attributes.get("location") == "Oman"


def test_attending_summit_abroad_is_visit_to_host(extractor: Extractor) -> None:
    visit = one(run(extractor, "Lukashenko attended the SCO summit in Tianjin."), "visit", LUKASHENKO, CHN)
    assert visit.modality == "asserted"


def test_contract_attending_summit_in_named_country_is_visit(extractor: Extractor) -> None:
    one(run(extractor, "Lukashenko attended the SCO summit in China."), "visit", LUKASHENKO, CHN)


# --- position ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "country", "role"),
    [
        (
            "Iranian President Masoud Pezeshkian visited Belarus on Wednesday.",
            PEZESHKIAN,
            IRN,
            "head_of_state",
        ),
        (
            "Hungarian Prime Minister Viktor Orban criticised the European Union.",
            "person/viktor-orban",
            "country/HUN",
            "head_of_government",
        ),
        (
            "Iran's foreign minister Abbas Araghchi visited Moscow.",
            "person/abbas-araghchi",
            IRN,
            "foreign_minister",
        ),
        (
            "The Russian ambassador to Belarus, Boris Gryzlov, met Lukashenko.",
            "person/boris-gryzlov",
            RUS,
            "ambassador",
        ),
        ("Alexander Lukashenko, the president of Belarus, visited China.", LUKASHENKO, BLR, "head_of_state"),
    ],
)
def test_position_from_title(extractor: Extractor, text: str, person: str, country: str, role: str) -> None:
    position = one(run(extractor, text), "position", person, country)
    assert position.attributes.get("role") == role
    assert position.subject.country == country.split("/")[1]


def test_former_office_holder_is_other_and_international_office_no_position(extractor: Extractor) -> None:
    facts = run(extractor, "Former Ukrainian President Petro Poroshenko visited Poland.")
    position = one(facts, "position", "person/petro-poroshenko", "country/UKR")
    assert position.attributes.get("role") == "other"
    facts = run(extractor, "UN Secretary-General Antonio Guterres visited Iran.")
    assert not find(facts, "position")
    one(facts, "visit", "person/antonio-guterres", IRN)


def test_contract_position_from_copular_sentence(extractor: Extractor) -> None:
    facts = run(extractor, "Alexander Lukashenko is the president of Belarus.")
    assert one(facts, "position", LUKASHENKO, BLR).attributes.get("role") == "head_of_state"


def test_reference_person_carries_qid(extractor: Extractor) -> None:
    visit = one(run(extractor, "Putin will visit China next month."), "visit", "person/vladimir-putin", CHN)
    assert visit.subject.qid == "Q7747" and visit.subject.country == "RUS"
    assert visit.object.qid == "Q148"


# --- membership ----------------------------------------------------------------------------------


def test_membership_joined_with_month_date(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus joined the Shanghai Cooperation Organisation in July 2024.")
    member = one(facts, "membership", BLR, "org/SCO")
    assert member.object.kind == "organization"
    assert member.attributes.get("status") == "member"
    assert member.date == "2024-07" and member.modality == "asserted"


def test_membership_of_coordinated_members_and_abbreviation(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus and Russia are members of the Eurasian Economic Union.")
    one(facts, "membership", BLR, "org/EAEU")
    one(facts, "membership", RUS, "org/EAEU")
    one(run(extractor, "Armenia is a member of the EAEU."), "membership", "country/ARM", "org/EAEU")


@pytest.mark.parametrize(
    ("text", "country", "org"),
    [
        ("Armenia left the Collective Security Treaty Organization.", "country/ARM", "org/CSTO"),
        ("Kazakhstan declined to join BRICS.", "country/KAZ", "org/BRICS"),
        ("Iran is not a member of the EAEU.", IRN, "org/EAEU"),
    ],
)
def test_membership_left_or_declined_is_negated(
    extractor: Extractor, text: str, country: str, org: str
) -> None:
    assert one(run(extractor, text), "membership", country, org).modality == "negated"


def test_membership_candidate_is_applicant(extractor: Extractor) -> None:
    text = "Armenia has been a candidate for EU membership since 2024."
    member = one(run(extractor, text), "membership", "country/ARM", "org/EU")
    assert member.attributes.get("status") == "applicant" and member.date == "2024"


def test_contract_membership_application_is_applicant(extractor: Extractor) -> None:
    member = one(
        run(extractor, "Armenia applied to join the European Union."), "membership", "country/ARM", "org/EU"
    )
    assert member.attributes.get("status") == "applicant"


def test_contract_membership_statuses_of_one_article_are_kept_apart(extractor: Extractor) -> None:
    # An undated full membership must not be merged away by a dated observer status of the same pair.
    text = "Belarus joined the SCO as a full member. Minsk had been an observer since 2015."
    statuses = {f.attributes.get("status") for f in find(run(extractor, text), "membership", BLR, "org/SCO")}
    assert statuses == {"member", "observer"}


# --- agreement and cooperation -------------------------------------------------------------------


def test_agreement_between_countries_with_month_year(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus and Iran signed an agreement on transport in March 2024.")
    agreement = one(facts, "agreement", BLR, IRN)
    assert agreement.date == "2024-03" and agreement.modality == "asserted"
    assert agreement.attributes.get("topic")


@pytest.mark.parametrize(
    ("text", "a", "b"),
    [
        ("Putin signed a treaty with North Korea in June 2024.", RUS, "country/PRK"),
        ("Xi Jinping and Vladimir Putin signed a joint statement in Moscow last year.", CHN, RUS),
    ],
)
def test_agreement_signed_by_leaders_is_between_states(
    extractor: Extractor, text: str, a: str, b: str
) -> None:
    facts = run(extractor, text)
    agreement = one(facts, "agreement", a, b)
    assert agreement.subject.kind == agreement.object.kind == "country"
    assert not [f for f in facts if f.type == "agreement" and "person" in (f.subject.kind, f.object.kind)]


def test_agreement_planned(extractor: Extractor) -> None:
    facts = run(extractor, "China and Russia will sign a new trade agreement next week.")
    assert one(facts, "agreement", CHN, RUS).modality == "planned"


@pytest.mark.parametrize(
    "text",
    [
        "Belarus stands ready to cooperate with Iran in healthcare.",
        "Iran and Belarus plan to expand cooperation in agriculture.",
    ],
)
def test_ready_or_plan_to_cooperate_is_planned(extractor: Extractor, text: str) -> None:
    assert one(run(extractor, text), "cooperation", BLR, IRN).modality == "planned"


def test_agreed_to_cooperate_is_asserted_cooperation(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus and Iran agreed to cooperate in agriculture.")
    cooperation = one(facts, "cooperation", IRN, BLR)
    assert cooperation.modality == "asserted" and cooperation.date is None
    assert "agriculture" in cooperation.attributes.get("topic", "")


# --- trade ---------------------------------------------------------------------------------------


def test_trade_export_value_currency_period(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus exported $100 million worth of tractors to Iran last year.")
    trade = one(facts, "trade", BLR, IRN)
    assert trade.attributes["value"] == 100_000_000
    assert trade.attributes["currency"] == "USD"
    assert trade.attributes["period"] == "2024" and trade.date == "2024"


def test_trade_import_reverses_direction(extractor: Extractor) -> None:
    facts = run(extractor, "China imported oil worth 2 billion euros from Russia in January.")
    trade = one(facts, "trade", RUS, CHN)
    assert trade.attributes["currency"] == "EUR" and trade.attributes["value"] == 2_000_000_000
    assert trade.date == "2025-01"
    assert not find(facts, "trade", CHN, RUS)


def test_trade_total_without_direction_yields_no_trade(extractor: Extractor) -> None:
    facts = run(extractor, "Bilateral trade between Belarus and Iran reached $6 billion last year.")
    assert not find(facts, "trade")


# --- support, opposition, accusation ------------------------------------------------------------


def test_support_between_countries(extractor: Extractor) -> None:
    support = one(run(extractor, "Russia praised China for its support."), "support", RUS, CHN)
    assert support.modality == "asserted"
    assert not find(run(extractor, "Russia praised China for its support."), "support", CHN, RUS)


def test_congratulation_is_support_of_person_named_by_surname(extractor: Extractor) -> None:
    text = "Chinese President Xi Jinping congratulated Pezeshkian on his election."
    support = one(run(extractor, text), "support", "person/xi-jinping", PEZESHKIAN)
    assert support.object.country == "IRN" and support.subject.qid == "Q15031"


def test_opposition_of_leader_to_organization(extractor: Extractor) -> None:
    text = "Hungarian Prime Minister Viktor Orban criticised the European Union."
    opposition = one(run(extractor, text), "opposition", "person/viktor-orban", "org/EU")
    assert opposition.object.qid == "Q458" and opposition.subject.country == "HUN"


def test_opposition_of_bloc(extractor: Extractor) -> None:
    opposition = one(run(extractor, "The West criticised Iran."), "opposition", obj=IRN)
    assert opposition.subject.kind == "bloc" and opposition.subject.label == "the West"


def test_accusation_is_alleged_with_topic(extractor: Extractor) -> None:
    accusation = one(
        run(extractor, "Ukraine accused Russia of attacking civilians."), "accusation", "country/UKR", RUS
    )
    # The accusation itself happened (the seed's gold: "Iran has been accused of ..." is asserted);
    # what it charges is alleged, and it becomes alleged when the accused denies it.
    assert accusation.modality == "asserted"
    assert "civilians" in accusation.attributes.get("topic", "")


def test_accusation_without_accuser_has_null_subject(extractor: Extractor) -> None:
    facts = run(extractor, "Russia was accused of supplying weapons to North Korea.")
    accusation = one(facts, "accusation", None, RUS)
    assert accusation.subject is None and accusation.modality == "asserted"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Ukraine filed a complaint against Russia at the WTO.", "asserted"),
        ("Ukraine will file a complaint against Russia at the WTO.", "planned"),
    ],
)
def test_formal_complaint_is_accusation(extractor: Extractor, text: str, modality: str) -> None:
    assert one(run(extractor, text), "accusation", "country/UKR", RUS).modality == modality


# --- military aid, sanction, conflict -----------------------------------------------------------


def test_military_aid_with_items(extractor: Extractor) -> None:
    aid = one(run(extractor, "Iran supplied Shahed drones to Russia."), "military_aid", IRN, RUS)
    assert aid.attributes.get("items") == "Shahed drones" and aid.modality == "asserted"


def test_military_aid_to_armed_group(extractor: Extractor) -> None:
    aid = one(run(extractor, "Iran supplied weapons to Hezbollah."), "military_aid", IRN, "org/HEZBOLLAH")
    assert aid.object.kind == "organization"


def test_sanction_imposed_with_weekday(extractor: Extractor) -> None:
    facts = run(extractor, "The United States imposed sanctions on Iran on Monday.")
    sanction = one(facts, "sanction", "country/USA", IRN)
    assert sanction.date == "2025-08-18" and sanction.subject.qid == "Q30"


def test_sanction_lifted_is_negated(extractor: Extractor) -> None:
    facts = run(extractor, "The European Union lifted sanctions on Syria.")
    assert one(facts, "sanction", "org/EU", "country/SYR").modality == "negated"


def test_recalling_ambassador_is_sanction(extractor: Extractor) -> None:
    one(run(extractor, "Lithuania recalled its ambassador from Minsk."), "sanction", "country/LTU", BLR)


def test_breaking_off_relations_is_sanction(extractor: Extractor) -> None:
    facts = run(extractor, "Belarus broke off diplomatic relations with Lithuania in 2021.")
    sanction = one(facts, "sanction", BLR, "country/LTU")
    assert sanction.date == "2021" and sanction.modality == "asserted"


def test_contract_closing_airspace_is_sanction(extractor: Extractor) -> None:
    one(run(extractor, "Canada closed its airspace to Russian aircraft."), "sanction", "country/CAN", RUS)


def test_contract_halting_trade_is_sanction(extractor: Extractor) -> None:
    # Halting trade against a state is a sanction that happened (asserted), not a lifted one.
    sanction = one(run(extractor, "Russia halted gas exports to Lithuania."), "sanction", RUS, "country/LTU")
    assert sanction.modality == "asserted"


@pytest.mark.parametrize(
    ("text", "a", "b", "date"),
    [
        ("Russia invaded Ukraine in February 2022.", RUS, "country/UKR", "2022-02"),
        (
            "Armenia and Azerbaijan clashed on the border in March 2024.",
            "country/ARM",
            "country/AZE",
            "2024-03",
        ),
        ("India and Pakistan fought a brief war in May.", "country/IND", "country/PAK", "2025-05"),
    ],
)
def test_conflict_between_states(extractor: Extractor, text: str, a: str, b: str, date: str) -> None:
    conflict = one(run(extractor, text), "conflict", a, b)
    assert conflict.date == date and conflict.modality == "asserted"


def test_contract_at_war_with_is_conflict(extractor: Extractor) -> None:
    one(
        run(extractor, "Russia has been at war with Ukraine since February 2022."),
        "conflict",
        RUS,
        "country/UKR",
    )


# --- modality ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Putin will visit China next month.", "2025-09"),
        ("Russian President Vladimir Putin is expected to visit China in December.", "2025-12"),
    ],
)
def test_planned_visit(extractor: Extractor, text: str, date: str) -> None:
    visit = one(run(extractor, text), "visit", "person/vladimir-putin", CHN)
    assert visit.modality == "planned" and visit.date == date


def test_reportedly_is_alleged(extractor: Extractor) -> None:
    facts = run(extractor, "Russia reportedly supplied weapons to North Korea.")
    assert one(facts, "military_aid", RUS, "country/PRK").modality == "alleged"


def test_one_side_alleges_other_denies_is_alleged(extractor: Extractor) -> None:
    text = "Ukraine accused Russia of supplying weapons to separatists, which Moscow denied."
    assert one(run(extractor, text), "accusation", "country/UKR", RUS).modality == "alleged"


def test_contract_denied_accusation_is_alleged(extractor: Extractor) -> None:
    # One side alleges (the accusations), the other denies: the contract reads this as `alleged`.
    facts = run(extractor, "Iran denied accusations that it supplied drones to Russia.")
    assert one(facts, "military_aid", IRN, RUS).modality == "alleged"


@pytest.mark.parametrize(
    ("text", "type_", "a", "b"),
    [
        ("Lukashenko did not visit Iran.", "visit", LUKASHENKO, IRN),
        ("Putin did not meet Zelensky.", "meeting", "person/vladimir-putin", "person/volodymyr-zelensky"),
        (
            "Vladimir Putin denied that Russia supplied weapons to North Korea.",
            "military_aid",
            RUS,
            "country/PRK",
        ),
    ],
)
def test_negated(extractor: Extractor, text: str, type_: str, a: str, b: str) -> None:
    assert one(run(extractor, text), type_, a, b).modality == "negated"


@pytest.mark.parametrize(
    "text",
    [
        "Will Putin visit China?",
        "Did Putin meet Xi?",
        "Would Putin visit Minsk?",
        "If Ukraine joined NATO, Russia would attack it.",
        "If Armenia joined the EAEU, Russia would benefit.",
    ],
)
def test_questions_and_hypotheticals_yield_nothing(extractor: Extractor, text: str) -> None:
    assert run(extractor, text) == []


def test_contract_inverted_conditional_yields_nothing(extractor: Extractor) -> None:
    assert run(extractor, "Should Iran join the Eurasian Economic Union, trade would grow.") == []


# --- dates ---------------------------------------------------------------------------------------


def test_date_is_null_without_time_expression(extractor: Extractor) -> None:
    facts = run(extractor, "Iran supplied Shahed drones to Russia.")
    assert facts and all(f.date is None for f in facts)


def test_relative_dates_follow_publication_date(extractor: Extractor) -> None:
    text = "Belarus exported $100 million worth of tractors to Iran last year."
    assert one(run(extractor, text, published="2021-03-01"), "trade").date == "2020"
    text = "The United States imposed sanctions on Iran on Monday."
    assert one(run(extractor, text, published="2024-01-05"), "sanction").date == "2024-01-01"


# --- linking -------------------------------------------------------------------------------------


def test_surname_after_full_name_is_one_entity(extractor: Extractor) -> None:
    text = (
        "Belarusian President Alexander Lukashenko arrived in Tehran on Monday. "
        "Lukashenko met Iranian President Masoud Pezeshkian."
    )
    facts = run(extractor, text)
    visit = one(facts, "visit", LUKASHENKO, IRN)
    meeting = one(facts, "meeting", LUKASHENKO, PEZESHKIAN)
    assert visit.subject == next(e for e in (meeting.subject, meeting.object) if e.id == LUKASHENKO)
    assert visit.subject.label == "Aleksandr Lukashenko"  # canonical label, not the surface "Alexander"


@pytest.mark.parametrize(
    ("text", "type_", "a", "b"),
    [
        (
            "Iranian President Masoud Pezeshkian arrived in Minsk on Tuesday. "
            "He held talks with the Belarusian president.",
            "meeting",
            PEZESHKIAN,
            LUKASHENKO,
        ),
        (
            "Iranian President Masoud Pezeshkian held talks with Alexander Lukashenko. "
            "Pezeshkian thanked his Belarusian counterpart for the hospitality.",
            "support",
            PEZESHKIAN,
            LUKASHENKO,
        ),
        (
            "Iranian President Masoud Pezeshkian visited Belarus. The Iranian president met Lukashenko.",
            "meeting",
            PEZESHKIAN,
            LUKASHENKO,
        ),
        (
            "Iranian President Masoud Pezeshkian visited Minsk. He praised Belarus.",
            "support",
            PEZESHKIAN,
            BLR,
        ),
    ],
)
def test_role_nouns_resolve_to_the_person(
    extractor: Extractor, text: str, type_: str, a: str, b: str
) -> None:
    fact = one(run(extractor, text), type_, a, b)
    assert fact.subject.kind == "person" and fact.subject.label == "Masoud Pezeshkian"


def test_contract_bare_counterpart_resolves(extractor: Extractor) -> None:
    text = "Vladimir Putin met Xi Jinping in Moscow. Putin praised his counterpart."
    one(run(extractor, text), "support", "person/vladimir-putin", "person/xi-jinping")


@pytest.mark.parametrize(
    ("text", "type_", "a", "b"),
    [
        ("Tehran exported $2 billion of oil to China in 2023.", "trade", IRN, CHN),
        ("The Kremlin praised Minsk.", "support", RUS, BLR),
        ("Moscow accused Washington of interfering in its affairs.", "accusation", RUS, "country/USA"),
        ("Iranian and Belarusian officials signed 12 documents on Wednesday.", "agreement", IRN, BLR),
        ("Türkiye signed a defence agreement with Azerbaijan.", "agreement", "country/TUR", "country/AZE"),
        ("Western countries imposed sanctions on Belarus.", "sanction", "bloc/the-west", BLR),
    ],
)
def test_capitals_seats_demonyms_and_variants_link(
    extractor: Extractor, text: str, type_: str, a: str, b: str
) -> None:
    fact = one(run(extractor, text), type_, a, b)
    for entity in (fact.subject, fact.object):
        if entity.kind == "country":
            assert entity.country == entity.id.split("/")[1] and entity.qid


def test_same_country_under_two_names_is_no_relation(extractor: Extractor) -> None:
    assert run(extractor, "Russia and the Russian Federation agreed to cooperate.") == []


# --- evidence and span ---------------------------------------------------------------------------


def test_evidence_is_the_sentence_and_span_slices_it(extractor: Extractor) -> None:
    text = (
        "Iranian President Masoud Pezeshkian visited Belarus on Wednesday. "
        "Belarus exported $100 million worth of tractors to Iran last year. "
        "Iran supplied Shahed drones to Russia."
    )
    facts = run(extractor, text)
    evidence = {f.type: f.evidence for f in facts}
    assert evidence["visit"] == "Iranian President Masoud Pezeshkian visited Belarus on Wednesday."
    assert evidence["trade"] == "Belarus exported $100 million worth of tractors to Iran last year."
    assert evidence["military_aid"] == "Iran supplied Shahed drones to Russia."
    for fact in facts:
        assert fact.span is not None and text[fact.span[0] : fact.span[1]] == fact.evidence
        assert fact.article == "t"


def test_contract_span_excludes_paragraph_break(extractor: Extractor) -> None:
    # A sentence ending a paragraph: its span must still slice exactly the evidence out of the text.
    article = read_article(
        "MINSK, Aug 20 (Reuters) - Iranian President Masoud Pezeshkian arrived in Minsk on Wednesday."
        "\n\nBelarus exported $5 million of potash to Iran last year.",
        article_id="dateline",
        published=PUBLISHED,
    )
    facts = extractor.extract(article)
    assert find(facts, "visit", PEZESHKIAN, BLR) and find(facts, "trade", BLR, IRN)
    for fact in facts:
        assert article.text[fact.span[0] : fact.span[1]] == fact.evidence


def test_extract_facts_uses_the_shared_extractor(extractor: Extractor) -> None:
    article = Article(id="s", text="Iran supplied Shahed drones to Russia.", published=PUBLISHED)
    assert extractor is Extractor.shared()
    assert [f.to_dict() for f in extract_facts(article)] == [f.to_dict() for f in extractor.extract(article)]


# --- patterns of news English beyond the dev corpus --------------------------------------------


def test_passive_visit(extractor: Extractor) -> None:
    facts = run(extractor, "Vietnam was visited by U.S. President Joe Biden in September.", "2023-09-20")
    assert one(facts, "visit", "person/joe-biden", "country/VNM").date == "2023-09"


def test_talks_between_two_named_countries_are_a_meeting(extractor: Extractor) -> None:
    facts = run(extractor, "Talks between Armenia and Azerbaijan resumed in Washington on Monday.")
    assert one(facts, "meeting", "country/ARM", "country/AZE").attributes.get("location") == "United States"


def test_leaders_who_discussed_met(extractor: Extractor) -> None:
    text = (
        "President Emmanuel Macron hosted German Chancellor Olaf Scholz in Paris on Monday. "
        "The two leaders discussed Ukraine and the Middle East."
    )
    facts = run(extractor, text)
    one(facts, "meeting", "person/emmanuel-macron", "person/olaf-scholz")
    assert not find(facts, "visit", None, "country/UKR")  # what they discussed is not where they were


def test_exchanged_strikes_are_a_conflict(extractor: Extractor) -> None:
    facts = run(extractor, "Iran and Pakistan exchanged missile strikes in January.", "2024-03-10")
    assert one(facts, "conflict", IRN, "country/PAK").date == "2024-01"


def test_restored_relations_are_cooperation(extractor: Extractor) -> None:
    facts = run(extractor, "Saudi Arabia and Iran restored diplomatic relations in March.", "2023-09-20")
    assert one(facts, "cooperation", "country/SAU", IRN).date == "2023-03"


def test_sanctioned_for_supplying_makes_the_sanctioned_the_alleged_supplier(extractor: Extractor) -> None:
    text = "The US Treasury sanctioned three Iranian companies for supplying drones to Russia."
    facts = run(extractor, text)
    one(facts, "sanction", "country/USA", IRN)
    assert one(facts, "military_aid", IRN, RUS).modality == "alleged"


def test_backing_a_bid_supports_the_bidder_who_applies(extractor: Extractor) -> None:
    facts = run(extractor, "France backed Ukraine's bid to join the European Union.")
    one(facts, "support", "country/FRA", "country/UKR")
    assert one(facts, "membership", "country/UKR", "org/EU").attributes["status"] == "applicant"


def test_counterfactuals_and_requests_yield_nothing(extractor: Extractor) -> None:
    assert not run(extractor, "If Argentina had accepted, it would have been a member of BRICS.")
    assert not find(run(extractor, "Trump urged Syria to normalise relations with Israel."), "cooperation")


def test_pledged_military_aid(extractor: Extractor) -> None:
    text = "Germany pledged 500 million euros in military aid to Ukraine, including air defence systems."
    one(run(extractor, text), "military_aid", "country/DEU", "country/UKR")


def test_plural_and_singular_trigger_forms(extractor: Extractor) -> None:
    facts = run(extractor, "South Korea and Japan held joint naval drills last month.")
    one(facts, "cooperation", "country/KOR", "country/JPN")


def test_refusing_to_condemn_an_invasion_leaves_the_invasion_asserted(extractor: Extractor) -> None:
    facts = run(extractor, "India has refused to condemn Russia's invasion of Ukraine.", "2024-07-09")
    assert one(facts, "conflict", RUS, "country/UKR").modality == "asserted"
    # condemning an act is an accusation of its author (contract conventions)
    assert one(facts, "accusation", "country/IND", RUS).modality == "negated"


def test_a_possible_trip_is_planned(extractor: Extractor) -> None:
    facts = run(extractor, "The two leaders discussed a possible trip by Vladimir Putin to Turkey.")
    assert one(facts, "visit", "person/vladimir-putin", "country/TUR").modality == "planned"


def test_talks_on_a_trip_are_held_where_the_trip_goes(extractor: Extractor) -> None:
    text = (
        "Narendra Modi is expected to travel to Vienna on Wednesday "
        "for talks with Austrian Chancellor Karl Nehammer."
    )
    meeting = one(
        run(extractor, text, "2024-07-09"), "meeting", "person/narendra-modi", "person/karl-nehammer"
    )
    assert meeting.attributes.get("location") == "Austria"
    assert meeting.modality == "planned"


def test_president_of_an_institution_is_not_head_of_state(extractor: Extractor) -> None:
    text = "French National Assembly president Laurent Fabius held talks with Romania's leaders."
    position = one(run(extractor, text), "position", "person/laurent-fabius", "country/FRA")
    assert position.attributes["role"] == "other"


def test_being_somewhere_for_a_visit_and_joint_operations(extractor: Extractor) -> None:
    facts = run(extractor, "Kazakhstan's president is in India for a two-day visit.", "2024-02-10")
    one(facts, "visit", None, "country/IND")
    facts = run(extractor, "Australia and the Philippines conducted joint patrols in the South China Sea.")
    assert one(facts, "cooperation", "country/AUS", "country/PHL").attributes["topic"] == "joint patrols"
