"""What every relation reader shares: the Candidate record, the lexicon, and the mechanics that
several fact types use (who acts for a state, where a place is, pairs of parties, meetings)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from kg.model import Entity
from kg.nlp.args import Arguments, clause_verb, modality_of
from kg.nlp.lexicon import triggers
from kg.nlp.mentions import Mention
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
# Words of a meeting held at a distance (a phone call is a meeting without location, contract).
REMOTE_WORDS = frozenset(
    {"phone", "telephone", "video", "videoconference", "videolink", "call", "virtually", "remotely"}
)
# Fact types whose nouns a bare "the <noun>" may point back to a deed of ("the visit", "the sanctions")
DEED_KINDS = ("visit", "sanction", "agreement")
STATE_DEEDS = ("sanction", "agreement")  # acts of states, whoever signed or announced them
DEED_LOOKBACK = 3  # sentences back in which "the move" may have been told, past the reactions to it
TYPED_DEED_LOOKBACK = 5  # ... and "the pact", "the sanctions": past other news, to the one of their kind
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "declare", "announce", "insist", "stress", "write"})


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
    undated: bool = False  # a standing the clause implies ("which chaired BRICS in 2024"): not dated by it
    rule: str = ""  # the reader that made it, set by RelationReader (a reader may name a sub-rule)


def entity_of(x: Mention | Entity | None) -> Entity | None:
    if x is None:
        return None
    return x.entity if isinstance(x, Mention) else x


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


def phrase(tokens: Iterable[Token]) -> str:
    """The words as the text spells them ("$100 billion", "two-year war", not "$ 100 billion"):
    adjacent tokens keep the spacing between them, a gap left by a skipped word becomes one space."""
    ordered = sorted(set(tokens), key=lambda t: t.i)
    out: list[str] = []
    for n, t in enumerate(ordered):
        out.append(t.text)
        if n + 1 < len(ordered):
            out.append(t.whitespace_ if ordered[n + 1].i == t.i + 1 else " ")
    return "".join(out).strip()


def phrase_end(token: Token, phrases: Iterable[str], skip: Iterable[str]) -> Token | None:
    """The last word of the first of `phrases` that the text spells from `token` on ("lashed out at",
    "threw its weight behind"): the phrase's first word is the token's lemma, the others follow in
    order, with words of `skip` ("its", "the") allowed between them."""
    lemma, doc, skipped = token.lemma_.lower(), token.doc, set(skip)
    for candidate in phrases:
        first, *rest = candidate.split()
        if first != lemma or not rest:
            continue
        i, last = token.i + 1, None
        for word in rest:
            while i < len(doc) and doc[i].lower_ in skipped and doc[i].lower_ != word:
                i += 1
            if i >= len(doc) or doc[i].lower_ != word:
                last = None
                break
            last, i = doc[i], i + 1
        if last is not None:
            return last
        # "held Athens responsible": an adjective closing the phrase after the verb's object
        if len(rest) == 1:
            for c in token.children:
                if c.lower_ == rest[0] and c.pos_ == "ADJ" and c.i > token.i:
                    return c
    return None


def starts_phrase(section: str) -> Callable[[Token, dict[str, Any]], bool]:
    """A trigger test: the token is a verb whose lemma starts one of the section's `phrases`."""

    def test(token: Token, lex: dict[str, Any]) -> bool:
        return token.pos_ in ("VERB", "AUX") and any(  # ("is at odds with": an idiom of "be")
            p.split(" ", 1)[0] == token.lemma_.lower() for p in lex[section]["phrases"]
        )

    return test


def unique_entities(entities: list[Entity | None]) -> list[Entity]:
    seen: set[str] = set()
    out: list[Entity] = []
    for e in entities:
        if e is not None and e.id not in seen:
            seen.add(e.id)
            out.append(e)
    return out


class ReaderBase:
    """The reference knowledge and trigger lexicon, and helpers shared by the readers."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.lex = triggers()

    def state(self, x: Mention | Entity | None) -> Entity | None:
        """The country acting: itself, or the country a person serves."""
        entity = entity_of(x)
        if entity is None:
            return None
        if entity.kind == "person":
            if entity.country and entity.country in self.ref.countries:
                return self.ref.country_entity(entity.country)
            return None
        return entity

    def across_states(self, sides: list, others: list) -> Iterator[tuple[Any, Any]]:
        """Pairs of a side and another whose states are both known and differ: what one state does
        to another (expelling its envoys, ending a pact with it, taking its land)."""
        for side in sides:
            own = self.state(side)
            if own is None:
                continue
            for other in others:
                state = self.state(other)
                if state is not None and state != own:
                    yield side, other

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
        entity = entity_of(x)
        if entity is None:
            return None
        if entity.kind == "country":
            return entity
        if entity.kind == "person":
            return self.state(entity)
        return None

    @staticmethod
    def words(token: Token) -> str:
        return phrase(token.subtree)

    @staticmethod
    def short_phrase(noun: Token) -> str:
        """The noun with its left modifiers: "a preferential trade agreement" -> "preferential trade
        agreement"."""
        left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
        tokens = sorted([*[w for t in left for w in t.subtree], noun], key=lambda t: t.i)
        return phrase(t for t in tokens if t.ent_type_ not in ("COUNTRY", "PERSON", "DATE"))

    def phrased_objects(self, token: Token, section: str, args: Arguments) -> tuple[list[Mention], str]:
        """The actors a stance phrase is aimed at ("lashed out at Caracas", "threw its weight behind
        Quito's bid": the object of its last word, or the owner of what that object names), and
        the phrase's words after the verb as the topic."""
        end = phrase_end(token, self.lex[section]["phrases"], self.lex["phrasal"]["skip_words"])
        if end is None:
            return [], ""
        objects = [p for p in end.children if p.dep_ == "pobj"]
        found = [m for p in objects for m in (args.at(p) or args.modifiers(p))]
        topic = phrase(t for p in objects for t in p.subtree)
        if not objects and end.pos_ == "ADJ":
            # "held Athens (the Greek government) responsible for the incident": the one held is
            # the verb's object, or the subject the parser gives the adjective's small clause
            held = [c for c in token.children if c.dep_ == "dobj"]
            held += [c for c in end.children if c.dep_ == "nsubj"]
            found = [m for p in held for m in (args.at(p) or args.modifiers(p))]
            topic = phrase(t for c in end.children if c.dep_ == "prep" for t in c.subtree)
        return found, topic

    def phrased_stance(
        self, token: Token, args: Arguments, kind: str, target_kinds: tuple[str, ...] = (), topic: bool = True
    ) -> Iterator[Candidate]:
        """A stance idiom of `kind` ("lashed out at", "threw its weight behind", "pointed the finger
        at"): the subject holds it toward whom the idiom's last word points, never its own state."""
        targets, words = self.phrased_objects(token, kind, args)
        attrs = {"topic": words or None} if topic else {}
        for s in args.subjects(token):
            own = self.state(s)
            for o in targets:
                if target_kinds and o.kind not in target_kinds:
                    continue
                if o.entity.id != s.entity.id and (own is None or self.state(o) != own):
                    yield Candidate(kind, s, o, token, dict(attrs), 0.6)

    def _pairs(self, kind, parties, others, token, attrs, conf) -> Iterator[Candidate]:
        """Symmetric state acts: every party with every other one named ("X and Y signed",
        "X signed with Y and Z" gives X-Y and X-Z, not Y-Z)."""
        a_side = unique_entities([self.state(p) for p in parties])
        b_side = unique_entities([self.state(p) for p in others])
        seen: set[frozenset[str]] = set()
        for a, b in [*itertools.combinations(a_side, 2), *itertools.product(a_side, b_side)]:
            key = frozenset((a.id, b.id))
            if a.id != b.id and key not in seen:
                seen.add(key)
                yield Candidate(kind, a, b, token, dict(attrs), conf)

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

    @staticmethod
    def labelled_as(verb: Token, nouns: list[str]) -> tuple[Token | None, Token | None]:
        """ "described the alliance's expansion as an encroachment", "called the raid a violation of
        international law": (the label word among `nouns`, the thing labelled), or Nones."""
        wanted = set(nouns)
        complements = [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children
            if p.dep_ == "pobj"
        ] + [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp")]
        act = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if act is not None:
            # "called the ban illegal", parsed with the adjective after its noun as a modifier
            complements += [c for c in act.children if c.dep_ == "amod" and c.i > act.i]
        if not complements and act is not None:
            # "called Ethiopia's decision to fill the dam a provocation": the parser takes the label
            # for a second object of the infinitive inside the act
            complements = [
                t
                for t in act.subtree
                if t.dep_ == "dobj"
                and t.head.dep_ == "acl"
                and t.head.head == act
                and any(d.dep_ == "det" and d.lower_ in ("a", "an") for d in t.children)
                and any(o.dep_ in ("dative", "dobj") and o.i < t.i for o in t.head.children)
            ]
        label = next((t for c in complements for t in c.subtree if t.lemma_.lower() in wanted), None)
        return (label, act) if label is not None and act is not None else (None, None)

    def deed_nouns(self) -> list[str]:
        """Nouns that, with "the" alone, point back to a deed the story told ("the move", "the pact")."""
        return [*self.lex["acts"]["deed_anaphors"], *self.lex["acts"]["state_deeds"]]

    def last_deed_doers(
        self, token: Token, args: Arguments, deeds: list[str], deed: Token | None = None, bare: bool = False
    ) -> list[Mention]:
        """ "Togo shelled Ghanaian border posts on Monday. Ghana condemned the attack.": "the attack" with
        nothing of its own is the deed the sentence before told, its doer that sentence's subject (or,
        after "X said", the subject of what X said). `bare`: the reaction names no deed at all ("Tokyo
        lodged a protest"), so any act told before is the one reacted to."""
        objects = [deed] if deed is not None else [c for c in token.children if c.dep_ == "dobj"]
        objects = [o for o in objects if bare or o.lower_ in deeds]
        if not objects or token.sent.start == 0:
            return []
        deed = objects[0]
        if not bare and not _bare_deed(deed):
            return []  # "the Israeli attack", "the attack on Gaza": the phrase says whose or which
        reactions = set(self.lex["acts"]["reaction_verbs"])
        sent = token.sent
        # "the attack", "the strike" are a deed of force: a sentence telling one ("Togo shelled ...");
        # "the visit", "the trip" one of travel ("Modi flew to Moscow"); "the sanctions" a sanction,
        # "the pact" an agreement: these last three are looked for past other news
        kind = next(
            (
                k
                for k in DEED_KINDS
                if deed.lemma_.lower() in self.lex[k]["nouns"] or deed.lower_ in self.lex[k]["nouns"]
            ),
            None,
        )
        force = {
            *self.lex[kind or "conflict"]["verbs"],
            *self.lex[kind or "conflict"]["nouns"],
            deed.lemma_.lower(),
        }
        if kind is None:  # "fired a missile" tells a deed of force too ("condemned the launch")
            force |= {"fire", *self.lex["acts"]["weapon_nouns"]}
        generic = bare or deed.lower_ in self.lex["acts"]["generic_deeds"]
        skipping = kind in STATE_DEEDS
        for _ in range(TYPED_DEED_LOOKBACK if skipping else DEED_LOOKBACK):
            if sent.start == 0:
                return []
            sent = token.doc[sent.start - 1].sent
            root = sent.root
            reported = root.lemma_.lower() in SPEECH_VERBS
            if reported:
                root = next((c for c in root.children if c.dep_ == "ccomp"), root)
            if (
                root.lemma_.lower() in reactions
                or root.lemma_.lower() in SPEECH_VERBS
                or (reported and root.lemma_ == "be")  # "Pristina said it was grateful"
            ):
                # "Lima lodged a protest after Quito expelled its envoy": the deed reacted to
                cause = next(
                    (
                        c
                        for c in root.children
                        if c.dep_ == "advcl"
                        and c.pos_ == "VERB"
                        and any(m.dep_ == "mark" and m.lower_ in ("after", "when") for m in c.children)
                    ),
                    None,
                )
                if cause is None:
                    continue  # "Kyiv's envoy called it a first step": a reaction, not the deed
                root = cause
            tells = any(t.lemma_.lower() in force and t.dep_ != "prep" for t in sent)  # not "according to"
            if skipping and not (root.pos_ == "VERB" and tells):
                continue  # "the pact": the last sentence telling an agreement, past other news
            if root.pos_ != "VERB" or root.lemma_ == "be":
                return []
            if not generic and not tells:
                continue  # "X fired a missile. It fell into the sea. Y condemned the launch.
            # "Peru's rejection of the plan angered Santiago": the owner of a subject noun did it
            # ("a Chinese vessel fired ...": a subject of its own naming no one is its modifier's)
            own = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
            named = [m for c in own for m in args.at(c)]
            doers = (args.subjects(root) if named or not own else []) or [
                m for c in own for m in args.modifiers(c) or args.within_phrase(c) if m.kind == "country"
            ]
            doers = [m for m in doers if m.kind in ("country", "organization", "person")]
            if not doers:
                continue  # "The agreement was announced after talks", "The missile fell": not whose
            if kind in STATE_DEEDS:  # "the two leaders signed a pact": the pact is their states'
                states = [(m, self.state(m)) for m in doers]
                doers = [
                    m if m.kind != "person" else Mention(m.start, m.end, s, "deed") for m, s in states if s
                ]
            return doers
        return []

    def dateline_country(self, doc: Doc) -> Entity | None:
        place = doc.user_data.get("dateline_place")
        if not place:
            return None
        entity = self.ref.resolve(place) or self.ref.resolve(place.title())
        if entity is not None and entity.kind == "country":
            return entity
        from kg.nlp.lexicon import city_country

        code = city_country(place)
        return self.ref.country_entity(code) if code and code in self.ref.countries else None

    def _places_in(
        self,
        tokens: Iterable[Token],
        args: Arguments,
        preps: tuple[str, ...] = ("in", "at"),
        regions_only: bool = False,
    ) -> list[Entity | None]:
        """The countries of the places named by those of `tokens` that are prepositions among
        `preps`: the object itself, or, for a place noun, its "of" ("in the Black Sea resort of
        Sochi"); with `regions_only`, place nouns alone ("on the island of St Vincent", not "on the
        sidelines")."""
        regions = set(self.lex["visit"]["region_nouns"])
        found: list[Entity | None] = []
        for t in tokens:
            if t.dep_ != "prep" or t.lower_ not in preps:
                continue
            for p in t.children:
                if p.dep_ != "pobj":
                    continue
                region = p.lemma_.lower() in regions
                named = [] if regions_only else args.at(p)
                named = named or (args.prep_objects(p, ("of",)) if region else [])
                found += [self.place(m) for m in named]
        return found

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
        where = [self.place(m) for t in places for m in args.prep_objects(t, ("in", "at"))]
        where += self._places_in((w for place in places for w in place.subtree), args)
        # "met on the Caribbean island of St Vincent": "on" a place noun too (not "on the sidelines")
        where += self._places_in((c for t in places for c in t.children), args, ("on",), regions_only=True)
        verb = clause_verb(token)
        if (
            not any(w is not None for w in where)
            and verb.dep_ in ("advcl", "conj")
            and verb.head.pos_ == "VERB"
        ):
            # "On the sidelines of the summit in New Delhi, A held talks with B, while C met D": the
            # place of the clause this one hangs on
            inner = {t.i for t in verb.subtree}
            outer = (
                t for c in verb.head.children if c.dep_ == "prep" and c.i not in inner for t in c.subtree
            )
            where += self._places_in(outer, args)
        trip = None
        if token.dep_ == "conj" and token.head.lemma_.lower() in self.lex["visit"]["verbs"]:
            trip = token.head  # "visited Beijing in November and met Xi"
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ == "for"
            and token.head.head.lemma_.lower() in self.lex["visit"]["verbs"]
        ):
            trip = token.head.head  # "travel to Vienna for talks with Nehammer"
        if trip is not None:  # the meeting was where the trip went
            visited = args.direct_objects(trip) + args.prep_objects(trip, self.lex["visit"]["object_preps"])
            where = [self.place(m) for m in visited] + where
        location = next((w for w in where if w is not None), None)
        if location is None and token.lemma_.lower() not in self.lex["presence"]["placed_verbs"]:
            location = self.dateline_country(token.doc)  # not for "has spoken with": often by phone
        near = [*token.subtree, *token.head.children]
        if any(t.lower_ in REMOTE_WORDS for t in near):
            location = None  # "spoke by phone", "a phone call with": a meeting without a place
        if all(m.kind == "person" for m in group):
            token.doc.user_data["last_meeting"] = list(group)  # "The meeting was hosted by ..."
        for a, b in itertools.combinations(group, 2):
            yield Candidate("meeting", a, b, token, {"location": location.label if location else None}, conf)
        if location is not None and visits and modality_of(token) == "asserted":
            for p in group:
                if p.kind == "person" and p.entity.country and p.entity.country != location.country:
                    yield Candidate("visit", p, location, token, {}, conf - 0.15, rule="abroad")

    def stance_nouns(self, token: Token, args: Arguments, kind: str) -> Iterator[Candidate]:
        """ "voiced support for Manila", "expressed gratitude to Beijing", "voiced concern over New
        Delhi's ties", "stood in solidarity with Vilnius": a stance noun that a light verb takes up,
        or that an "in" phrase states; the stance is held toward the object of its preposition (or
        toward the owner of what that object names)."""
        lex = self.lex["support"] if kind == "support" else self.lex["opposition"]
        preps = lex["stance_preps"] if kind == "support" else lex["concern_preps"]
        # "conveyed his greetings and thanks to Xi": a stance noun coordinated with the verb's object
        noun = token.head if token.dep_ == "conj" and token.head.dep_ == "dobj" else token
        head = noun.head
        carriers = {*self.lex["support"]["stance_verbs"], *self.lex["support"]["messenger_verbs"]}
        if noun.dep_ == "dobj" and head.lemma_.lower() in carriers:
            holders = args.subjects(head)
            owners_of = [m for m in args.modifiers(noun) if m.kind in ("country", "person")]
            if head.lemma_.lower() in self.lex["support"]["messenger_verbs"]:
                # "asked Li to convey his thanks to Xi": the possessor holds the stance, not the bearer
                holders = owners_of or holders
            elif not holders:  # "the minister reaffirmed Japan's commitment to ...": its state's
                holders = owners_of
        elif token.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
            holders = args.subjects(head.head)  # "stood in solidarity with"
        elif (
            kind == "support"
            and any(c.dep_ == "poss" for c in token.children)
            and not any(c.dep_ == "amod" and c.lower_ in lex["material_adjectives"] for c in token.children)
        ):
            # "Argentina's support for Ukraine": the possessor (not "its military support to X": aid)
            holders = [m for m in args.modifiers(token) if m.kind in ("country", "person", "organization")]
        else:
            return
        # "expressed gratitude to Beijing": the preposition may hang off the light verb
        # ("acting in solidarity with its partners": or off the verb the "in" phrase hangs on)
        owners = (
            [token, head] if noun.dep_ == "dobj" else [token, head.head] if head.lower_ == "in" else [token]
        )
        objects = [
            p
            for o in owners
            for c in o.children
            if c.dep_ in ("prep", "dative") and c.lower_ in preps and (o == token or c.lower_ != "for")
            for p in c.children
            if p.dep_ in ("pobj", "pcomp")
        ]
        # the object, or the author of the act it names ("concern over attempts by Washington to ...")
        # ("support for the sovereignty of Ukraine": a state's cause, in an "of" phrase)
        by = ("by", "of") if kind == "support" else ("by",)
        targets = [m for p in objects for m in (args.at(p) or args.modifiers(p) or args.prep_objects(p, by))]
        for s in holders:
            own = self.state(s)
            for t in targets:
                if t.entity.id != s.entity.id and (own is None or own.id != t.entity.id):
                    topic = None if kind == "support" else self.words(objects[0])
                    yield Candidate(kind, s, t, token, {"topic": topic}, 0.6)


def _bare_deed(deed: Token) -> bool:
    """ "the attack", "this move", "the dangerous and destabilizing action", "the March deal": a deed
    named by a determiner and words that judge or date it, none saying whose it is."""
    kids = list(deed.children)
    dets = [c for c in kids if c.dep_ == "det"]
    judged = [c for c in kids if c.dep_ == "amod" and c.pos_ in ("ADJ", "VERB") and not c.ent_type_]
    judged += [c for c in kids if c.dep_ in ("compound", "nmod", "amod") and c.ent_type_ == "DATE"]
    punct = [c for c in kids if c.dep_ == "punct"]
    return (
        len(dets) == 1
        and dets[0].lower_ in ("the", "this", "that")
        and len(dets) + len(judged) + len(punct) == len(kids)
    )
