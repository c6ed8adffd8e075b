"""Encounters: visits, meetings, hosts and guests, who attended a summit and who stayed away."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.model import Entity
from kg.nlp.args import Arguments
from kg.nlp.args import unique_mentions as _unique_mentions
from kg.nlp.mentions import Mention
from kg.nlp.readers.base import (
    REMOTE_WORDS,
    Candidate,
    ReaderBase,
    clause_of,
)


class EncounterReaders(ReaderBase):
    def presence(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        """A foreign leader doing something in person ("signed the declaration at the summit") was in
        the country where it happened: named in an "at"/"in" phrase, or the story's dateline."""
        verbs = set(self.lex["presence"]["verbs"])
        dateline = self.dateline_country(sent.doc)
        for token in sent:
            if token.lemma_ == "be" and token.pos_ == "AUX" and token.dep_ in ("ROOT", "conj", "ccomp"):
                # "Milei was in Lima on Tuesday": a person in a foreign country's place is visiting
                places = [m for m in args.prep_objects(token, ("in",)) if m.kind == "country"]
                for person in args.subjects(token) if places else []:
                    country = person.entity.country
                    if person.kind == "person" and country and country != places[0].entity.country:
                        yield Candidate("visit", person, places[0], token, {}, 0.5, rule="in")
                continue
            if token.pos_ != "VERB" or token.lemma_.lower() not in verbs:
                continue
            # "Mondino, attending a conference in Lima, said": the person the participle describes
            described = token.tag_ == "VBG" and token.dep_ == "acl" and token.lemma_.lower() == "attend"
            # "Attending the summit were A and B": the subjects come after "were", parsed as objects
            inverted = token.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lemma_ == "be" and c.i > token.i for c in token.children
            )
            if token.tag_ == "VBG" and not inverted and not described:
                continue
            if token.tag_ == "VB" and not any(
                c.dep_ == "aux" and c.lemma_.lower() in ("do", "will", "shall") for c in token.children
            ):
                continue  # "did not attend", "will attend" are about presence; "to sign" is not
            here = [self.place(m) for m in args.prep_objects(token, ("at", "in"))] + [
                self.place(m)
                for t in token.subtree
                if t.dep_ == "prep"
                and t.lower_ in ("at", "in")
                and (described or clause_of(t) in (token, None))
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
            lex = self.lex["presence"]
            if any(t.lower_ in REMOTE_WORDS for t in token.subtree if clause_of(t) in (token, None)):
                continue  # "spoke by phone", "addressed the summit by video link"
            named = next((p for p in here if p is not None), None)
            place = named or (None if token.lemma_.lower() in lex["placed_verbs"] else dateline)
            if place is None:
                continue
            if inverted:
                be = next(c for c in token.children if c.dep_ == "aux" and c.lemma_ == "be")
                present = [
                    m
                    for c in token.children
                    if c.dep_ == "dobj" and c.i > be.i
                    for m in args.at(c, proxy=False)
                ]
            elif described:
                present = args.at(token.head, proxy=False)
            elif any(c.dep_ == "auxpass" for c in token.children):
                # "the summit in Addis Ababa was attended by A and B"
                present = args.prep_objects(token, ("by",), deep=True)
            else:
                present = args.subjects(token)
            for person in present:
                country = person.entity.country
                if person.kind == "person" and country and country != place.country:
                    # a describing participle states a fact whatever the main verb's modality
                    forced = "asserted" if described else None
                    yield Candidate("visit", person, place, token, {}, 0.5, modality=forced)

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
            if not places and token.dep_ == "pobj" and token.head.lower_ == "for":
                # "Sri Lanka's president is in India for a two-day visit"
                places = args.prep_objects(token.head.head, ("in", "to"))
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
            subjects = args.subjects(token)
            objects = args.direct_objects(token) + args.prep_objects(token, preps)
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
                parties += args.prep_objects(token.head, preps)
                places.append(token.head)
            elif token.dep_ in ("nsubj", "nsubjpass"):
                places.append(token.head)  # "Talks ... resumed in Washington"
            elif (
                token.dep_ == "pobj"
                and token.head.lower_ in ("in", "during", "over")
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

    def due_in(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The foreign minister is due in Lima on Friday", "Lula is expected in Nairobi next week":
        a planned trip, the place in the "in" phrase of the adjective or participle."""
        if token.dep_ not in ("acomp", "ROOT", "xcomp"):
            return
        verb = token.head if token.dep_ == "acomp" else token
        places = args.prep_objects(token, ("in", "at"))
        if token.lower_ == "expected" or not places:
            places = places or args.prep_objects(verb, ("in",))
        agents = args.subjects(verb) or args.passive_subjects(verb)
        for agent in agents:
            for where in places:
                country = self.place(where)
                # persons only: "Australia's trade minister is due in Paris" names a traveller the
                # country stands in for, and a country-level trip would echo a person-level one
                if agent.kind != "person" or country is None:
                    continue
                if agent.entity.country == country.country:
                    continue
                yield Candidate("visit", agent, country, token, {}, 0.6, modality="planned")

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

    def discussions(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "The two leaders discussed Ukraine": who talked; where is not what they talked about."""
        persons = _unique_mentions(
            [m for m in args.subjects(token) + args.prep_objects(token, ("with",)) if m.kind == "person"]
        )
        if len(persons) >= 2:
            yield from self._meet(persons, token, args, [], 0.6, visits=False)

    def hostings(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Erdogan hosted Abiy and Hassan", "Xi was received by Lula", "Hanoi has hosted the leaders
        of A, B and C": each guest visits the host's country and meets the host (the guests do not
        meet each other by being hosted); guests named by their countries only visit and meet as
        countries."""
        if args.passive_subjects(token):
            guests, hosts = args.passive_subjects(token), args.subjects(token)
        else:
            hosts = args.subjects(token)
            objs = [c for c in token.children if c.dep_ == "dobj"]
            if any(o.lemma_.lower() in self.lex["support"]["act_nouns"] for o in objs):
                return  # "welcomed the decision by Argentina" welcomes an act, not a guest
            own = {h.entity.id for h in hosts}  # a title word read as the host himself is no guest
            guests = (
                [m for c in objs for m in args.at(c, proxy=False) if m.entity.id not in own]
                # "hosted President of Ghana Nana Akufo-Addo and ...": the persons the titles name
                or [m for c in objs for m in args.within(c) if m.kind == "person" and m.entity.id not in own]
                # "hosted the leaders of Ghana and Chile": their countries
                or [m for c in objs for m in args.within(c) if m.kind == "country"]
            )
        hosts = [h for h in hosts if h.kind in ("person", "country")]
        if len(hosts) != 1 or not guests:
            return
        host = hosts[0]
        country = self.state(host)
        if country is None:
            return
        named = {"host": host.entity.label} if host.kind == "person" else {}
        talks = set(self.lex["meeting"]["nouns"])
        if any(
            p.lower_ in talks
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "for"
            for p in c.children
        ):
            # "hosted Abiy and Hassan for talks": the guests met each other too
            persons = _unique_mentions([g for g in guests if g.kind == "person"])
            yield from self._meet(persons, token, args, [token], 0.7, visits=False)
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
