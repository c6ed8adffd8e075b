"""Stances: support, opposition and accusations, acts of the persons who speak."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments
from kg.nlp.readers.base import SPEECH_VERBS, Candidate, ReaderBase, phrase


class StanceReaders(ReaderBase):
    def directed(self, kind: str, token: Token, args: Arguments) -> Iterator[Candidate]:
        # "backed Ukraine's bid": whose bid it is
        acts = set(self.lex["support"]["act_nouns"])
        authored = [  # "welcomed the decision by the United States", "commended X for its efforts"
            m
            for c in token.children
            if c.dep_ == "dobj" and c.lemma_.lower() in acts
            for m in args.modifiers(c) + args.prep_objects(c, ("by",))
        ]
        if token.lemma_.lower() in self.lex["support"]["act_verbs"]:
            objects = authored
        else:
            objects = (
                args.direct_objects(token)
                or authored
                or [m for c in token.children if c.dep_ == "dobj" for m in args.modifiers(c)]
            )
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
            topic = phrase(
                t
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

    def accusations(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        # "condemned the Iranian strikes", "denounced Russia's annexation": the author of the act
        accused = (
            args.passive_subjects(token)
            or args.direct_objects(token)
            or [m for c in token.children if c.dep_ == "dobj" for m in args.modifiers(c)]
        )
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

    def deserved(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Aliyev said Trump deserved the Nobel Peace Prize": the speaker backs who deserves it."""
        speaker = next((t for t in token.ancestors if t.lemma_.lower() in SPEECH_VERBS), None)
        if speaker is None:
            return
        for s in args.subjects(speaker):
            for o in args.subjects(token):
                if s.entity.id != o.entity.id:
                    yield Candidate("support", s, o, token, {}, 0.55)

    def sided(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "moved quickly to side with Mogadishu", "stood by Kyiv", "lined up behind Vilnius": the
        subject supports the object of the verb's own preposition (side_phrases)."""
        lemma = token.lemma_.lower()
        preps = [
            p.split(" ", 1)[1] for p in self.lex["support"]["side_phrases"] if p.split(" ", 1)[0] == lemma
        ]
        for s in args.subjects(token):
            for o in args.prep_objects(token, preps):
                # one stands beside a person in a photograph; one stands by a state
                if lemma != "side" and o.kind != "country":
                    continue
                if self.state(o) is None or self.state(o) != self.state(s):
                    yield Candidate("support", s, o, token, {}, 0.6)

    def summoned(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "summoned the Afghan ambassador", "summoned Japan's envoy": a formal protest, an accusation
        of the state the envoy serves."""
        envoys = set(self.lex["sanction"]["envoy_nouns"])
        for obj in (c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in envoys):
            accused = args.modifiers(obj) + args.prep_objects(obj, ("of", "from"))
            accused = accused or [m for m in args.at(obj) if m.kind == "person"]
            accusers = args.subjects(token)
            for a in accused:
                for s in accusers:
                    if self.state(s) != self.state(a):
                        yield Candidate("accusation", s, a, token, {"topic": "summoned envoy"}, 0.6)

    def stance_nouns(self, token: Token, args: Arguments, kind: str) -> Iterator[Candidate]:
        """ "voiced support for Manila", "expressed gratitude to Beijing", "voiced concern over New
        Delhi's ties", "stood in solidarity with Vilnius": a stance noun that a light verb takes up,
        or that an "in" phrase states; the stance is held toward the object of its preposition (or
        toward the owner of what that object names)."""
        lex = self.lex["support"] if kind == "support" else self.lex["opposition"]
        preps = lex["stance_preps"] if kind == "support" else lex["concern_preps"]
        head = token.head
        if token.dep_ == "dobj" and head.lemma_.lower() in self.lex["support"]["stance_verbs"]:
            holders = args.subjects(head)
        elif token.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
            holders = args.subjects(head.head)  # "stood in solidarity with"
        else:
            return
        # "expressed gratitude to Beijing": the preposition may hang off the light verb
        owners = [token, head] if token.dep_ == "dobj" else [token]
        objects = [
            p
            for o in owners
            for c in o.children
            if c.dep_ in ("prep", "dative") and c.lower_ in preps and (o == token or c.lower_ != "for")
            for p in c.children
            if p.dep_ in ("pobj", "pcomp")
        ]
        targets = [m for p in objects for m in (args.at(p) or args.modifiers(p))]
        for s in holders:
            own = self.state(s)
            for t in targets:
                if t.entity.id != s.entity.id and (own is None or own.id != t.entity.id):
                    topic = None if kind == "support" else self.words(objects[0])
                    yield Candidate(kind, s, t, token, {"topic": topic}, 0.6)
