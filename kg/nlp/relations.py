"""Relation readers: one per fact type, each reading trigger words' arguments off the parse.

Every reader yields `Candidate`s; `read_relations` adds date, modality and evidence and turns
them into contract Facts. Acts of states (agreement, cooperation, trade, membership, military aid,
sanction, conflict) take countries, a person standing for the country they serve.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.model import Entity, Fact
from kg.nlp.args import Arguments, dates_for, modality_of, sentence_dates
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.lexicon import triggers
from kg.nlp.linker import Mention
from kg.reference import Reference

NOMINAL_MEMBERSHIP = frozenset(
    {
        "membership",
        "member",
        "members",
        "accession",
        "candidate",
        "candidates",
        "observer",
        "admission",
        "partner",
    }
)
PERSON_ACTS = frozenset({"support", "opposition", "accusation"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "announce", "insist", "stress", "write"})
STATE_ACTS = frozenset(
    {"agreement", "cooperation", "trade", "membership", "military_aid", "sanction", "conflict"}
)


@dataclass
class Candidate:
    type: str
    subject: Mention | Entity | None
    object: Mention | Entity | None
    trigger: Token
    attributes: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.7
    modality: str | None = None  # forced modality (e.g. negated membership of "quit")
    date_expr: str | None = None


def _entity(x: Mention | Entity | None) -> Entity | None:
    if x is None:
        return None
    return x.entity if isinstance(x, Mention) else x


class RelationReader:
    """Reads all fact types from a linked Doc."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.lex = triggers()

    # -- helpers -----------------------------------------------------------------------------
    def state(self, x: Mention | Entity | None) -> Entity | None:
        """The country acting: itself, or the country a person serves."""
        entity = _entity(x)
        if entity is None:
            return None
        if entity.kind == "person":
            if entity.country and entity.country in self.ref.countries:
                return self.ref.country_entity(entity.country)
            return None
        return entity

    @staticmethod
    def speaker(trigger: Token, country: Entity) -> Entity | None:
        """ "Xi said Beijing regarded Kazakhstan as a priority": the person speaking for the country."""
        t = trigger
        for _ in range(6):
            if t.head == t:
                break
            t = t.head
            if t.lemma_.lower() in SPEECH_VERBS:
                for c in t.children:
                    if c.dep_ == "nsubj":
                        for m in trigger.doc._.mentions or []:
                            root = trigger.doc[m.start : m.end].root
                            if root == c and m.kind == "person" and m.entity.country == country.country:
                                return m.entity
        return None

    def place(self, x: Mention | Entity | None) -> Entity | None:
        entity = _entity(x)
        if entity is None:
            return None
        if entity.kind == "country":
            return entity
        if entity.kind == "person":
            return self.state(entity)
        return None

    @staticmethod
    def words(token: Token) -> str:
        return " ".join(t.text for t in token.subtree).strip()

    # -- entry point -------------------------------------------------------------------------
    def read(self, doc: Doc, article_id: str, published: str | None, resolve_date) -> list[Fact]:
        args = Arguments(doc)
        facts: list[Fact] = []
        for sent in doc.sents:
            cands = (
                list(self.positions(sent, args))
                + list(self.presence(sent, args))
                + list(self.attendance(sent, args))
            )
            for token in sent:
                cands.extend(self.candidates(token, args))
            for cand in cands:
                fact = self._to_fact(cand, sent, article_id, published, resolve_date)
                if fact is not None:
                    facts.append(fact)
        return facts

    def _to_fact(self, cand: Candidate, sent: Span, article_id, published, resolve_date) -> Fact | None:
        subject, obj = _entity(cand.subject), _entity(cand.object)
        if cand.type in STATE_ACTS:
            subject, obj = self.state(subject) if subject else None, self.state(obj) if obj else None
            if obj is None and cand.type != "accusation":
                return None
            if subject is None and cand.type not in ("accusation",):
                return None
        if cand.type in PERSON_ACTS and subject is not None and subject.kind == "country":
            subject = self.speaker(cand.trigger, subject) or subject
        if subject is not None and obj is not None and subject.id == obj.id:
            return None
        if subject is None and obj is None:
            return None
        modality = cand.modality or modality_of(cand.trigger)
        if modality is None:
            return None
        if cand.type == "position":
            date = None
        elif cand.date_expr is not None:
            date = cand.date_expr
        else:
            tense = "future" if modality == "planned" else None
            resolved = (
                resolve_date(span.text, published, tense=tense) for span in dates_for(cand.trigger, sent)
            )
            date = next((d for d in resolved if d), None)
        return Fact(
            article=article_id,
            type=cand.type,
            subject=subject,
            object=obj,
            date=date,
            modality=modality,
            attributes={k: v for k, v in cand.attributes.items() if v not in (None, "")},
            evidence=sent.text.strip(),
            confidence=cand.confidence,
            span=_stripped_span(sent),
        )

    def positions(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        for mention in args.in_sentence(sent):
            if not mention.role or mention.kind != "person":
                continue
            country = mention.stated_country or mention.entity.country
            if not country or country not in self.ref.countries:
                continue
            token = sent.doc[mention.start]
            yield Candidate(
                "position",
                mention,
                self.ref.country_entity(country),
                token,
                {"role": mention.role},
                0.9,
                modality="asserted",
            )

    def presence(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        """A foreign leader doing something in person ("signed the declaration at the summit") was in
        the country where it happened: named in an "at"/"in" phrase, or the story's dateline."""
        verbs = set(self.lex["presence"]["verbs"])
        dateline = self.dateline_country(sent.doc)
        for token in sent:
            if token.pos_ != "VERB" or token.lemma_.lower() not in verbs or token.tag_ == "VBG":
                continue
            if token.tag_ == "VB" and not any(
                c.dep_ == "aux" and c.lemma_.lower() in ("do", "will", "shall") for c in token.children
            ):
                continue  # "did not attend", "will attend" are about presence; "to sign" is not
            here = [self.place(m) for m in args.prep_objects(token, ("at", "in"))] + [
                self.place(m)
                for t in token.subtree
                if t.dep_ == "prep" and t.lower_ in ("at", "in") and clause_of(t) in (token, None)
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
            place = next((p for p in here if p is not None), None) or dateline
            if place is None:
                continue
            for person in args.subjects(token):
                country = person.entity.country
                if person.kind == "person" and country and country != place.country:
                    yield Candidate("visit", person, place, token, {}, 0.5)

    def attendance(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        """Summit reporting: who stayed away (negated visits) and who came instead."""
        lex = self.lex["attendance"]
        events = set(lex["event_nouns"])
        for token in sent:
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            objs = [c for c in token.children if c.dep_ == "dobj"]
            place = self._event_place(token, args)
            if place is None:
                continue
            persons: list[Mention] = []
            modality = None
            if lemma in lex["skip_verbs"] and any(o.lemma_.lower() in events for o in objs):
                persons, modality = args.subjects(token), "negated"
            elif lemma == "stay" and any(c.lower_ == "away" for c in token.children):
                persons, modality = args.subjects(token), "negated"
            elif lemma == "represent" and args.passive_subjects(token):
                persons = args.subjects(token)  # the agent: "represented by Jaishankar"
            elif lemma in lex["send_verbs"]:
                persons = [m for o in objs for m in args.at(o, proxy=False)]
            elif lemma == "lead" and any(o.lemma_.lower() in lex["lead_nouns"] for o in objs):
                persons = args.subjects(token)
            elif lemma == "leave" and any(
                c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() == "lead" for c in token.children
            ):
                persons = [m for o in objs for m in args.at(o, proxy=False)]  # "leaving Lavrov to lead"
            for person in persons:
                country = person.entity.country
                if person.kind == "person" and country and country != place.country:
                    yield Candidate("visit", person, place, token, {}, 0.5, modality=modality)

    def _event_place(self, token: Token, args: Arguments) -> Entity | None:
        """Where the story's event is: a place in the sentence's "in"/"to" phrases, else the dateline."""
        for t in token.sent:
            if t.dep_ == "prep" and t.lower_ in ("in", "to"):
                for p in t.children:
                    if p.dep_ == "pobj":
                        for m in args.at(p):
                            place = self.place(m) if m.kind == "country" else None
                            if place is not None:
                                return place
        return self.dateline_country(token.doc)

    def candidates(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        lemma = token.lemma_.lower()
        lower = token.lower_
        is_verb = token.pos_ in ("VERB", "AUX")
        is_noun = token.pos_ in ("NOUN", "PROPN")
        lex = self.lex
        if (
            is_verb
            and lemma in lex["visit"]["verbs"]
            or is_noun
            and (lemma in lex["visit"]["nouns"] or lower in lex["visit"]["nouns"])
        ):
            yield from self.visits(token, args, is_verb)
        if (
            is_verb
            and lemma in lex["meeting"]["verbs"]
            or is_noun
            and (lemma in lex["meeting"]["nouns"] or lower in lex["meeting"]["nouns"])
        ):
            yield from self.meetings(token, args, is_verb)
        if is_verb and lemma in lex["handover"]["verbs"] and not any(c.dep_ == "prt" for c in token.children):
            # "handed Finland's instrument of accession to Blinken": "to" may hang off the object
            receivers = [
                m
                for t in token.subtree
                if t.dep_ == "prep" and t.lower_ == "to"
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
                if m.kind == "person"
            ]
            givers = [m for m in args.subjects(token) if m.kind == "person"]
            if receivers and givers:
                yield from self._meet(_unique_mentions(givers + receivers), token, args, [token], 0.6)
        if is_verb and lemma == "host" and token.tag_ == "VBN":
            yield from self.hosted_event(token, args)
        if is_verb and lemma == "join" and self._joined_remotely(token):
            # "Erdogan joined by telephone": a participant of the meeting the story just told of
            joiners = [m for m in args.subjects(token) if m.kind == "person"]
            others = list(token.doc.user_data.get("last_meeting", []))
            group = _unique_mentions(joiners + others)
            if joiners and len(group) > len(joiners):
                yield from self._meet(group, token, args, [], 0.5, visits=False)
        if is_verb and lemma in lex["meeting"]["discuss_verbs"]:
            persons = [
                m for m in args.subjects(token) + args.prep_objects(token, ("with",)) if m.kind == "person"
            ]
            if len(_unique_mentions(persons)) >= 2:  # who talked; where is not what they talked about
                yield from self._meet(_unique_mentions(persons), token, args, [], 0.6, visits=False)
        if is_verb and lemma in lex["meeting"]["host_verbs"]:
            yield from self.hostings(token, args)
        if is_verb and lemma in lex["membership"]["decline_verbs"]:
            offers = [
                c
                for c in token.children
                if c.dep_ == "dobj" and c.lemma_.lower() in lex["membership"]["offer_nouns"]
            ]
            if offers:
                orgs = [m for m in args.prep_objects(offers[0], ("to", "from")) if m.kind == "organization"]
                recent = self.recent_organization(token)
                for org in orgs or ([recent] if recent is not None else []):
                    for m in args.subjects(token):
                        if m.kind == "country" or self.state(m) is not None:
                            yield Candidate(
                                "membership", m, org, token, {"status": "member"}, 0.6, modality="negated"
                            )
        if is_verb and lemma in lex["membership"]["org_verbs"]:
            yield from self.org_memberships(token, args)
        if is_verb and lemma in lex["agreement"]["verbs"]:
            yield from self.agreements(token, args)
        if is_verb and lemma in lex["agreement"]["agree_verbs"]:
            yield from self.agreed(token, args)
        if is_verb and lemma in lex["agreement"]["peace_verbs"]:
            yield from self.made_peace(token, args)
        if is_verb and lemma in lex["cooperation"]["relation_verbs"]:
            objs = [
                c
                for c in token.children
                if c.dep_ == "dobj" and c.lower_ in lex["cooperation"]["relation_nouns"]
            ]
            if objs:
                others = args.prep_objects(token, ("with",)) + args.prep_objects(objs[0], ("with",))
                topic = {"topic": self.short_phrase(objs[0])}
                parties = args.subjects(token)
                if others:  # "X and Y normalised ties with Israel": each with Israel, not with each other
                    for p in parties:
                        yield from self._pairs("cooperation", [p], others, token, topic, 0.6)
                else:
                    yield from self._pairs("cooperation", parties, others, token, topic, 0.6)
        if is_noun and (lemma in lex["agreement"]["nouns"] or lower in lex["agreement"]["nouns"]):
            yield from self.agreement_nouns(token, args)
        if (
            is_noun
            and (lemma in lex["cooperation"]["nouns"] or lower in lex["cooperation"]["nouns"])
            or is_verb
            and lemma in lex["cooperation"]["verbs"]
        ):
            yield from self.symmetric("cooperation", token, args, is_verb, topic=True)
        if (
            is_verb
            and (lemma in lex["trade"]["export_verbs"] or lemma in lex["trade"]["import_verbs"])
            or (is_noun and (lower in lex["trade"]["export_nouns"] or lower in lex["trade"]["import_nouns"]))
        ):
            yield from self.trades(token, args, is_verb)
        if is_verb and lemma in lex["support"]["verbs"]:
            yield from self.directed("support", token, args)
        if is_verb and lemma in lex["support"]["describe_verbs"]:
            yield from self.described_partner(token, args)
            yield from self.described_threat(token, args)
        if is_verb and lemma in lex["support"]["ratify_verbs"]:
            yield from self.ratified(token, args)
        if is_verb and lemma in lex["support"]["deserve_verbs"]:
            speaker = next((t for t in token.ancestors if t.lemma_.lower() in SPEECH_VERBS), None)
            if speaker is not None:
                for s in args.subjects(speaker):
                    for o in args.subjects(token):
                        if s.entity.id != o.entity.id:
                            yield Candidate("support", s, o, token, {}, 0.55)
        if is_verb and lemma in lex["support"]["side_verbs"]:
            for s in args.subjects(token):
                for o in args.prep_objects(token, ("with",)):
                    yield Candidate("support", s, o, token, {}, 0.6)
        if is_noun and (
            lemma in lex["opposition"]["dispute_nouns"] or lower in lex["opposition"]["dispute_nouns"]
        ):
            yield from self.disputes(token, args)
        if any(lower.endswith(s) for s in lex["support"]["backed_suffixes"]) or (
            lower in ("backed", "supported") and token.i > 0 and token.nbor(-1).text in ("-", "–")
        ):
            yield from self.backed(token, args)
        if (
            is_verb
            and lemma in lex["opposition"]["verbs"]
            or is_noun
            and (lemma in lex["opposition"]["nouns"] or lower in lex["opposition"]["nouns"])
        ):
            yield from self.oppositions(token, args, is_verb)
        if is_verb and lemma in lex["accusation"]["verbs"]:
            yield from self.accusations(token, args)
        if is_verb and lemma in lex["military_aid"]["verbs"]:
            yield from self.military_aid(token, args)
        if is_noun and lower in lex["sanction"]["nouns"] or is_verb and lemma in lex["sanction"]["verbs"]:
            yield from self.sanctions(token, args, is_verb)
        if is_verb and lemma in ("suspend", "expel") and args.passive_subjects(token):
            yield from self.suspended_from(token, args)
        if is_noun and (
            lemma in lex["sanction"]["suspension_nouns"] or lower in lex["sanction"]["suspension_nouns"]
        ):
            yield from self.suspensions(token, args)
        if is_noun and (
            lemma in lex["accusation"]["complaint_nouns"] or lower in lex["accusation"]["complaint_nouns"]
        ):
            yield from self.complaints(token, args)
        if is_noun and lemma == "game" and any(c.lower_ == "war" for c in token.children):
            yield from self.symmetric("cooperation", token, args, False, topic=True)  # joint war games
        if is_verb and lemma in lex["sanction"]["tie_verbs"] + lex["sanction"]["expel_verbs"]:
            yield from self.broken_ties(token, args)
        if (
            is_noun
            and (lemma in lex["conflict"]["nouns"] or lower in lex["conflict"]["nouns"])
            or is_verb
            and lemma in lex["conflict"]["verbs"]
        ):
            yield from self.conflicts(token, args, is_verb)
        if (
            is_verb
            and lemma
            in (
                lex["membership"]["join_verbs"]
                + lex["membership"]["leave_verbs"]
                + lex["membership"]["apply_verbs"]
            )
            or is_noun
            and (lemma in lex["membership"]["nouns"] or lower in lex["membership"]["nouns"])
        ):
            yield from self.memberships(token, args, is_verb)

    # -- readers -----------------------------------------------------------------------------
    def visits(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["visit"]["object_preps"]
        if is_verb:
            agents = args.subjects(token)
            places = args.direct_objects(token) + args.prep_objects(token, preps)
            if token.lemma_.lower() in ("visit", "tour"):
                places += args.passive_subjects(token)  # "Vietnam was visited by Biden"
        else:
            agents = args.noun_agents(token)
            places = args.prep_objects(token, preps)
        if (
            is_verb
            and token.lemma_.lower() not in ("visit", "tour")
            and any(c.dep_ == "dobj" and not args.at(c) for c in token.children)
        ):
            return  # "Cairo flew planeloads of arms to ...": transport, not travel
        if is_verb and not places and token.lemma_.lower() in ("arrive", "fly", "land"):
            dateline = self.dateline_country(token.doc)
            if dateline is not None:  # "Putin, who flew in on Wednesday" in a story datelined ASTANA
                places = [Mention(token.i, token.i + 1, dateline, "dateline")]
        for agent in agents:
            if agent.kind not in ("person", "country"):
                continue
            for where in places:
                country = self.place(where)
                if (
                    country is None
                    or country.id == agent.entity.id
                    or (agent.kind == "person" and agent.entity.country == country.country)
                ):
                    continue
                host = where.entity.label if where.kind == "person" else None
                yield Candidate("visit", agent, country, token, {"host": host}, 0.8)
                if host and agent.kind == "person":
                    yield Candidate("meeting", agent, where, token, {"location": country.label}, 0.75)

    def meetings(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["meeting"]["object_preps"]
        places = [token]
        agents: list[Mention] = []
        if is_verb:
            parties = args.subjects(token) + args.direct_objects(token) + args.prep_objects(token, preps)
        else:
            if token.lemma_.lower() == "summit" and not args.prep_objects(token, preps):
                return
            # "held talks on the sidelines with Erdogan": the partner may hang anywhere in the phrase
            agents = args.noun_agents(token)
            parties = agents + [
                m
                for t in token.subtree
                if t.dep_ == "prep" and t.lower_ in preps
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
            if (
                token.dep_ in ("dobj", "nsubjpass")
                and token.head.lemma_.lower() in self.lex["meeting"]["light_verbs"]
            ):
                parties += args.prep_objects(token.head, preps)
                places.append(token.head)
            elif token.dep_ in ("nsubj", "nsubjpass"):
                places.append(token.head)  # "Talks ... resumed in Washington"
        persons = _unique_mentions([p for p in parties if p.kind == "person"])
        kind = "person" if len(persons) >= 2 else "country"
        group = persons if kind == "person" else _unique_mentions([p for p in parties if p.kind == "country"])
        between = args.prep_objects(token, ("between",))
        if len(group) >= 2 and not is_verb and not any(a.kind == kind for a in agents + between):
            return  # "negotiations with Ukraine and Moldova": who talks with them is not said
        if len(group) >= 2:
            yield from self._meet(group, token, args, places, 0.75)
            return
        # "his meetings in Armenia": no second party named, but the place is a visit.
        for where in (self.place(m) for t in places for m in args.prep_objects(t, ("in",))):
            for p in persons:
                if where is not None and p.entity.country and p.entity.country != where.country:
                    yield Candidate("visit", p, where, token, {}, 0.6)

    def _meet(
        self,
        group: list[Mention],
        token: Token,
        args: Arguments,
        places: list[Token],
        conf: float,
        visits: bool = True,
    ):
        """Meetings among everyone in `group`; each person abroad also visits the meeting's country
        (named in an "in"/"at" phrase, or the article's dateline) when the meeting took place."""
        # "on the sidelines of the summit hosted by Putin in the city of Kazan": anywhere in the phrase
        where = [self.place(m) for t in places for m in args.prep_objects(t, ("in", "at"))] + [
            self.place(m)
            for t in (w for place in places for w in place.subtree)
            if t.dep_ == "prep" and t.lower_ in ("in", "at")
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        if token.dep_ == "conj" and token.head.lemma_.lower() in self.lex["visit"]["verbs"]:
            # "visited Beijing in November and met Xi": the meeting was where the visit went
            head = token.head
            visited = args.direct_objects(head) + args.prep_objects(head, self.lex["visit"]["object_preps"])
            where = [self.place(m) for m in visited] + where
        location = next((w for w in where if w is not None), None) or self.dateline_country(token.doc)
        if all(m.kind == "person" for m in group):
            token.doc.user_data["last_meeting"] = list(group)  # "The meeting was hosted by ..."
        for a, b in itertools.combinations(group, 2):
            yield Candidate("meeting", a, b, token, {"location": location.label if location else None}, conf)
        if location is not None and visits and modality_of(token) == "asserted":
            for p in group:
                if p.kind == "person" and p.entity.country and p.entity.country != location.country:
                    yield Candidate("visit", p, location, token, {}, conf - 0.15)

    def dateline_country(self, doc: Doc) -> Entity | None:
        place = doc.user_data.get("dateline_place")
        if not place:
            return None
        entity = self.ref.resolve(place) or self.ref.resolve(place.title())
        if entity is not None and entity.kind == "country":
            return entity
        from kg.nlp.lexicon import cities

        code = cities().get(place.title()) or cities().get(place)
        return self.ref.country_entity(code) if code and code in self.ref.countries else None

    def hosted_event(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "at a summit hosted by Trump": the host meets whoever the sentence puts there; "The meeting
        was hosted by X": the host joins the meeting the story just told of."""
        hosts = [m for m in args.subjects(token) if m.kind == "person"]
        if len(hosts) != 1:
            return
        events = set(self.lex["attendance"]["event_nouns"])
        event = token.head if token.dep_ == "acl" else None
        sidelines = event is not None and event.head.head.lemma_.lower() == "sideline"
        if event is not None and event.lemma_.lower() in events and not sidelines:
            guests = [m for m in args.subjects(clause_of(token) or token) if m.kind == "person"]
        elif any(c.dep_ == "nsubjpass" and c.lemma_.lower() in events for c in token.children):
            guests = list(token.doc.user_data.get("last_meeting", []))
        else:
            return
        guests = [g for g in guests if g.entity.id != hosts[0].entity.id]
        if guests:
            yield from self._meet(_unique_mentions(hosts + guests), token, args, [token], 0.55)

    @staticmethod
    def _joined_remotely(token: Token) -> bool:
        remote = {"telephone", "phone", "video", "videoconference", "videolink", "link"}
        return any(
            c.dep_ in ("prep", "agent") and any(p.lemma_.lower() in remote for p in c.children)
            for c in token.children
        )

    def hostings(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Erdogan hosted Abiy and Hassan", "Xi was received by Lula": each guest visits the host's
        country and meets the host (and the other guests)."""
        if args.passive_subjects(token):
            guests, hosts = args.passive_subjects(token), args.subjects(token)
        else:
            hosts, guests = (
                args.subjects(token),
                [m for c in token.children if c.dep_ == "dobj" for m in args.at(c, proxy=False)],
            )
        hosts = [h for h in hosts if h.kind == "person"]
        guests = [g for g in guests if g.kind == "person"]
        if len(hosts) != 1 or not guests:
            return
        host = hosts[0]
        country = self.state(host)
        modality = None
        for guest in guests:
            if country is not None and guest.entity.country != country.country:
                yield Candidate("visit", guest, country, token, {"host": host.entity.label}, 0.75, modality)
        yield from self._meet([host, *guests], token, args, [token], 0.75)

    def agreements(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        signers = args.subjects(token)
        docs = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        nouns = set(self.lex["agreement"]["nouns"])
        docs = [d for d in docs if d.lemma_.lower() in nouns or d.lower_ in nouns]
        if not docs:
            return
        topic = self.short_phrase(docs[0])
        others = args.prep_objects(token, ("with",)) + [
            m
            for t in docs[0].subtree
            if t.dep_ == "prep" and t.lower_ in ("with", "between")
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        yield from self._pairs("agreement", signers, others, token, {"topic": topic}, 0.75)
        persons = _unique_mentions([m for m in signers if m.kind == "person"])
        if len(persons) >= 2:  # leaders signing together have met
            yield from self._meet(persons, token, args, [token], 0.65)

    def agreed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Ethiopia and Somalia agreed to put aside ...", "the two sides agreed on arrangements":
        an agreement between the parties; cooperation when what they agreed to is working together."""
        parties, others = args.subjects(token), args.prep_objects(token, ("with",))
        goals = [c for c in token.children if c.dep_ == "xcomp"]
        goal = goals[0] if goals else None
        cooperative = goal is not None and goal.lemma_.lower() in self.lex["agreement"]["cooperative_goals"]
        kind = "cooperation" if cooperative else "agreement"
        topic: str | None
        if goal is not None:
            topic = " ".join(t.text for t in goal.subtree if t.dep_ != "aux")
        else:
            on = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children]
            topic = self.short_phrase(on[0]) if on else None
        yield from self._pairs(kind, parties, others, token, {"topic": topic}, 0.6)

    def made_peace(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Egypt made peace with Israel in 1979"."""
        if not any(c.dep_ == "dobj" and c.lower_ == "peace" for c in token.children):
            return
        yield from self._pairs(
            "agreement",
            args.subjects(token),
            args.prep_objects(token, ("with",)),
            token,
            {"topic": "peace"},
            0.7,
        )

    def agreement_nouns(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "a trade agreement between Tehran and ...", "its agreement with Israel", "a signing ceremony
        for cooperation documents" (the signers are the clause's subject)."""
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in self.lex["agreement"]["verbs"]:
            return  # the verb reader has it
        between = args.prep_objects(token, ("between",))
        topic = {"topic": self.short_phrase(token)}
        if len(between) >= 2:
            # "between Tehran and several states, which include Armenia and Belarus": first side
            # against the others
            yield from self._pairs("agreement", between[:1], between[1:], token, topic, 0.7)
            return
        owners = [m for m in args.modifiers(token) if m.kind in ("country", "person")]
        others = args.prep_objects(token, ("with",)) + between
        if owners and others:
            yield from self._pairs("agreement", owners, others, token, topic, 0.65)
            return
        signing = head.head if head.dep_ == "prep" and head.lower_ in ("for", "of") else None
        if signing is not None and (
            signing.lower_.startswith("sign")
            or any(
                c.lower_.startswith("sign")
                for c in signing.children
                if c.dep_ in ("compound", "amod", "nmod")
            )
        ):
            parties = self._climb_subjects(signing, args)
            yield from self._pairs("agreement", parties, [], token, topic, 0.6)

    def _pairs(self, kind, parties, others, token, attrs, conf) -> Iterator[Candidate]:
        """Symmetric state acts: every party with every other one named ("X and Y signed",
        "X signed with Y and Z" gives X-Y and X-Z, not Y-Z)."""
        a_side = _unique_entities([self.state(p) for p in parties])
        b_side = _unique_entities([self.state(p) for p in others])
        seen: set[frozenset[str]] = set()
        for a, b in [*itertools.combinations(a_side, 2), *itertools.product(a_side, b_side)]:
            key = frozenset((a.id, b.id))
            if a.id != b.id and key not in seen:
                seen.add(key)
                yield Candidate(kind, a, b, token, dict(attrs), conf)

    @staticmethod
    def short_phrase(noun: Token) -> str:
        """The noun with its left modifiers: "a preferential trade agreement" -> "preferential trade
        agreement"."""
        left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
        tokens = sorted([*[w for t in left for w in t.subtree], noun], key=lambda t: t.i)
        return " ".join(t.text for t in tokens if t.ent_type_ not in ("COUNTRY", "PERSON", "DATE"))

    def symmetric(
        self, kind: str, token: Token, args: Arguments, is_verb: bool, topic: bool
    ) -> Iterator[Candidate]:
        preps = self.lex[kind]["object_preps"]
        if is_verb:
            parties, others = args.subjects(token), args.prep_objects(token, preps)
        else:
            parties, others = args.noun_agents(token), args.prep_objects(token, preps)
            if token.dep_ in ("dobj",) and token.head.pos_ == "VERB":
                others += args.prep_objects(token.head, preps)
        text = self.short_phrase(token) if topic and not is_verb else None
        yield from self._pairs(kind, parties, others, token, {"topic": text}, 0.65)

    def trades(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        from kg.quantities import find_money

        lex = self.lex["trade"]
        exporting = token.lemma_.lower() in lex["export_verbs"] or token.lower_ in lex["export_nouns"]
        actor = args.subjects(token) if is_verb else args.modifiers(token)
        scope = token if is_verb else token.head
        stop = {c.i for c in scope.children if c.dep_ == "conj" and c.pos_ == "VERB" and c != token}
        clause = [t for t in scope.subtree if not any(token.doc[i].is_ancestor(t) or t.i == i for i in stop)]
        partner = _unique_mentions(
            [
                m
                for t in clause
                if t.dep_ == "prep" and t.lower_ in ("to", "from", "with")
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
        )
        if not clause or not partner or not actor:
            return
        lo, hi = min(t.idx for t in clause), max(t.idx + len(t) for t in clause)
        money = find_money(token.doc.text[lo:hi])
        if not money:
            return
        amount = money[0]
        period = self.period(token, clause)
        for a in actor:
            for b in partner:
                sa, sb = self.state(a), self.state(b)
                if sa is None or sb is None:
                    continue
                exporter, importer = (sa, sb) if exporting else (sb, sa)
                attrs = {
                    "value": amount.value,
                    "currency": amount.currency,
                    "period": period[0] if period else None,
                }
                yield Candidate(
                    "trade", exporter, importer, token, attrs, 0.75, date_expr=period[1] if period else None
                )

    @staticmethod
    def period(token: Token, clause: list[Token]) -> tuple[str, str] | None:
        """(period, date) of a trade figure from the DATE phrases of its clause: "in 2024" ->
        ("2024", "2024"); "the ten months between March 2024 and January 2025" ->
        ("2024-03/2025-01", "2024-03")."""
        from kg.dates import resolve_period

        doc = token.doc
        published = doc.user_data.get("published")
        ids = {t.i for t in clause}
        sent_dates = sentence_dates(token.sent)
        dates = [e for e in sent_dates if e.start in ids] or sent_dates[:1]
        if not dates:
            return None
        first = dates[0]
        end = first.end
        following = [e for e in sent_dates if e.start > first.start]
        if following and doc[first.end].lower_ == "and" and following[0].start == first.end + 1:
            end = following[0].end
        found = resolve_period(doc[first.start : end].text, published)
        return (found.value, found.start) if found else None

    def directed(self, kind: str, token: Token, args: Arguments) -> Iterator[Candidate]:
        # "backed Ukraine's bid": whose bid it is
        objects = args.direct_objects(token) or [
            m for c in token.children if c.dep_ == "dobj" for m in args.modifiers(c)
        ]
        for s in args.subjects(token):
            for o in objects:
                if o.kind in ("person", "country", "organization", "bloc") and o.entity.id != s.entity.id:
                    yield Candidate(kind, s, o, token, {}, 0.7)

    def described_partner(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "calling Belarus a reliable partner for Iran", "regarded Kazakhstan as a priority"."""
        partners = set(self.lex["support"]["partner_nouns"])
        nouns = [t for t in token.subtree if t.lemma_.lower() in partners or t.lower_ in partners]
        if not nouns:
            return
        subjects = args.subjects(token)
        for noun in nouns:
            heads = [noun, noun.head] if noun.dep_ == "conj" else [noun]
            targets = [m for h in heads for m in args.prep_objects(h, ("for", "of", "to"))]
            targets = targets or args.direct_objects(token)
            for s in subjects:
                own = self.state(s)
                for t in targets:
                    if own is None or own.id != t.entity.id:
                        yield Candidate("support", s, t, token, {}, 0.6)

    def described_threat(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "described the alliance's expansion as an encroachment on Russian interests": opposition to
        whoever the described thing belongs to."""
        threats = set(self.lex["opposition"]["threat_nouns"])
        complements = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        complements += [c for c in token.children if c.dep_ in ("oprd", "xcomp")]
        if not any(t.lemma_.lower() in threats for c in complements for t in c.subtree):
            return
        described = [c for c in token.children if c.dep_ == "dobj"]
        targets = [m for d in described for m in args.at(d) or args.modifiers(d)]
        for s in args.subjects(token):
            for t in targets:
                if t.kind in ("country", "organization", "bloc"):
                    yield Candidate("opposition", s, t, token, {"topic": self.words(described[0])}, 0.55)

    def ratified(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "the Turkish parliament voted to ratify its accession": support for the country joining."""
        nouns = set(self.lex["support"]["accession_nouns"])
        for obj in (c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns):
            for s in args.subjects(token):
                for t in args.modifiers(obj) + args.prep_objects(obj, ("of",)):
                    if t.kind == "country":
                        yield Candidate("support", s, t, token, {}, 0.55)

    def disputes(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Egypt, which is locked in a long dispute with Ethiopia": opposition to the other side."""
        others = args.prep_objects(token, ("with", "against"))
        sides = args.noun_agents(token) or self._climb_subjects(token, args)
        for s in sides:
            for o in others:
                if o.kind in ("country", "organization", "bloc"):
                    yield Candidate("opposition", s, o, token, {"topic": self.short_phrase(token)}, 0.55)

    def backed(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "the Western-backed Ukrainian government": the prefix backs what the phrase names."""
        doc = token.doc
        backer_token = token if "-" in token.text else token.nbor(-2) if token.i >= 2 else None
        if backer_token is None:
            return
        backers = [m for m in doc._.mentions or [] if m.start <= backer_token.i < m.end]
        head = token.head
        backed = args.at(head) or args.modifiers(head)
        for b in backers:
            for t in backed:
                if t.entity.id != b.entity.id:
                    yield Candidate("support", b, t, token, {}, 0.6)

    def oppositions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["opposition"]["object_preps"]
        if is_verb:
            # "rejected an Indian proposal", "is opposed to French mediation": what is opposed may be
            # named inside the object phrase
            subjects = args.subjects(token) or args.passive_subjects(token)
            targets = [c for c in token.children if c.dep_ in ("dobj", "attr")]
            # "blocked a package of EU support for Kyiv": the beneficiary named inside is the target
            beneficiaries = [m for t in targets for m in args.prep_objects(t, ("for",), deep=True)]
            owners = [m for t in targets for m in args.modifiers(t) if m.kind != "organization"]
            objects = beneficiaries or owners or [m for t in targets for m in args.within(t)]
            objects += args.prep_objects(token, ("to",), deep=True)
            topic = self.short_phrase(targets[0]) if targets else None
        else:
            subjects = args.noun_agents(token)
            if not subjects:
                subjects = self._climb_subjects(token, args)
            objects = args.prep_objects(token, preps, deep=True)
            topic = " ".join(
                t.text
                for c in token.children
                if c.dep_ == "prep"
                for p in c.children
                if p.dep_ == "pobj"
                for t in p.subtree
                if t.ent_type_ not in ("BLOC",) and t.dep_ not in ("amod",) or t.pos_ == "NOUN"
            )
        for s in subjects:
            for o in objects:
                if o.kind in ("country", "bloc", "organization"):
                    yield Candidate("opposition", s, o, token, {"topic": topic}, 0.6)

    @staticmethod
    def _climb_subjects(token: Token, args: Arguments) -> list[Mention]:
        """Subjects of the nearest governing verb that has one ("The two leaders stressed ...
        positions, including opposition to ...")."""
        t = token
        for _ in range(7):
            if t.head == t:
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                found = args.subjects(t)
                if found:
                    return found
        return []

    def accusations(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        accused = args.passive_subjects(token) or args.direct_objects(token)
        accusers = [m for m in args.subjects(token) if m not in accused]
        of = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("of", "for")
            for p in c.children
            if p.dep_ in ("pcomp", "pobj")
        ]
        topic = self.words(of[0]) if of else None
        # "..., which Moscow denied", "a charge Tehran denies": one side alleges, the other denies
        denied = any(t.lemma_.lower() == "deny" for t in token.sent)
        modality = "alleged" if denied else None
        for a in accused:
            if accusers:
                for s in accusers:
                    yield Candidate("accusation", s, a, token, {"topic": topic}, 0.7, modality=modality)
            else:
                yield Candidate("accusation", None, a, token, {"topic": topic}, 0.7, modality=modality)

    def military_aid(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        items_words = self.lex["military_aid"]["items"]
        subtree_text = " ".join(t.lower_ for t in token.subtree)
        arming = token.lemma_.lower() in self.lex["military_aid"]["arming_verbs"]  # "arming the Houthis"
        if not arming and not any(f" {w} " in f" {subtree_text} " for w in items_words):
            return
        suppliers = []
        if token.dep_ == "pcomp":  # "accused Iran of arming the Houthis": the accused supplies
            accuse = token.head.head
            if accuse.lemma_.lower() in self.lex["accusation"]["verbs"] + self.lex["sanction"]["verbs"]:
                # "sanctioned Iranian companies for supplying drones": the sanctioned supply
                suppliers = args.passive_subjects(accuse) or args.direct_objects(accuse)
        suppliers = suppliers or args.subjects(token)
        # "pledged 500 million euros in military aid to Ukraine": "to" may hang off the aid
        recipients = args.direct_objects(token) + [
            m
            for t in token.subtree
            if t.dep_ == "prep" and t.lower_ in self.lex["military_aid"]["object_preps"]
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        item_phrases = [
            self.words(p)
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "with"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if not item_phrases:
            item_phrases = [self.words(c) for c in token.children if c.dep_ == "dobj" and not args.at(c)]
        items = item_phrases[0] if item_phrases else None
        for s in suppliers:
            for r in recipients:
                if r.kind in ("country", "organization", "person"):
                    target = r if r.kind == "organization" else self.state(r)
                    yield Candidate("military_aid", s, target, token, {"items": items}, 0.65)

    def sanctions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["sanction"]["object_preps"]
        if is_verb:
            imposers, targets = args.subjects(token), args.direct_objects(token)
        else:
            # "imposed a fourteenth package of sanctions on Russia": read the phrase from its head noun
            phrase = token
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
                phrase = token.head.head
            imposers = args.modifiers(token) or args.noun_agents(phrase)
            heads = [token, phrase] + ([phrase.head] if phrase.dep_ == "dobj" else [])
            targets = [
                m
                for h in heads
                for m in args.prep_objects(h, preps, deep=h == token)
                if m.kind in ("country", "organization")
            ]
        modality = None
        t = token
        for _ in range(3):
            t = t.head
            if t.lemma_.lower() in self.lex["sanction"]["negating_verbs"]:
                modality = "negated"
                break
        topic = self.words(token) if not is_verb else None
        for s in imposers:
            for o in targets:
                yield Candidate("sanction", s, o, token, {"topic": topic}, 0.65, modality=modality)

    def broken_ties(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "broke off relations with Ecuador", "expelled Ethiopia's ambassador", "declared the Mexican
        ambassador persona non grata": the subject sanctions the other state."""
        lex = self.lex["sanction"]
        lemma = token.lemma_.lower()
        objs = [c for c in token.children if c.dep_ == "dobj"]
        envoys = [t for t in token.subtree if t.lower_ in lex["envoy_nouns"] and t.i > token.i]
        if lemma in lex["tie_verbs"] and objs and objs[0].lower_ in lex["tie_nouns"]:
            preps = ("with", "to", "from")
            # "froze its assets": the owner is the target
            targets = (
                args.prep_objects(token, preps) + args.prep_objects(objs[0], preps) + args.modifiers(objs[0])
            )
        elif (
            lemma in lex["expel_verbs"]
            and envoys
            and (lemma != "declare" or "persona non grata" in token.sent.text.lower())
        ):
            targets = args.modifiers(envoys[0]) + args.prep_objects(envoys[0], ("from", "of"))
        else:
            return
        acted_on = objs[0] if objs else (envoys[0] if envoys else None)
        topic = f"{token.text} {self.short_phrase(acted_on)}" if acted_on is not None else token.text
        for s in args.subjects(token):
            for o in targets:
                if o.entity.id != s.entity.id:
                    yield Candidate("sanction", s, o, token, {"topic": topic}, 0.65)

    def suspended_from(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "All three were suspended from ECOWAS": the organisation sanctions its members."""
        orgs = [m for m in args.prep_objects(token, ("from",)) if m.kind == "organization"]
        for o in orgs:
            for m in args.passive_subjects(token):
                if m.kind == "country":
                    yield Candidate("sanction", o, m, token, {"topic": "suspension"}, 0.6)

    def suspensions(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "announced a suspension of air links with Serbia", "the severing of ties with Quito"."""
        lex = self.lex["sanction"]
        cut = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj" and p.lower_ in lex["tie_nouns"]
        ]
        if not cut:
            return
        targets = args.prep_objects(cut[0], ("with", "to", "from")) + args.prep_objects(token, ("with", "to"))
        imposers = args.modifiers(token) or args.noun_agents(token)
        for s in imposers:
            for o in targets:
                yield Candidate("sanction", s, o, token, {"topic": self.words(token)}, 0.6)

    def complaints(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "lodged an official protest with Albania", "filed a complaint against Japan"."""
        head = token.head
        if token.dep_ != "dobj" or head.lemma_.lower() not in self.lex["accusation"]["complaint_verbs"]:
            return
        accused = args.prep_objects(token, ("with", "against")) + args.prep_objects(head, ("with", "against"))
        for s in args.subjects(head):
            for o in accused:
                yield Candidate("accusation", s, o, token, {"topic": self.short_phrase(token)}, 0.6)

    def conflicts(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["conflict"]["object_preps"]
        if is_verb:
            sides_a, sides_b = (
                args.subjects(token),
                args.direct_objects(token) + args.prep_objects(token, preps),
            )
        else:
            # Only a side the noun phrase names ("Russian war", "Russia's invasion") or one that
            # wages it ("Russia launched its invasion"): not any subject of the clause around it.
            sides_a = args.modifiers(token) + args.prep_objects(token, ("by",))
            if (
                not sides_a
                and token.dep_ == "dobj"
                and token.head.lemma_.lower() in self.lex["conflict"]["wage_verbs"]
            ):
                sides_a = args.subjects(token.head)
            sides_b = args.prep_objects(token, preps)
            if not sides_a and token.dep_ == "pobj" and token.head.lower_ == "at":  # "at war with Ukraine"
                sides_a = args.subjects(token.head.head) if token.head.head.pos_ in ("VERB", "AUX") else []
            between = args.prep_objects(token, ("between",))
            if len(between) >= 2:
                sides_a, sides_b = between[:1], between[1:]
        pairs = [(a, b) for a in sides_a for b in sides_b]
        if not sides_b and len(sides_a) >= 2:
            pairs = list(itertools.combinations(sides_a, 2))  # "The two neighbours fought wars"
        for a, b in pairs:
            sa, sb = self.state(a), self.state(b)
            if sa is not None and sb is not None and sa.kind == sb.kind == "country" and sa.id != sb.id:
                yield Candidate("conflict", sa, sb, token, {}, 0.6)

    @staticmethod
    def _described(phrase: Token, args: Arguments) -> list[Mention]:
        """What a noun phrase is said of: the subject of "X became a member", the anchor of an
        apposition "Hungary, one of the bloc's member states"."""
        t = phrase
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ == "one":
            t = t.head.head
        if t.dep_ == "appos":
            return args.at(t.head)
        if t.dep_ in ("attr", "oprd", "dobj", "pobj") and t.head.pos_ in ("VERB", "AUX", "ADP"):
            head = t.head.head if t.head.pos_ == "ADP" else t.head
            if head.pos_ not in ("VERB", "AUX"):
                return []
            # "Belarus was admitted as a full member", "were made candidates"
            return args.subjects(head) or args.passive_subjects(head)
        return []

    @staticmethod
    def recent_organization(token: Token) -> Mention | None:
        """The organisation the story is about at this point: the last one named in this or the
        two previous sentences ("Helsinki applied for membership" after "joined NATO")."""
        doc = token.doc
        start = token.sent.start
        for _ in range(2):
            if start > 0:
                start = doc[start - 1].sent.start
        before = [m for m in doc._.mentions or [] if start <= m.start < token.i and m.kind == "organization"]
        if before:
            return before[-1]
        # none named lately: the organisation the story names most
        counts: dict[str, list[Mention]] = {}
        for m in doc._.mentions or []:
            if m.kind == "organization" and m.start < token.i:
                counts.setdefault(m.entity.id, []).append(m)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if ranked and len(ranked[0]) >= 2 and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])):
            return ranked[0][-1]
        return None

    def org_memberships(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The union groups Russia, Armenia ...", "took in India and Pakistan", "was founded by
        China, Russia ..." (an organisation as subject, its members as object)."""
        lemma = token.lemma_.lower()
        if lemma == "take" and not any(c.dep_ == "prt" and c.lower_ == "in" for c in token.children):
            return
        if args.passive_subjects(token):
            orgs, members = args.passive_subjects(token), args.subjects(token)
            if lemma not in ("found", "admit", "readmit", "accept"):
                return
            if lemma != "found" and not any(o.kind == "organization" for o in orgs):
                # "Cambodia was admitted in 1999": admitted to the organisation of the story
                into = [m for m in args.prep_objects(token, ("to", "into")) if m.kind == "organization"]
                recent = self.recent_organization(token)
                orgs = into or ([recent] if recent is not None else [])
                members = args.passive_subjects(token)
        else:
            orgs = args.subjects(token)
            members = args.direct_objects(token) + args.prep_objects(token, ("in",))
        for o in orgs:
            if o.kind != "organization":
                continue
            for m in members:
                if m.kind == "country":
                    yield Candidate("membership", m, o, token, {"status": "member"}, 0.7)

    def memberships(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        lex = self.lex["membership"]
        lemma = token.lemma_.lower()
        modality = None
        status = "member"
        if is_verb:
            members = args.subjects(token)
            orgs = args.direct_objects(token) + args.prep_objects(token, lex["object_preps"])
            if lemma in lex["leave_verbs"]:
                modality = "negated"
            elif lemma in lex["apply_verbs"]:
                status = "applicant"
            elif token.dep_ == "xcomp" and token.head.lemma_.lower() in lex["apply_verbs"] + ["seek", "bid"]:
                status, modality = "applicant", "asserted"  # "applied to join": the application happened
        else:
            phrase = token.head if token.dep_ == "compound" else token  # "member states"
            joining = [  # "Ukraine's bid to join the European Union"
                m
                for c in token.children
                if c.dep_ in ("xcomp", "acl") and c.lemma_.lower() in lex["join_verbs"]
                for m in args.direct_objects(c)
            ]
            orgs = joining + _unique_mentions(
                args.prep_objects(phrase, lex["object_preps"])
                + [m for m in args.modifiers(token) + args.modifiers(phrase) if m.kind == "organization"]
            )
            members = [m for m in args.noun_agents(token) if m.kind not in ("organization", "person")]
            if not members:
                members = [m for m in self._described(phrase, args) if m.kind != "organization"]
            if lemma in ("admission", "accession", "entry"):  # "the admission of the SADR"
                members += [m for m in args.prep_objects(token, ("of",)) if m.kind == "country"]
            if lemma in ("chair", "chairmanship", "presidency"):  # "takes over the chair from Kyrgyzstan"
                head = token.head if token.dep_ == "dobj" else token
                members += [m for m in args.prep_objects(head, ("from",)) if m.kind == "country"]
            if lemma in ("request", "application") and not (
                orgs
                or any(c.dep_ == "xcomp" and c.lemma_.lower() in lex["join_verbs"] for c in token.children)
                or any(
                    c.lower_ == "for" and any(p.lemma_.lower() == "membership" for p in c.children)
                    for c in token.children
                )
            ):
                return  # a request to join, or for membership; not any request
            if token.dep_ == "pobj" and token.head.head.lemma_.lower() in lex["apply_verbs"]:
                return  # "applied for membership": the verb's reader has it, as an application
            if (
                lemma not in ("bid", "request", "application")
                and token.dep_ == "dobj"
                and token.head.lemma_.lower()
                in (
                    self.lex["support"]["ratify_verbs"]
                    + self.lex["opposition"]["verbs"]
                    + self.lex["support"]["verbs"]
                )
            ):
                return  # "ratified/opposes/backed its accession": a stance on a membership, not one
            if lemma in ("bid", "candidate", "request", "application"):
                status = "applicant"
            elif lemma in ("observer", "partner"):
                status = lemma
            elif lemma in ("exit", "withdrawal", "departure"):
                modality = "negated"
        named = [o for o in orgs if o.kind == "organization"]
        intransitive = is_verb and not any(c.dep_ in ("dobj", "prep") for c in token.children)
        unspecified = not any(c.dep_ == "prep" and c.lower_ in ("of", "to", "in") for c in token.children)
        if not named and (
            (lemma in NOMINAL_MEMBERSHIP and unspecified)
            or (is_verb and lemma in lex["apply_verbs"])
            or (intransitive and lemma in lex["leave_verbs"])  # "Qatar left in 2019"
        ):
            recent = self.recent_organization(token)
            orgs = [recent] if recent is not None else []
        for m in members:
            for o in orgs:
                if o.kind == "organization":
                    yield Candidate("membership", m, o, token, {"status": status}, 0.75, modality=modality)


def clause_of(token: Token) -> Token | None:
    """The nearest finite verb above `token` (participles such as "telling" belong to their verb)."""
    t = token.head
    for _ in range(10):
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN"):
            return t
        if t.head == t:
            return None
        t = t.head
    return None


def _stripped_span(sent: Span) -> tuple[int, int]:
    """Character offsets of the sentence without the whitespace around it: text[a:b] == evidence."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, start + len(text.strip())


def _unique_entities(entities: list[Entity | None]) -> list[Entity]:
    seen: set[str] = set()
    out: list[Entity] = []
    for e in entities:
        if e is not None and e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out
