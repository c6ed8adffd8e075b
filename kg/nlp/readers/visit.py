"""Visits: who travelled where, told by a verb, a noun, a dateline or a summit attended."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Span, Token

from kg.model import Entity
from kg.nlp.args import Arguments, clause_verb, of_objects
from kg.nlp.mentions import Mention
from kg.nlp.readers.base import (
    REMOTE_WORDS,
    Candidate,
    ReaderBase,
    clause_of,
    phrase_end,
    starts_phrase,
)
from kg.nlp.readers.registry import on_sentence, on_words, reader


def _due_or_expected(token: Token, lex: dict[str, Any]) -> bool:
    """ "Lula is due in Beijing next week", "Modi is expected in Moscow": a planned trip."""
    return token.lower_ == "due" or (token.lower_ == "expected" and token.head.lemma_ == "be")


EVENT_LOOKBACK = 4  # sentences before a bare "the summit" in which its place may have been told


@reader("visit")
class VisitReader(ReaderBase):
    @on_sentence
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
                    if self._from_elsewhere(person, places[0].entity.country, args):
                        yield Candidate("visit", person, places[0], token, {}, 0.5, rule="in")
                continue
            if token.pos_ != "VERB" or token.lemma_.lower() not in verbs:
                continue
            if token.lemma_.lower() in self.lex["presence"]["objectless_verbs"] and any(
                c.dep_ == "dobj" for c in token.children
            ):
                continue  # "posed for photographs" is presence; "the tanks posed no threat" is not
            # "Mondino, attending a conference in Lima, said": the person the participle describes
            described = token.tag_ == "VBG" and token.dep_ == "acl" and token.lemma_.lower() == "attend"
            # "Attending the summit were A and B": the subjects come after "were", parsed as objects
            inverted = token.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lemma_ == "be" and c.i > token.i for c in token.children
            )
            # "Attending the meeting were A and B", parsed with the participle as the subject of "were"
            fronted = token.tag_ == "VBG" and token.dep_ == "csubj" and token.head.lemma_ == "be"
            # "a day after addressing a summit in Jeddah": the main clause's subject did it
            adverbial = (
                token.tag_ == "VBG"
                and token.dep_ == "pcomp"
                and token.head.lower_ in self.lex["presence"]["time_preps"]
            )
            if token.tag_ == "VBG" and not (inverted or fronted or described or adverbial):
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
                and (described or adverbial or clause_of(t) in (token, None))
                for p in t.children
                if p.dep_ == "pobj"
                for m in args.at(p)
            ]
            lex = self.lex["presence"]
            if any(t.lower_ in REMOTE_WORDS for t in token.subtree if clause_of(t) in (token, None)):
                continue  # "spoke by phone", "addressed the summit by video link"
            named = next((p for p in here if p is not None), None)
            place = named or self._told_event_place(token, args)
            place = place or (None if token.lemma_.lower() in lex["placed_verbs"] else dateline)
            if place is None:
                continue
            if fronted or inverted:
                # the persons named after "were", however the parser hangs the list (as objects,
                # attributes, subjects or a clause of its own)
                be = token.head
                if not fronted:
                    be = next(
                        c for c in token.children if c.dep_ == "aux" and c.lemma_ == "be" and c.i > token.i
                    )
                present = [m for m in args.ordered if be.i < m.start < token.sent.end and m.kind == "person"]
            elif described:
                present = args.at(token.head, proxy=False)
            elif adverbial:
                main = clause_of(token)
                present = args.subjects(token) or (args.subjects(main) if main is not None else [])
            elif any(c.dep_ == "auxpass" for c in token.children):
                # "the summit in Addis Ababa was attended by A and B"
                present = args.prep_objects(token, ("by",), deep=True)
            else:
                present = args.subjects(token)
            for person in present:
                if self._from_elsewhere(person, place.country, args):
                    # a describing participle states a fact whatever the main verb's modality
                    forced = "asserted" if described else None
                    yield Candidate("visit", person, place, token, {}, 0.5, modality=forced)
            if present:
                for person in self._replaced(token, args):  # "attended in place of Biden"
                    if self._from_elsewhere(person, place.country, args):
                        yield Candidate("visit", person, place, token, {}, 0.5, modality="negated")

    @on_sentence
    def attendance(self, sent: Span, args: Arguments) -> Iterator[Candidate]:
        """Summit reporting: who stayed away (negated visits) and who came instead."""
        lex = self.lex["attendance"]
        events = set(lex["event_nouns"])
        for token in sent:
            if token.lemma_ == "be" and token.dep_ == "ROOT" and self._says_present(token):
                # "Kiir was also in attendance", "Also present were A and B"
                here = self._event_place(token, args)
                if here is None:
                    continue
                for person in args.subjects(token):
                    if self._from_elsewhere(person, here.country, args):
                        yield Candidate("visit", person, here, token, {}, 0.5, rule="present")
                continue
            if token.pos_ == "NOUN" and token.lower_ in lex["participation_nouns"]:
                # "the summit was held with the participation of X", "in the presence of A and B"
                here = self._event_place(token, args)
                if here is None or any(t.lower_ in REMOTE_WORDS for t in token.head.subtree):
                    continue
                for person in args.prep_objects(token, ("of",)):
                    if self._from_elsewhere(person, here.country, args):
                        yield Candidate("visit", person, here, token, {}, 0.5, rule="participation")
                continue
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            objs = [c for c in token.children if c.dep_ == "dobj"]
            place = self._event_place(token, args)
            if place is None:
                continue
            persons: list[Mention] = []
            modality = None
            gathers = lemma in lex["draw_verbs"] or (
                lemma in lex["together_verbs"] and any(c.lower_ == "together" for c in token.children)
            )
            if gathers and any(c.dep_ == "nsubj" and c.lemma_.lower() in events for c in token.children):
                persons = [m for o in objs for m in args.at(o, proxy=False)]  # "the summit drew A and B"
            elif lemma in lex["skip_verbs"] and any(o.lemma_.lower() in events for o in objs):
                persons, modality = args.subjects(token), "negated"
            elif lemma == "stay" and any(c.lower_ == "away" for c in token.children):
                persons, modality = args.subjects(token), "negated"
            elif lemma == "represent" and args.passive_subjects(token):
                persons = args.subjects(token)  # the agent: "represented by Jaishankar"
            elif lemma in lex["send_verbs"]:
                persons = [m for o in objs for m in args.at(o, proxy=False)]
            elif lemma == "lead" and any(o.lemma_.lower() in lex["lead_nouns"] for o in objs):
                persons = args.subjects(token)
            elif lemma == "lead" and any(
                c.dep_ == "nsubjpass" and c.lemma_.lower() in lex["lead_nouns"] for c in token.children
            ):
                persons = args.prep_objects(token, ("by",))  # "the Pakistani delegation was led by Asif"
            elif lemma == "leave" and any(
                c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() == "lead" for c in token.children
            ):
                persons = [m for o in objs for m in args.at(o, proxy=False)]  # "leaving Lavrov to lead"
            for person in persons:
                if self._from_elsewhere(person, place.country, args):
                    yield Candidate("visit", person, place, token, {}, 0.5, modality=modality)

    @staticmethod
    def _replaced(verb: Token, args: Arguments) -> list[Mention]:
        """Whom the subject stood in for: "attended in place of President X", "instead of X"."""
        # the phrase may hang on the object too: "attended the summit in place of X"
        heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
        holders = [
            p
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ == "in"
            for p in c.children
            if p.dep_ == "pobj" and p.lower_ == "place"
        ]
        holders += [c for c in verb.children if c.lower_ == "instead"]
        found = [m for h in holders for m in args.prep_objects(h, ("of",))]
        # "instead of X", parsed as the preposition "of" modified by "instead"
        found += [
            m
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "of" and any(a.lower_ == "instead" for a in c.children)
            for p in c.children
            if p.dep_ == "pobj"
            for m in args.at(p)
        ]
        return [m for m in found if m.kind == "person"]

    def _from_elsewhere(self, person: Mention, here: str | None, args: Arguments) -> bool:
        """Whether a person at a place came from elsewhere: a leader of another state, or an official
        of an international body whose state the text does not say ("NATO Secretary-General X",
        "the Secretary-General of the Arab League, X", "X, the AU Commission's chairperson")."""
        if person.kind != "person":
            return False
        if person.entity.country:
            return person.entity.country != here
        doc = args.doc
        root = doc[person.start : person.end].root
        parts: list[list[Token]] = [list(doc[root.left_edge.i : person.start])]  # the title before the name
        if root.dep_ == "appos":  # "the Secretary-General of the Arab League, X"
            parts.append(list(doc[root.head.left_edge.i : root.i]))
        parts += [list(c.subtree) for c in root.children if c.dep_ == "appos"]  # "X, NATO's chief"
        offices = set(self.lex["presence"]["body_office_words"])
        for tokens in parts:
            if any(t.lower_ in offices for t in tokens) and any(
                m.kind == "organization" for t in tokens for m in args.by_root.get(t.i, [])
            ):
                return True
        return False

    def _says_present(self, be: Token) -> bool:
        """ "was in attendance", "were present", "was among those present": being at the event."""
        lex = self.lex["attendance"]
        words = lex["present_words"]
        # "Among the guests at the summit was X", "Among those attending were A and B"
        present_at = {*lex["event_nouns"], *lex["guest_nouns"], *words, "attending"}
        return any(
            (c.dep_ in ("acomp", "attr") and c.lower_ in words)
            or (c.dep_ == "prep" and any(p.dep_ == "pobj" and p.lower_ in words for p in c.children))
            or (
                c.dep_ == "prep"
                and c.lower_ == "among"
                # "were among more than 20 leaders who attended"
                and any(t.lower_ in present_at or t.lemma_ == "attend" for p in c.children for t in p.subtree)
            )
            for c in be.children
        )

    def _told_event_place(self, token: Token, args: Arguments) -> Entity | None:
        """Where "the summit" (an event named with "the" as the verb's object, or the subject it
        passes to: "the summit was chaired by X") was said to be in one of the few sentences before:
        "The summit opened in Astana on Monday. ... Japarov attended the summit." The nearest earlier
        sentence naming the same event with an "in" place tells it; "X also attended", with no
        object, attended the event told last."""
        events = set(self.lex["attendance"]["event_nouns"])
        objects = [
            n
            for c in token.children
            for n in ([c] if c.dep_ in ("dobj", "nsubjpass") else [p for p in c.children if p.dep_ == "pobj"])
            if c.dep_ in ("dobj", "nsubjpass", "prep")
        ]
        nouns = [
            n
            for n in objects
            if (n.lemma_.lower() in events or n.lower_ in events)  # ("the talks": a plural listed)
            and any(d.dep_ == "det" and d.lower_ in ("the", "that", "this") for d in n.children)
        ]
        if nouns:
            # "the summit" is the summit told before; "that gathering" any event told before
            demonstrative = any(d.dep_ == "det" and d.lower_ in ("that", "this") for d in nouns[0].children)
            wanted = events if demonstrative else {nouns[0].lemma_.lower(), nouns[0].lower_}
        elif token.lemma_.lower() == "attend" and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") for c in token.children
        ):
            wanted = events
        else:
            return None
        sentences = list(token.doc.sents)
        index = next((i for i, s in enumerate(sentences) if s.start <= token.i < s.end), 0)
        hosting = set(self.lex["meeting"]["hosted_verbs"])
        for sent in reversed(sentences[max(0, index - EVENT_LOOKBACK) : index]):
            for t in sent:
                if t.lemma_.lower() not in wanted and t.lower_ not in wanted:
                    continue
                for head in (t, t.head):
                    for m in args.prep_objects(head, ("in",)):
                        place = self.place(m) if m.kind == "country" else None
                        if place is not None:
                            return place
                # "Qatar hosted the Gulf leaders for their annual summit": the host's country
                verb = clause_verb(t)
                if verb.lemma_.lower() in hosting and verb.pos_ == "VERB":
                    for m in args.subjects(verb):
                        place = self.state(m)
                        if place is not None:
                            return place
        return None

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

    @on_words("visit", verbs=("verbs",), nouns=("nouns",), with_pos=True)
    def visits(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        # "talks with visiting President X" (not "after visiting camps in Turkey": a gerund clause)
        clause = token.dep_ == "pcomp" and token.head.lower_ in ("after", "before", "since", "while", "when")
        if is_verb and token.tag_ == "VBG" and token.dep_ in ("pcomp", "amod") and not clause:
            yield from self._visiting_guest(token, args)
            return
        preps = self.lex["visit"]["object_preps"]
        if is_verb:
            agents = args.subjects(token)
            places = args.direct_objects(token) + args.prep_objects(token, preps)
            if token.lemma_.lower() in ("visit", "tour"):
                places += args.passive_subjects(token)  # "Vietnam was visited by Biden"
                if not places:  # "visited refugee camps near Gaziantep": where the place visited is
                    places = [
                        m
                        for d in token.children
                        if d.dep_ == "dobj"
                        for m in args.prep_objects(d, ("in", "near", "around", "outside"), deep=True)
                    ]
        else:
            # "the first visit to Chile by a Peruvian leader in a decade": a kind of visitor, not one
            generic = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "by"
                for p in c.children
                if p.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in p.children)
            ]
            agents = [
                a
                for a in args.noun_agents(token)
                if not any(p.left_edge.i <= a.start and a.end - 1 <= p.right_edge.i for p in generic)
            ]
            tour = (
                token.lemma_.lower() in self.lex["visit"]["tour_nouns"]
                or token.lower_ in self.lex["visit"]["tour_nouns"]
            )
            places = args.prep_objects(token, (*preps, "of") if tour else preps)
            if not agents and not tour:
                # "the state visit of President X to Astana": the visitor in an "of" phrase (a tour
                # "of Asia" names places instead)
                agents = [m for m in args.prep_objects(token, ("of",)) if m.kind == "person"]
                if agents and not places:  # "... of the Uzbek leader to Astana", "to" hung on the leader
                    places = [m for p in of_objects(token) for m in args.prep_objects(p, preps)]
            if not places and token.lemma_.lower() in ("stop", "stopover"):
                # "chose Austria as the second stop of his tour", "made China the first stop": the
                # place is what the governing verb makes a stop, the traveller its subject
                verb = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "as" else token.head
                if verb.pos_ == "VERB":
                    made = [c for c in verb.children if c.dep_ == "dobj"]
                    made += [c for c in token.children if c.dep_ == "nsubj"]  # "made [China the stop]"
                    places = [m for c in made for m in args.at(c)]
                    agents = agents or (args.subjects(verb) if places else [])
            if not places and token.dep_ == "pobj" and token.head.lower_ == "for":
                # "Sri Lanka's president is in India for a two-day visit"
                places = args.prep_objects(token.head.head, ("in", "to"))
            head, lex = token.head, self.lex["visit"]
            if not places and token.dep_ == "dobj" and head.lemma_.lower() in lex["light_verbs"]:
                # "made his first trip abroad to Israel": the destination may hang off the light verb
                places = args.prep_objects(head, preps)
            framed = (
                token.dep_ == "pobj"
                and head.lower_ in lex["frame_preps"]
                and head.head.pos_ in ("VERB", "AUX")
            )
            owned_by_pronoun = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
            # a phrase set before its clause's subject: "his" points forward to that subject
            fronted = framed and all(
                s.i > head.i for s in head.head.children if s.dep_ in ("nsubj", "nsubjpass")
            )
            if framed and (not agents or (owned_by_pronoun and fronted)):
                # "is on a tour of Asia, with stops in Hanoi", "during his stay in Lima, Boric met ...":
                # the traveller is the subject of the clause the phrase frames, whom "his" points to
                agents = args.subjects(head.head)
        if not places:
            # "travelled to Russia's Far East", "a trip to China's Xinjiang region": the country
            # owning the place named
            regions = set(self.lex["visit"]["region_nouns"])
            places = [
                m
                for h in ([token, token.head] if not is_verb and token.dep_ == "dobj" else [token])
                for c in h.children
                if c.dep_ == "prep" and c.lower_ in preps
                for p in c.children
                if p.dep_ == "pobj" and (p.pos_ == "PROPN" or p.lemma_.lower() in regions)
                for o in p.children
                if o.dep_ == "poss"
                for m in args.at(o)
                if m.kind == "country"
            ]
        journeys = set(self.lex["visit"]["nouns"])
        if (
            is_verb
            and token.lemma_.lower() not in ("visit", "tour")
            # ("travelled to Lima, the first visit by ...": a journey noun the parser made the object)
            and any(
                c.dep_ == "dobj" and not args.at(c) and c.lemma_.lower() not in journeys
                for c in token.children
            )
        ):
            return  # "Cairo flew planeloads of arms to ...": transport, not travel
        home = is_verb and any(
            c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod") for c in token.children
        )
        if is_verb and any(
            c.lower_ == "to"
            and any(p.lemma_.lower() in self.lex["visit"]["not_destinations"] for p in c.children)
            for c in token.children
        ):
            return  # "the Taliban returned to power in Kabul": no journey
        if is_verb and not places and not home and token.lemma_.lower() in ("arrive", "fly", "land"):
            # ("flew home from Kampala": the dateline's country is the traveller's own)
            dateline = self.dateline_country(token.doc)
            if dateline is not None:  # "Putin, who flew in on Wednesday" in a story datelined ASTANA
                places = [Mention(token.i, token.i + 1, dateline, "dateline")]
        if is_verb and token.lemma_.lower() in self.lex["visit"]["origin_verbs"]:
            # "arrived from Pyongyang", "flew home early from a summit in Kampala": where the trip
            # came from was visited before (one's own country is filtered out below)
            places = places + self._origins(token, args)
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

    def _visiting_guest(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "held talks here with visiting Ecuadorian President Noboa", "the visiting minister X":
        the person the participle describes is the visitor, to the place of the story (a place
        named in the sentence, else the dateline); a "with" phrase makes him the subject's guest."""
        guests = [
            m for m in args.direct_objects(token) + args.at(token.head, proxy=False) if m.kind == "person"
        ]
        place = self._event_place(token, args)
        if not guests or place is None:
            return
        hosts = []
        if token.dep_ == "pcomp" and token.head.lower_ == "with":
            verb = clause_of(token)
            hosts = [m for m in args.subjects(verb) if m.kind == "person"] if verb is not None else []
        for guest in guests:
            if guest.entity.country and guest.entity.country != place.country:
                yield Candidate("visit", guest, place, token, {}, 0.7)
            for host in hosts:
                if host.entity.id != guest.entity.id:
                    yield Candidate("meeting", host, guest, token, {"location": place.label}, 0.7)

    def _origins(self, verb: Token, args: Arguments) -> list[Mention]:
        """The first place named in each "from" phrase of the verb's own clause."""
        found: list[Mention] = []
        for t in verb.subtree:
            if t.dep_ == "prep" and t.lower_ == "from" and clause_of(t) == verb:
                named = [m for p in t.children if p.dep_ == "pobj" for m in args.within(p)]
                # ("from a Non-Aligned Movement summit in Kampala": the first that is a place)
                found.extend([m for m in named if self.place(m) is not None][:1])
        return found

    @on_words("visit", also=starts_phrase("visit"))
    def phrased(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Putin's plane touched down at Hanoi's airport", "set foot in Kabul": arriving somewhere."""
        end = phrase_end(token, self.lex["visit"]["phrases"], self.lex["phrasal"]["skip_words"])
        if end is None:
            return
        # anywhere in the object phrase: "at Hanoi's Noi Bai airport"
        places = [m for p in end.children if p.dep_ == "pobj" for m in args.within(p)]
        # "Ruto's plane touched down": whose vehicle it is (not a subject the clause would borrow
        # from the sentence: "When X's plane landed in Hanoi, Vietnam ...")
        vehicles = self.lex["visit"]["vehicle_nouns"]
        agents = [
            m
            for c in token.children
            if c.dep_ == "nsubj" and c.lemma_.lower() in vehicles
            for m in args.modifiers(c)
        ] or args.subjects(token)
        for agent in (a for a in agents if a.kind == "person"):
            for where in places:
                country = self.place(where)
                if country is not None and agent.entity.country not in (None, country.country):
                    yield Candidate("visit", agent, country, token, {}, 0.6)

    @on_words("visit", also=_due_or_expected)
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
