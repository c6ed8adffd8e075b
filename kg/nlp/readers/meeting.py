"""Meetings: talks, hosts and guests, handovers, calls and summits joined from afar."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Token

from kg.nlp.args import Arguments
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.lexicon import role_nouns
from kg.nlp.mentions import Mention
from kg.nlp.readers.base import (
    REMOTE_WORDS,
    Candidate,
    ReaderBase,
    clause_of,
    starts_phrase,
)
from kg.nlp.readers.registry import on_words, reader


def _participle(token: Token) -> bool:
    return token.tag_ == "VBN"


def _joint_appearance(token: Token, lex: dict[str, Any]) -> bool:
    """ "at a joint press conference with Pena", "a joint news conference": appearing together."""
    words = lex["meeting"]["appearance_nouns"]
    marks = lex["meeting"]["appearance_marks"]
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.lemma_.lower() in words
        and any(c.dep_ in ("compound", "amod") and c.lower_ in marks for c in token.children)
    )


@reader("meeting")
class MeetingReader(ReaderBase):
    @on_words("meeting", verbs=("verbs",), nouns=("nouns",), also=_joint_appearance, with_pos=True)
    def meetings(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["meeting"]["object_preps"]
        places = [token]
        agents: list[Mention] = []
        if is_verb:
            subjects = args.subjects(token)
            objects = args.direct_objects(token) + args.prep_objects(token, preps)
            if token.lemma_.lower() == "call" and (
                not objects
                or any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in token.children)
                or any(c.dep_ == "dobj" and c.lower_ in ("what", "which", "it") for c in token.children)
            ):
                return  # "what they called an attack", "called it a provocation": naming, not a call
            if not objects and any(
                c.dep_ in ("prep", "prt") and c.lower_ in ("against", "out", "up") for c in token.children
            ):
                return  # "the delegations that spoke against the blockade", "spoke out": a stand, not talks
            sides = _unique_mentions([m for m in subjects if m.kind == "person"])
            others = _unique_mentions([m for m in objects if m.kind == "person"])
            if sides and others:
                # "X has met A, B and C": meetings of X with each, not of A, B and C among themselves
                for a in sides:
                    for b in others:
                        if a.entity.id != b.entity.id:
                            yield from self._meet([a, b], token, args, places, 0.75)
                return
            parties = subjects + objects
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
                if not any(p.kind == "person" for p in parties[len(agents) :]):
                    parties += args.prep_objects(token.head, preps)
                places.append(token.head)
            elif token.dep_ in ("nsubj", "nsubjpass"):
                places.append(token.head)  # "Talks ... resumed in Washington"
            elif (
                token.dep_ == "pobj"
                and token.head.lower_ in ("in", "during", "over", "at")
                and token.head.head.pos_ == "VERB"
            ):
                # "Boric thanked Marin in a phone call", "told his counterpart during talks": the
                # speaker and, unless the talks name their own partner, whom he spoke to
                said = token.head.head
                agents = agents + [m for m in args.subjects(said) if m.kind == "person"]
                addressed = [
                    m for c in said.children if c.dep_ in ("dobj", "dative") for m in args.at(c, proxy=False)
                ]
                named = {a.entity.id for a in agents}
                own = [m for m in parties if m.entity.id not in named]
                parties = agents + (own or [m for m in addressed if m.kind == "person"])
        persons = _unique_mentions([p for p in parties if p.kind == "person"])
        kind = "person" if len(persons) >= 2 else "country"
        group = persons if kind == "person" else _unique_mentions([p for p in parties if p.kind == "country"])
        between = args.prep_objects(token, ("between",))
        separate = self.lex["meeting"]["separate_words"]
        if (
            kind == "country"
            and len(group) >= 2
            and not is_verb
            and any(c.lower_ in separate for c in token.children)
        ):
            # "Ruto held separate talks with each of the three delegations", no guest named: the
            # host's country with each guest's
            host_states = [e for e in (self.state(a) for a in agents if a.kind == "person") if e is not None][
                :1
            ]
            for host in host_states:
                for guest in group:
                    if guest.entity.id != host.id:
                        side = Mention(agents[0].start, agents[0].end, host, "state")
                        yield Candidate("meeting", side, guest, token, {}, 0.6, rule="separate")
            if host_states:
                return
        if len(group) >= 2 and not is_verb and not any(a.kind == kind for a in agents + between):
            return  # "negotiations with Ukraine and Moldova": who talks with them is not said
        own_partner = any(p.kind == "person" for p in parties if p not in agents)
        if not is_verb and token.dep_ == "dobj" and own_partner:
            # "held talks with Boric on Wednesday, and with Petro on Thursday": a "with" phrase on
            # the verb beside the talks' own is a meeting of its own, on its own day, with the
            # subject only
            yield from self._coordinated_partners(token.head, args, preps)
        if (
            kind == "person"
            and len(group) >= 3
            and any(c.lower_ in separate for t in (token, token.head) for c in t.children)
        ):
            # "held separate talks with A, B and C": the host met each, they did not meet each other
            hosts = [p for p in group if any(a.entity.id == p.entity.id for a in agents)]
            for a in hosts:
                for b in group:
                    if b not in hosts:
                        yield from self._meet([a, b], token, args, places, 0.75)
            return
        if len(group) >= 2:
            yield from self._meet(group, token, args, places, 0.75)
            return
        # "his meetings in Armenia": no second party named, but the place is a visit.
        for where in (self.place(m) for t in places for m in args.prep_objects(t, ("in",))):
            for p in persons:
                if where is not None and p.entity.country and p.entity.country != where.country:
                    yield Candidate("visit", p, where, token, {}, 0.6)

    def _coordinated_partners(self, verb: Token, args: Arguments, preps: list[str]) -> Iterator[Candidate]:
        hosts = [m for m in args.subjects(verb) if m.kind == "person"]
        for c in verb.children:
            if c.dep_ not in ("conj", "prep") or c.pos_ != "ADP" or c.lower_ not in preps:
                continue
            partners = [m for p in c.children if p.dep_ == "pobj" for m in args.at(p) if m.kind == "person"]
            for a in hosts:
                for b in partners:
                    if a.entity.id != b.entity.id:
                        yield from self._meet([a, b], c, args, [c], 0.7)

    @on_words("meeting", verbs=("hosted_verbs",), only_if=_participle)
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

    @on_words("handover", verbs=("verbs",))
    def handovers(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "handed Finland's instrument of accession to Blinken": giving in person is meeting."""
        if any(c.dep_ == "prt" for c in token.children):
            return  # "handed over the presidency": a transfer, not an encounter
        receivers = [  # "to" may hang off the object
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

    @on_words("meeting", verbs=("remote_join_verbs",))
    def joined_remotely(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Erdogan joined by telephone": a participant of the meeting the story just told of."""
        remote = {"telephone", "phone", "video", "videoconference", "videolink", "link"}
        if not any(
            c.dep_ in ("prep", "agent") and any(p.lemma_.lower() in remote for p in c.children)
            for c in token.children
        ):
            return
        joiners = [m for m in args.subjects(token) if m.kind == "person"]
        group = _unique_mentions(joiners + list(token.doc.user_data.get("last_meeting", [])))
        if joiners and len(group) > len(joiners):
            yield from self._meet(group, token, args, [], 0.5, visits=False)

    @on_words("meeting", verbs=("discuss_verbs",))
    def discussions(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The two leaders discussed Ukraine": who talked; where is not what they talked about."""
        # "visited Addis Ababa to discuss the crisis with Abiy": the traveller discusses, and the
        # parser may hang "with" on what is discussed
        subjects = args.subjects(token)
        if not subjects and token.dep_ in ("advcl", "xcomp") and token.head.pos_ == "VERB":
            subjects = args.subjects(token.head)
        partners = args.prep_objects(token, ("with",)) + [
            m for c in token.children if c.dep_ == "dobj" for m in args.prep_objects(c, ("with",))
        ]
        persons = _unique_mentions([m for m in subjects + partners if m.kind == "person"])
        if len(persons) >= 2:
            yield from self._meet(persons, token, args, [], 0.6, visits=False)

    @on_words("meeting", verbs=("host_verbs",))
    def hostings(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Erdogan hosted Abiy and Hassan", "Xi was received by Lula", "Hanoi has hosted the leaders
        of A, B and C": each guest visits the host's country and meets the host (the guests do not
        meet each other by being hosted); guests named by their countries only visit and meet as
        countries."""
        if args.passive_subjects(token):
            guests, hosts = args.passive_subjects(token), args.subjects(token)
            if not hosts:
                # "was welcomed with an official ceremony by X": the agent hung on the ceremony
                hosts = [
                    m
                    for c in token.children
                    if c.dep_ == "prep"
                    for p in c.children
                    if p.dep_ == "pobj"
                    for b in p.children
                    if b.dep_ == "prep" and b.lower_ == "by"
                    for q in b.children
                    if q.dep_ == "pobj"
                    for m in args.at(q)
                ]
        else:
            hosts = args.subjects(token)
            objs = [c for c in token.children if c.dep_ == "dobj"]
            if any(o.lemma_.lower() in self.lex["support"]["act_nouns"] for o in objs):
                return  # "welcomed the decision by Argentina" welcomes an act, not a guest
            if any(o.lower_ in REMOTE_WORDS or o.lemma_.lower() in REMOTE_WORDS for o in objs):
                return  # "received a phone call from Boric": the call's reader has it, no guest came
            own = {h.entity.id for h in hosts}  # a title word read as the host himself is no guest
            guests = (
                [m for c in objs for m in args.at(c, proxy=False) if m.entity.id not in own]
                # "hosted President of Ghana Nana Akufo-Addo and ...": the persons the titles name
                or [
                    m
                    for c in objs
                    for m in args.within_phrase(c)
                    if m.kind == "person" and m.entity.id not in own
                ]
                # "hosted the leaders of Ghana and Chile": their countries (not "hosts a US base",
                # nor "is hosting French troops": forces stationed are no guests)
                or [
                    m
                    for c in objs
                    if c.lemma_.lower() not in self.lex["conflict"]["force_nouns"]
                    and c.lower_ not in self.lex["conflict"]["force_nouns"]
                    and (
                        c.lemma_.lower() in role_nouns()
                        or c.lower_ in args.proxies
                        or c.lemma_.lower() in args.proxies
                    )
                    for m in args.within_phrase(c)
                    if m.kind == "country"
                ]
            )
        hosts = [h for h in hosts if h.kind in ("person", "country")]
        persons = [h for h in hosts if h.kind == "person"]
        if len(persons) == 1 and all(
            h.kind == "person" or h.entity.country == persons[0].entity.country for h in hosts
        ):
            hosts = persons  # "by Brazil's foreign minister Mauro Vieira": the country is his title's
        known = {s.id: s for s in (self.state(p) for p in persons) if s is not None}
        party_state = next(iter(known.values())) if len(known) == 1 else None
        if len(persons) >= 2 and len(persons) == len(hosts) and party_state is not None:
            party = persons  # "was received at the airport by A and B": each met the guest, for one state
        elif len(hosts) == 1:
            party, party_state = hosts, None
        else:
            return
        if not guests:
            return
        talks = set(self.lex["meeting"]["nouns"])
        if any(
            p.lower_ in talks
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "for"
            for p in c.children
        ):
            # "hosted Abiy and Hassan for talks": the guests met each other too
            together = _unique_mentions([g for g in guests if g.kind == "person"])
            yield from self._meet(together, token, args, [token], 0.7, visits=False)
        for host in party:
            country = self.state(host) or party_state
            if country is None:
                continue
            named = {"host": host.entity.label} if host.kind == "person" else {}
            for guest in _unique_mentions(guests):
                guest_country = self.state(guest)
                if guest.kind not in ("person", "country") or guest_country is None:
                    continue
                if guest_country.id != country.id:
                    yield Candidate("visit", guest, country, token, dict(named), 0.75)
                if guest.kind == host.kind:
                    pair = [host, guest]
                elif guest.kind == "country":  # a country's leaders hosted by a person: the countries met
                    pair = [Mention(host.start, host.end, country, "host"), guest]
                else:
                    continue
                for cand in self._meet(pair, token, args, [token], 0.75, visits=False):
                    # a host receives at home unless the text says where
                    cand.attributes["location"] = cand.attributes.get("location") or country.label
                    yield cand

    @on_words("meeting", nouns=("hospitality_nouns",))
    def hospitality(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "held an official reception for the Chinese President", "gave a state banquet in honour
        of Lula": the host met the guest, who came to the host's country."""
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in ("over", "during")
            and token.head.head.pos_ == "VERB"
        ):
            # "raised his concerns with Macron over dinner in Paris": the two ate together, there
            verb = token.head.head
            diners = [m for m in args.subjects(verb) if m.kind == "person"]
            heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]  # "raised concerns with X"
            others = [
                m
                for m in [m for h in heads for m in args.prep_objects(h, ("with",))]
                + args.direct_objects(verb)
                if m.kind == "person"
            ]
            for a in diners[:1]:
                for b in others:
                    if a.entity.id != b.entity.id:
                        yield from self._meet([a, b], token, args, [token, verb], 0.6)
            return
        phrase = token.head if token.dep_ == "compound" else token  # "a reception ceremony"
        # the parser may hang "for"/"in honour of" on the verb whose object the phrase is
        heads = [phrase, phrase.head] if phrase.dep_ == "dobj" else [phrase]
        honour = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "in"]
        guests = [m for h in heads for m in args.prep_objects(h, ("for",))] + [
            m
            for c in honour
            for p in c.children
            if p.dep_ == "pobj" and p.lower_ in ("honour", "honor")
            for m in args.prep_objects(p, ("of",))
        ]
        guests = [g for g in guests if g.kind == "person"]
        hosts = [h for h in args.noun_agents(phrase) if h.kind == "person"]
        if len(hosts) != 1 or not guests:
            return
        host, country = hosts[0], self.state(hosts[0])
        for guest in guests:
            guest_country = self.state(guest)
            if guest.entity.id == host.entity.id:
                continue
            if country is not None and guest_country is not None and guest_country.id != country.id:
                yield Candidate("visit", guest, country, token, {"host": host.entity.label}, 0.6)
            yield from self._meet([host, guest], token, args, [token], 0.65, visits=False)

    @on_words("meeting", also=starts_phrase("meeting"))
    def phrased(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Boric sat down with Arce", "shook hands with Noboa", "called on the President of
        Poland": idioms of meeting in person (not "called on Poland to act": a request)."""
        if any(c.dep_ in ("xcomp", "ccomp") for c in token.children):
            return
        partners, _ = self.phrased_objects(token, "meeting", args)
        for a in (m for m in args.subjects(token) if m.kind == "person"):
            for b in (m for m in partners if m.kind == "person"):
                if a.entity.id != b.entity.id:
                    yield from self._meet([a, b], token, args, [token], 0.7)
