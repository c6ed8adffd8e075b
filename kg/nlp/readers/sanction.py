"""Sanctions, by the contract's conventions: sanctions, bans, expulsions, suspensions, broken ties."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Token

from kg.model import Entity
from kg.nlp.args import Arguments, of_objects
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)
from kg.nlp.readers.registry import on_words, reader


def _restrictive_measure(token: Token, lex: dict[str, Any]) -> bool:
    """ "restrictive measures against Belarus": "measures" is a sanction with one of these adjectives,
    or taken "against" a party ("announced parallel measures against Minsk")."""
    if token.pos_ not in ("NOUN", "PROPN") or token.lemma_ != "measure":
        return False
    heads = [token, token.head] if token.dep_ == "dobj" else [token]
    return any(
        c.dep_ == "amod" and c.lower_ in lex["sanction"]["measure_adjectives"] for c in token.children
    ) or any(c.dep_ == "prep" and c.lower_ == "against" for h in heads for c in h.children)


def _owners(args: Arguments, head: Token, preps: list[str]) -> list[Any]:
    """ "imposed tariffs on Australian wine", "sanctions on Russian banks": the state whose goods,
    firms or people the measure falls on, from the modifier of the object of its preposition."""
    found = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    for mod in obj.children:
                        if mod.dep_ in ("amod", "poss", "compound"):
                            found += args.at(mod)
    return found


@reader("sanction")
class SanctionReader(ReaderBase):
    @on_words("sanction", verbs=("verbs",), nouns=("nouns",), also=_restrictive_measure, with_pos=True)
    def sanctions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        preps = self.lex["sanction"]["object_preps"]
        if is_verb:
            imposers, targets = args.subjects(token), args.direct_objects(token)
        else:
            # "imposed a fourteenth package of sanctions on Russia": read the phrase from its head noun
            phrase = token
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
                phrase = token.head.head
            imposers = args.modifiers(token)
            stance = phrase.dep_ == "dobj" and phrase.head.lemma_.lower() in self.lex["opposition"]["verbs"]
            if not imposers and not stance:  # "Hungary opposed sanctions on Russia": no imposer
                imposers = args.noun_agents(phrase)
            heads = [token, phrase] + ([phrase.head] if phrase.dep_ == "dobj" else [])
            targets = [
                m
                for h in heads
                for m in args.prep_objects(h, preps, deep=h == token)
                if m.kind in ("country", "organization")
            ] or [m for h in heads[1:] for m in _owners(args, h, preps) if m.kind == "country"]
            imposed = [
                c for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in ("impose", "level")
            ]
            if imposed:  # "sanctions imposed on Caracas by the West"
                imposers = args.prep_objects(imposed[0], ("by",)) or imposers
                targets = targets or [
                    m for m in args.prep_objects(imposed[0], preps) if m.kind in ("country", "organization")
                ]
            if not targets:
                targets = self._under_sanctions(phrase, args)
        modality = None
        t = token
        for _ in range(3):
            if t.dep_ in ("nsubj", "nsubjpass"):
                break  # "sanctions ... could be turned into an opportunity": the verb is not done to them
            t = t.head
            if t.lemma_.lower() in self.lex["sanction"]["negating_verbs"]:
                modality = "negated"
                break
        topic = self.words(token) if not is_verb else None
        # "Hungary joined EU sanctions on Russia", "refused to join Western sanctions"
        join = phrase.head if not is_verb and phrase.dep_ == "dobj" else None
        if join is not None and join.lemma_.lower() not in self.lex["membership"]["join_verbs"]:
            join = None
        if join is not None:
            modality = "asserted"  # the sanctions joined or not stand all the same
        for s in imposers:
            for o in targets:
                yield Candidate("sanction", s, o, token, {"topic": topic}, 0.65, modality=modality)
        if join is not None:  # the joiner sanctions the target too, as far as its own verb says
            for s in args.subjects(join):
                for o in targets:
                    if s.entity.id != o.entity.id and s not in imposers:
                        yield Candidate("sanction", s, o, join, {"topic": topic}, 0.6)

    def _under_sanctions(self, token: Token, args: Arguments) -> list:
        """ "Venezuela, which is under heavy US sanctions", "Nicaragua has been hit by Western
        sanctions", "remains subject to UN sanctions": the one in that state is the target."""
        lex = self.lex["sanction"]
        prep = token.head
        if token.dep_ != "pobj" or prep.lower_ not in ("under", "by", "to"):
            return []
        verb = prep.head
        if prep.lower_ == "to" and verb.lower_ == "subject":  # "remains subject to sanctions"
            verb = verb.head
        elif prep.lower_ == "by" and not (
            verb.lemma_.lower() in lex["suffer_verbs"] and any(c.dep_ == "auxpass" for c in verb.children)
        ):
            return []
        elif prep.lower_ == "under" and verb.lemma_.lower() not in lex["state_verbs"]:
            return []
        found = args.passive_subjects(verb) or args.subjects(verb)
        return [m for m in found if m.kind == "country"]

    @on_words("sanction", verbs=("suspend_verbs",))
    def suspended_from(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "All three were suspended from ECOWAS": the organisation sanctions its members; "the bloc
        suspended Guinea (from all its activities)": the suspending organisation does."""
        suspended = args.passive_subjects(token)
        if suspended:
            orgs = [m for m in args.prep_objects(token, ("from",)) if m.kind == "organization"]
        else:
            # "the bloc suspended Guinea (from its activities)": an organisation suspending a state
            # suspends it from itself; a state suspending another's rights is told otherwise.
            orgs = [m for m in args.subjects(token) if m.kind == "organization"]
            suspended = args.direct_objects(token)
        for o in orgs:
            for m in suspended:
                if m.kind == "country":
                    yield Candidate("sanction", o, m, token, {"topic": "suspension"}, 0.6)

    def _people_of(self, plural: Token) -> list[Entity]:
        """The state of a people named in the plural: "Iranians" -> Iran (a demonym the reference
        knows in the singular)."""
        for word in (plural.text, plural.text[:-1] if plural.text.endswith("s") else None):
            entity = self.ref.resolve(word) if word else None
            if entity is not None and entity.kind == "country":
                return [entity]
        return []

    def _counted(self, token: Token) -> bool:
        """ "five", "one each", "anyone": people counted, not named."""
        pronouns = self.lex["sanction"]["counted_pronouns"]
        return token.like_num or token.pos_ == "NUM" or token.lower_ in pronouns

    @staticmethod
    def _expelled(token: Token, targets: list) -> list:
        """Whose envoys are expelled: those named, remembered for the story; or, where a later report
        names none ("Spain expelled two diplomats", "each announced two expulsions"), the state whose
        envoys the story has been telling of expelling most."""
        told = token.doc.user_data.setdefault("expelled", [])
        if targets:
            told.append(targets[0])
            return targets
        if not told:
            return []
        # the state whose envoys the story tells of expelling most often (a tit-for-tat story also
        # tells of the expelled side's replies), the latest among equals
        counts: dict[str, int] = {}
        for m in told:
            counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
        return [max(reversed(told), key=lambda m: counts[m.entity.id])]

    @on_words("sanction", verbs=("order_verbs",), nouns=("expulsion_nouns",), with_pos=True)
    def expulsions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        """ "ordered the expulsion of three Peruvian diplomats", "ordered two diplomats out", "told
        the ambassador to leave": the state expelling sanctions the state the envoys serve."""
        envoys_words = set(self.lex["sanction"]["envoy_nouns"])
        if is_verb:
            objects = [c for c in token.children if c.dep_ in ("dobj", "dative")]
            envoys = [c for c in objects if c.lower_ in envoys_words]
            leaving = any(c.lower_ == "out" for c in token.children) or any(
                c.dep_ in ("xcomp", "ccomp", "advcl") and c.lemma_.lower() == "leave" for c in token.subtree
            )
            if not leaving:
                return
            imposers = args.subjects(token)
            if not envoys:
                # "ordered 20 Belarusians to leave": people of a state, however the story calls them;
                # "ordered five to leave": the envoys the story has been telling of
                people = [state for c in objects if c.tag_ in ("NNS", "NNPS") for state in self._people_of(c)]
                if not people and not any(self._counted(c) for c in objects):
                    return
                for s, o in self.across_states(imposers, self._expelled(token, people)):
                    yield Candidate("sanction", s, o, token, {"topic": "expelling diplomats"}, 0.55)
                return
        else:
            envoys = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.lower_ in envoys_words
            ]
            imposers = args.modifiers(token) or args.noun_agents(token)
            if not envoys:
                # "Spain and Italy each announced two expulsions": the envoys the story is about
                if token.dep_ != "dobj" or token.lower_ != "expulsions":
                    return
                for s, o in self.across_states(imposers, self._expelled(token, [])):
                    yield Candidate("sanction", s, o, token, {"topic": "expelling diplomats"}, 0.55)
                return
        targets = self._expelled(
            token, args.modifiers(envoys[0]) + args.prep_objects(envoys[0], ("from", "of"))
        )
        for s in imposers:
            own = self.state(s)
            for o in targets:
                if own is None or self.state(o) != own:
                    yield Candidate("sanction", s, o, token, {"topic": "expelling diplomats"}, 0.6)

    @on_words("sanction", nouns=("suspension_nouns",))
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

    @on_words("sanction", verbs=("pact_verbs",))
    def ended_pacts(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "France and Germany cancelled their aviation agreements with Iran": ending a pact with a
        state sanctions it (the pact's other party, after "with")."""
        lex = self.lex["sanction"]
        pacts = [
            o
            for c in token.children
            if c.dep_ == "dobj"
            for o in (c, *c.conjuncts)
            if o.lower_ in lex["pact_nouns"]
        ]
        if not pacts:
            return
        targets = [m for p in pacts for m in args.prep_objects(p, ("with",)) if m.kind == "country"]
        targets += [m for m in args.prep_objects(token, ("with",)) if m.kind == "country"]
        topic = f"{token.text} {self.short_phrase(pacts[0])}"
        for s, o in self.across_states(args.subjects(token), targets):
            yield Candidate("sanction", s, o, token, {"topic": topic}, 0.6)

    @on_words("sanction", verbs=("tie_verbs", "expel_verbs"))
    def broken_ties(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "broke off relations with Ecuador", "expelled Ethiopia's ambassador", "declared the Mexican
        ambassador persona non grata": the subject sanctions the other state."""
        lex = self.lex["sanction"]
        lemma = token.lemma_.lower()
        objs = [c for c in token.children if c.dep_ == "dobj"]
        # "shut most of its crossings", "closed all but two of its crossings": the noun counted
        objs = [next(iter(of_objects(o)), o) if o.pos_ in ("ADJ", "PRON", "NUM", "DET") else o for o in objs]
        envoys = [t for t in token.subtree if t.lower_ in lex["envoy_nouns"] and t.i > token.i]
        # "suspended its development and budget support to Mali": a tie noun among coordinated objects
        tied = next((t for o in objs for t in (o, *o.conjuncts) if t.lower_ in lex["tie_nouns"]), None)
        if lemma in lex["tie_verbs"] and tied is not None:
            preps = ("with", "to", "from")
            # "froze its assets": the owner is the target; "banned imports of Japanese seafood": the
            # state the goods come from
            origin = (
                [m for m in args.prep_objects(tied, ("of",), deep=True) if m.kind == "country"]
                if tied.lower_ in ("imports", "exports")
                else []
            )
            given = tied.lower_ in lex["given_nouns"]
            givers = args.modifiers(tied) if given else []
            subjects = {self.state(s) for s in args.subjects(token)}
            if any(self.state(g) not in subjects for g in givers):
                return  # "blocked EU aid to Kyiv": another's aid held up, not a tie of its own cut
            # "crossings on its border with Belarus": the neighbour deeper in the phrase
            crossing = tied.lower_ in lex["crossing_nouns"]
            targets = (
                args.prep_objects(token, preps)
                + args.prep_objects(tied, (*preps, "on", "at", "along") if crossing else preps, deep=crossing)
                + ([] if given else args.modifiers(tied))
                + origin
            )
            if tied.lower_ in lex["owned_nouns"]:
                # "froze the assets of Venezuelan officials": the owner's state
                # ("of eleven Russian individuals": the owners' state, as their modifier names it)
                targets += [
                    m
                    for p in of_objects(tied)
                    for m in args.at(p) or args.modifiers(p)
                    if m.kind == "country"
                ]
        elif (
            lemma in lex["expel_verbs"]
            and envoys
            and (lemma != "declare" or "persona non grata" in token.sent.text.lower())
            and (lemma != "send" or any(c.lower_ == "home" for c in token.children))
        ):
            # "expelled the Swedish ambassador"; "recalled its ambassador to/from/in Canada"
            targets = (
                args.modifiers(envoys[0])
                + args.prep_objects(envoys[0], ("from", "of", "to", "in"))
                + args.prep_objects(token, ("from", "to"))
            )
            if lemma in ("expel", "send"):
                targets = self._expelled(token, targets)
        elif lemma in lex["tie_verbs"] and objs and objs[0].lower_ in lex["proxy_targets"]:
            # "banned Venezuelan airlines", "blocked Chinese banks": the state those act for
            targets = [m for m in args.at(objs[0]) if m.kind == "country"]
        elif (
            lemma in lex["bare_expel_verbs"]
            and objs
            and objs[0].lemma_.lower() in self.lex["conflict"]["force_nouns"]
        ):
            # "Niger expelled French troops": forces sent home (CAMEO 166), their state sanctioned
            targets = [m for m in args.modifiers(objs[0]) if m.kind == "country"]
        elif lemma in lex["bare_expel_verbs"] and objs and self._counted(objs[0]):
            # "said they would each expel one", "would not expel anyone": as the story told before
            targets = self._expelled(token, [])
        else:
            return
        acted_on = objs[0] if objs else (envoys[0] if envoys else None)
        topic = f"{token.text} {self.short_phrase(acted_on)}" if acted_on is not None else token.text
        for s in args.subjects(token):
            own = self.state(s)
            for o in targets:
                if o.entity.id != s.entity.id and (own is None or self.state(o) != own):
                    yield Candidate("sanction", s, o, token, {"topic": topic}, 0.65)

    @on_words("sanction", verbs=("threat_verbs",))
    def threatened_with(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Brussels threatened Minsk with new sanctions": a sanction planned against the object."""
        nouns = set(self.lex["sanction"]["nouns"])
        threats = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "with"
            for p in c.children
            if p.dep_ == "pobj" and (p.lemma_.lower() in nouns or p.lower_ in nouns)
        ]
        if not threats:
            return
        for s in args.subjects(token):
            for o in args.direct_objects(token):
                if self.state(o) is not None and self.state(o) != self.state(s):
                    topic = {"topic": self.short_phrase(threats[0])}
                    yield Candidate("sanction", s, o, token, topic, 0.6, modality="planned")

    @on_words("sanction", verbs=("listing_verbs",))
    def blacklisted(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Canada added 20 Iranian officials to its sanctions list", "put Chinese firms on a
        blacklist": the state the listed act for is sanctioned."""
        lex = self.lex["sanction"]
        lists = [
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in ("to", "on")
            for p in c.children
            if p.dep_ == "pobj"
            and (
                p.lemma_.lower() in lex["blacklist_nouns"]
                or (p.lemma_.lower() == "list" and any(x.lower_ in lex["nouns"] for x in p.children))
            )
        ]
        if not lists:
            return
        listed = [m for c in token.children if c.dep_ == "dobj" for m in args.at(c) if m.kind == "country"]
        for s in args.subjects(token):
            own = self.state(s)
            for o in listed:
                if own is not None and o.entity.id != own.id:
                    yield Candidate("sanction", s, o, token, {"topic": self.short_phrase(lists[0])}, 0.6)
