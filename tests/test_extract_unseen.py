"""Patterns of news English the extractor was not first shaped on (issue "Extraction on news nobody
tuned for"): each test is a sentence written for it, not a corpus quote."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.model import Article, Fact

pytestmark = pytest.mark.model

PUBLISHED = "2025-08-20"


def run(extractor: Extractor, text: str) -> list[Fact]:
    return extractor.extract(Article(id="t", text=text, published=PUBLISHED))


def labels(facts: list[Fact], type_: str) -> set[tuple[str | None, str | None]]:
    return {
        (f.subject.label if f.subject else None, f.object.label if f.object else None)
        for f in facts
        if f.type == type_
    }


def test_possessive_title_in_apposition_names_the_country(extractor: Extractor) -> None:
    facts = run(extractor, "Norway's foreign minister, Espen Barth Eide, welcomed the decision.")
    assert ("Espen Barth Eide", "Norway") in labels(facts, "position")


@pytest.mark.parametrize(
    "text",
    [
        "Peru's ambassador to Spain, Rosa Diaz, was ordered home.",
        "Peru's ambassador in Madrid, Rosa Diaz, said the talks were useful.",
    ],
)
def test_ambassador_serves_the_possessive_country_not_the_posting(extractor: Extractor, text: str) -> None:
    facts = run(extractor, text)
    assert labels(facts, "position") == {("Rosa Diaz", "Peru")}


def test_organisation_bringing_together_countries_lists_members(extractor: Extractor) -> None:
    facts = run(
        extractor, "The Shanghai Cooperation Organisation brings together China, Russia and India as members."
    )
    assert {m for m, _ in labels(facts, "membership")} == {"China", "Russia", "India"}
    # "brought sanctions" names no members
    assert not labels(run(extractor, "The African Union brought sanctions against Mali."), "membership")


def test_the_association_points_back_to_the_organisation_named(extractor: Extractor) -> None:
    facts = run(
        extractor,
        "Leaders of Mercosur met in Asuncion on Monday. "
        "The association unites Argentina, Brazil and Paraguay.",
    )
    assert {m for m, _ in labels(facts, "membership")} >= {"Argentina", "Brazil", "Paraguay"}


@pytest.mark.parametrize(
    "text, status",
    [
        (
            "Chile became an observer of the Shanghai Cooperation Organisation, "
            "together with Peru and Ecuador.",
            "observer",
        ),
        ("Chile joined the Shanghai Cooperation Organisation along with Peru and Ecuador.", "member"),
    ],
)
def test_companions_of_a_membership_share_it(extractor: Extractor, text: str, status: str) -> None:
    facts = [f for f in run(extractor, text) if f.type == "membership"]
    assert {f.subject.label for f in facts if f.subject} == {"Chile", "Peru", "Ecuador"}
    assert {f.attributes.get("status") for f in facts} == {status}


@pytest.mark.parametrize(
    "text",
    [
        "Chilean President Gabriel Boric thanked Marin in a phone call on Tuesday.",
        "Boric told Marin during a telephone conversation that the deal was good.",
        "Boric praised Peru in a phone call with Marin.",
    ],
)
def test_words_said_in_a_call_make_a_meeting_without_place(extractor: Extractor, text: str) -> None:
    meetings = [f for f in run(extractor, text) if f.type == "meeting"]
    assert len(meetings) == 1
    assert {meetings[0].subject.label, meetings[0].object.label} == {"Gabriel Boric", "Sanna Marin"}
    assert meetings[0].attributes.get("location") is None


def test_a_speech_is_no_meeting(extractor: Extractor) -> None:
    assert not labels(run(extractor, "Boric criticised Marin in a speech on Tuesday."), "meeting")


def test_inverted_attendance_lists_visitors(extractor: Extractor) -> None:
    facts = run(
        extractor,
        "Attending the summit in Santiago were Argentine President Javier Milei "
        "and Peruvian President Dina Boluarte.",
    )
    assert labels(facts, "visit") == {("Javier Milei", "Chile"), ("Dina Boluarte", "Chile")}
    assert not labels(run(extractor, "Attending the summit, Milei said the deal was good."), "visit")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "During the visit, Chile and Peru signed memoranda of understanding on mining.",
            {("Chile", "Peru")},
        ),
        ("Chile and Peru issued a joint statement on Monday.", {("Chile", "Peru")}),
        ("Bolivia protested over a joint statement issued by Chile and Peru.", {("Chile", "Peru")}),
        ("Chile issued a statement on Monday.", set()),
        ("Chile and Peru issued statements condemning the attack.", set()),
    ],
)
def test_memoranda_and_joint_statements_are_agreements(
    extractor: Extractor, text: str, expected: set[tuple[str, str]]
) -> None:
    found = {tuple(sorted(pair)) for pair in labels(run(extractor, text), "agreement")}
    assert found == expected


def test_later_expulsions_without_a_named_state_follow_the_story(extractor: Extractor) -> None:
    facts = run(
        extractor,
        "Chile expelled three Peruvian diplomats on Monday. Argentina and Uruguay each announced two "
        "expulsions on Tuesday, and Paraguay said it would send one diplomat home.",
    )
    assert labels(facts, "sanction") == {
        ("Chile", "Peru"),
        ("Argentina", "Peru"),
        ("Uruguay", "Peru"),
        ("Paraguay", "Peru"),
    }
    # with no expelled state in the story there is no target to infer
    assert not labels(run(extractor, "Argentina announced two expulsions on Tuesday."), "sanction")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Washington announced a $200 million military aid package for Bogota.",
            {("United States", "Colombia")},
        ),
        (
            "The EU imposed sanctions on Caracas over its supply of drones to Moscow.",
            {("Venezuela", "Russia")},
        ),
        ("Peru took delivery of a batch of Russian helicopters last year.", {("Russia", "Peru")}),
        ("Washington announced a $200 million aid package for Bogota.", set()),
        ("Chile halted deliveries of grain to Peru.", set()),
    ],
)
def test_military_aid_named_as_a_noun(extractor: Extractor, text: str, expected: set) -> None:
    assert labels(run(extractor, text), "military_aid") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The sanctions target Chile's war of aggression against Bolivia.", {("Chile", "Bolivia")}),
        ("The leaders exchanged views on the Chile-Bolivia conflict.", {("Chile", "Bolivia")}),
        (
            "Peru carried out air strikes on militant hideouts in Chile's Tarapaca region.",
            {("Peru", "Chile")},
        ),
        ("Peru carried out air strikes on Thursday.", set()),
    ],
)
def test_conflicts_named_as_nouns(extractor: Extractor, text: str, expected: set) -> None:
    found = {tuple(sorted(pair)) for pair in labels(run(extractor, text), "conflict")}
    assert found == {tuple(sorted(pair)) for pair in expected}


def test_an_official_does_not_serve_the_country_he_acts_on(extractor: Extractor) -> None:
    facts = run(extractor, "State Department spokesman John Smith accused Caracas of fraud.")
    assert not labels(facts, "position")
    assert labels(facts, "accusation") == {("John Smith", "Venezuela")}


@pytest.mark.parametrize("portfolio", ["Justice", "Tourism"])
def test_portfolio_between_country_and_title(extractor: Extractor, portfolio: str) -> None:
    facts = run(extractor, f"Kenyan {portfolio} Minister Peter Otieno visited Uganda.")
    assert labels(facts, "position") == {("Peter Otieno", "Kenya")}
    assert labels(facts, "visit") == {("Peter Otieno", "Uganda")}


@pytest.mark.parametrize("verb", ["spoke with", "held talks with"])
def test_state_media_title_comma_and_honorifics_before_the_name(extractor: Extractor, verb: str) -> None:
    facts = run(
        extractor, f"Prime Minister Sanna Marin {verb} the President of Chile, H.E. Mr. Gabriel Boric, today."
    )
    assert ("Gabriel Boric", "Chile") in labels(facts, "position")
    pairs = {frozenset(p) for p in labels(facts, "meeting")}
    assert pairs == {frozenset({"Sanna Marin", "Gabriel Boric"})}


@pytest.mark.parametrize(
    "text, modality",
    [
        ("On Tuesday, Milei was in Lima, where he held talks with Boluarte.", "asserted"),
        ("Milei will be in Lima next week.", "planned"),
        (
            "Foreign Minister Diana Mondino, attending a conference in Lima, accused Caracas of fraud.",
            "asserted",
        ),
    ],
)
def test_being_or_attending_in_a_foreign_place_is_a_visit(
    extractor: Extractor, text: str, modality: str
) -> None:
    visits = [f for f in run(extractor, text) if f.type == "visit"]
    assert [(f.object.label if f.object else None, f.modality) for f in visits] == [("Peru", modality)]


@pytest.mark.parametrize(
    "text", ["Milei was in no position to object.", "Milei has been in power since 2023."]
)
def test_being_in_something_else_is_no_visit(extractor: Extractor, text: str) -> None:
    assert not labels(run(extractor, text), "visit")


@pytest.mark.parametrize(
    "text, author",
    [
        ("Boric told parliament that he welcomed the decision by Argentina.", "Argentina"),
        ("Boric welcomed Peru's move to reopen the border.", "Peru"),
    ],
)
def test_welcoming_an_act_supports_its_author_and_hosts_no_one(
    extractor: Extractor, text: str, author: str
) -> None:
    facts = run(extractor, text)
    assert labels(facts, "support") == {("Gabriel Boric", author)}
    assert not labels(facts, "visit") and not labels(facts, "meeting")


def test_welcoming_a_guest_is_still_hosting(extractor: Extractor) -> None:
    facts = run(extractor, "Boric welcomed Milei to Santiago.")
    assert labels(facts, "visit") == {("Javier Milei", "Chile")}
    assert not labels(facts, "support")


def test_membership_of_a_listed_series_of_organisations(extractor: Extractor) -> None:
    facts = run(
        extractor,
        "Belarus is also a member of the Eurasian Economic Union, the Collective Security Treaty "
        "Organisation and the Commonwealth of Independent States.",
    )
    assert len(labels(facts, "membership")) == 3
    facts = run(
        extractor, "Belarus is a member of the Eurasian Economic Union, and NATO said it would respond."
    )
    assert {o for _, o in labels(facts, "membership")} == {"Eurasian Economic Union"}
