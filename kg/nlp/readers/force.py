"""Force and pressure: military aid, sanctions and broken ties, armed conflict."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import Arguments, unique_mentions
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)


class ForceReaders(ReaderBase):
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

    def military_aid_nouns(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """Aid named as a noun: "Tehran's supply of drones to Moscow", "announced a military aid
        package for Kyiv", "Peru took delivery of Russian helicopters" (the taker receives, the
        items' maker's country supplies)."""
        lex = self.lex["military_aid"]
        items_words = lex["items"]
        if token.dep_ == "compound":
            return  # "aid package": the head noun reads it
        own_pp = {c.i for c in token.children if c.dep_ == "prep" and c.lower_ in lex["object_preps"]}
        said = [t for t in token.subtree if not any(a.i in own_pp for a in [t, *t.ancestors] if a != token)]
        text = " " + " ".join(t.lower_ for t in said) + " "
        if not any(f" {w} " in text for w in items_words):
            return
        item_tokens = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        items = self.words(item_tokens[0]) if item_tokens else self.short_phrase(token)
        recipients = args.prep_objects(token, lex["object_preps"])
        suppliers = args.modifiers(token) or args.prep_objects(token, ("by", "from"))
        if (
            token.lower_ in ("delivery", "deliveries")
            and token.dep_ == "dobj"
            and token.head.lemma_ == "take"
        ):
            recipients = args.subjects(token.head)  # "took delivery of": the taker receives
            suppliers = [m for t in item_tokens for m in args.within(t) if m.kind == "country"]
        elif not suppliers and token.dep_ == "dobj":
            suppliers = args.subjects(token.head)  # "Washington announced a package for Kyiv"
        for s in suppliers:
            supplier = self.state(s)
            for r in recipients:
                target = self.state(r)
                if supplier is None or target is None or target.id == supplier.id:
                    continue
                yield Candidate("military_aid", supplier, target, token, {"items": items}, 0.6)

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
            # "froze its assets": the owner is the target; "banned imports of Japanese seafood": the
            # state the goods come from
            origin = (
                [m for m in args.prep_objects(objs[0], ("of",), deep=True) if m.kind == "country"]
                if objs[0].lower_ in ("imports", "exports")
                else []
            )
            targets = (
                args.prep_objects(token, preps)
                + args.prep_objects(objs[0], preps)
                + args.modifiers(objs[0])
                + origin
            )
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
        else:
            return
        acted_on = objs[0] if objs else (envoys[0] if envoys else None)
        topic = f"{token.text} {self.short_phrase(acted_on)}" if acted_on is not None else token.text
        for s in args.subjects(token):
            own = self.state(s)
            for o in targets:
                if o.entity.id != s.entity.id and (own is None or self.state(o) != own):
                    yield Candidate("sanction", s, o, token, {"topic": topic}, 0.65)

    def suspended_from(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "All three were suspended from ECOWAS": the organisation sanctions its members; "the bloc
        suspended Guinea from all its activities": the suspending organisation does."""
        suspended = args.passive_subjects(token)
        if suspended:
            orgs = [m for m in args.prep_objects(token, ("from",)) if m.kind == "organization"]
        elif args.prep_objects(token, ("from",), deep=True) or any(
            c.dep_ == "prep" and c.lower_ == "from" for c in token.children
        ):
            orgs = [m for m in args.subjects(token) if m.kind == "organization"]
            suspended = args.direct_objects(token)
        else:
            return
        for o in orgs:
            for m in suspended:
                if m.kind == "country":
                    yield Candidate("sanction", o, m, token, {"topic": "suspension"}, 0.6)

    @staticmethod
    def _expelled(token: Token, targets: list) -> list:
        """Whose envoys are expelled: those named, remembered for the story; or, where a later report
        names none ("Spain expelled two diplomats", "each announced two expulsions"), the state whose
        envoys the story has been telling of expelling."""
        if targets:
            token.doc.user_data["last_expelled"] = targets[0]
            return targets
        last = token.doc.user_data.get("last_expelled")
        return [last] if last is not None else []

    def expulsions(self, token: Token, args: Arguments, is_verb: bool) -> Iterator[Candidate]:
        """ "ordered the expulsion of three Peruvian diplomats", "ordered two diplomats out", "told
        the ambassador to leave": the state expelling sanctions the state the envoys serve."""
        envoys_words = set(self.lex["sanction"]["envoy_nouns"])
        if is_verb:
            envoys = [c for c in token.children if c.dep_ in ("dobj", "dative") and c.lower_ in envoys_words]
            leaving = any(c.lower_ == "out" for c in token.children) or any(
                c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() == "leave" for c in token.subtree
            )
            if not envoys or not leaving:
                return
            imposers = args.subjects(token)
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
                targets = self._expelled(token, [])
                for s in imposers:
                    own = self.state(s)
                    for o in targets:
                        if own is not None and self.state(o) not in (None, own):
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
        if not accused:  # "lodged a protest against China's ban": the author of what is protested
            accused = [
                m
                for t in (token, head)
                for c in t.children
                if c.dep_ == "prep" and c.lower_ in ("against", "over")
                for p in c.children
                if p.dep_ == "pobj"
                for m in args.modifiers(p)
            ]
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
            nouns = self.lex["conflict"]["nouns"]
            if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in nouns:
                # "Chile's war of aggression against Bolivia": the war's side, the aggression's target
                sides_a = sides_a or args.modifiers(token.head.head)
            if not sides_b and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in nouns for p in c.children)
                for c in token.children
            ):
                return  # "war of aggression": the inner noun reads it
            if not sides_b and token.lemma_.lower() in ("strike", "airstrike", "attack", "bombardment"):
                # "air strikes on hideouts in Chile's Arica region": the state whose ground was hit
                sides_b = [
                    m for m in args.prep_objects(token, ("on", "in"), deep=True) if m.kind == "country"
                ]
            if not sides_b and len(sides_a) < 2:
                # "the Chile-Bolivia conflict": both sides in the hyphenated modifier
                sides_a = (
                    unique_mentions(
                        [
                            m
                            for c in token.children
                            if c.dep_ == "compound" and any(t.text == "-" for t in c.subtree)
                            for m in args.within(c)
                            if m.kind == "country"
                        ]
                    )
                    or sides_a
                )
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
