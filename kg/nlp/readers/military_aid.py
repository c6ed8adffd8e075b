"""Military aid: arms supplied, told by a verb or an aid package."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.nlp.args import COPULAS, Arguments, amount_anchor, of_objects
from kg.nlp.readers.base import (
    Candidate,
    ReaderBase,
)
from kg.nlp.readers.registry import on_words, reader


@reader("military_aid")
class MilitaryAidReader(ReaderBase):
    @on_words("military_aid", verbs=("verbs",))
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
        if not suppliers:  # "Turkish drones have been sold to Kyiv": the arms' own state
            suppliers = [
                m
                for c in token.children
                if c.dep_ == "nsubjpass"
                for m in args.modifiers(c)
                if m.kind == "country"
            ]
        # "pledged 500 million euros in military aid to Ukraine": "to" may hang off the aid
        aside = self.lex["phrasal"]["attribution_heads"]  # "according to Seoul" names no recipient
        gapped = args.gapped_subjects(token)  # "sent 50 tanks to Kyiv and Poland 30": Poland sent
        recipients = args.direct_objects(token) + [
            m
            for t in token.subtree
            if t.dep_ in ("prep", "dative")  # the parser makes "to" a dative after some objects
            and t.lower_ in self.lex["military_aid"]["object_preps"]
            and t.head.lower_ not in aside
            for p in t.children
            if p.dep_ == "pobj"
            for m in args.at(p)
            if m not in gapped
        ]
        if not recipients:
            # "has supplied most of India's weapons": whose arms they are receives them
            carried = [c for c in token.children if c.dep_ == "dobj"]
            carried += [
                p
                for c in carried
                for q in c.children
                if q.dep_ == "prep" and q.lower_ == "of"
                for p in q.children
            ]
            recipients = [
                m
                for c in carried
                for p in c.children
                if p.dep_ == "poss"
                for m in args.at(p)
                if m.kind == "country"
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

    @on_words("military_aid", nouns=("nouns", "package_nouns"))
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
        elif not suppliers:
            # "the transfer of Iranian missiles to Russia": the items' state supplies them
            suppliers = [m for t in item_tokens for m in args.modifiers(t) if m.kind == "country"]
        anchor = amount_anchor(token)  # ("announced $300 million in military aid to Kyiv")
        if not suppliers and anchor.dep_ == "dobj" and not self._judged(anchor.head):
            suppliers = args.subjects(anchor.head)  # "Washington announced a package for Kyiv"
        if not recipients and anchor.dep_ == "dobj" and not self._judged(anchor.head):
            # "approved the sale of F-16 jets to Turkey": the parser hangs "to" off the verb
            recipients = args.prep_objects(anchor.head, lex["object_preps"])
        for s in suppliers:
            supplier = self.state(s)
            for r in recipients:
                target = self.state(r)
                if supplier is None or target is None or target.id == supplier.id:
                    continue
                yield Candidate("military_aid", supplier, target, token, {"items": items}, 0.6)

    def _judged(self, verb: Token) -> bool:
        """ "condemned the transfer of arms to Chad": whoever condemns, backs or criticises a supply
        does not make it."""
        stances = (self.lex[kind]["verbs"] for kind in ("accusation", "opposition", "support"))
        return verb.lemma_.lower() in {v for words in stances for v in words}

    @on_words("military_aid", nouns=("supplier_nouns",))
    def arms_supplier(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Washington, Israel's main arms supplier", "Russia is India's largest arms supplier": the
        state described supplies the possessor (arms words before the noun)."""
        # ("the main supplier of weapons to Pakistan": the arms may follow in an "of" phrase)
        described = [t for t in token.lefts if t.dep_ in ("compound", "amod")]
        described += [t for p in of_objects(token) for t in p.subtree]
        words = " " + " ".join(t.lower_ for t in described) + " "
        if not any(f" {w} " in words for w in self.lex["military_aid"]["items"]):
            return
        recipients = [m for c in token.children if c.dep_ == "poss" for m in args.at(c)]
        # "the largest arms supplier to India", "... of Pakistan" (the "of" phrase names arms or a state)
        recipients += [m for m in args.prep_objects(token, ("to", "of")) if m.kind == "country"]
        head = token
        while head.dep_ == "conj" and head.head != head:  # "its biggest lender and its main supplier"
            head = head.head
        if head.dep_ == "appos":
            suppliers = args.at(head.head)
        elif head.dep_ == "attr" and head.head.lemma_ in COPULAS:  # "remains India's largest ..."
            suppliers = args.subjects(head.head)
        else:
            return
        for s in suppliers:
            for r in recipients:
                supplier, target = self.state(s), self.state(r)
                if supplier is not None and target is not None and supplier.id != target.id:
                    yield Candidate(
                        "military_aid", supplier, target, token, {"items": self.words(token)}, 0.55
                    )

    @on_words("military_aid", nouns=("use_nouns",))
    def used_arms_of(self, token: Token, args: Arguments) -> Iterator[Candidate]:
        """ "Russia's use of Iranian drones": the state whose arms another uses supplied them."""
        lex = self.lex["military_aid"]
        used = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
        text = " " + " ".join(t.lower_ for u in used for t in u.subtree) + " "
        if not used or not any(f" {w} " in text for w in lex["items"]):
            return
        makers = [m for u in used for m in args.modifiers(u) if m.kind == "country"]
        users = args.modifiers(token) or args.prep_objects(token, ("by",))
        for s in makers:
            for u in users:
                user = self.state(u)
                if user is not None and user.id != s.entity.id:
                    yield Candidate("military_aid", s, user, token, {"items": self.words(used[0])}, 0.55)
