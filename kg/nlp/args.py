"""Reading a trigger's arguments, modality and date off the dependency parse.

A trigger is a verb or noun of a relation ("visited", "visit", "accused"); its arguments are the
entity mentions found under its subject, object and prepositional dependents, following
coordination ("Iran and Belarus"), apposition, relative clauses, control verbs ("pledged to
deepen"), and proxy nouns through which a country acts ("the Iranian delegation").
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from kg.nlp.lexicon import triggers
from kg.nlp.mentions import Mention

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLIMB_DEPS = ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl", "oprd")
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
# Title nouns that state media write before "of <country>" and a name.
_TITLE_HEADS = frozenset(
    {"president", "premier", "emir", "king", "chancellor", "minister", "chairman", "leader"}
)


class Arguments:
    """Mention lookup for one Doc: mentions by the token that heads them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_root: dict[int, list[Mention]] = {}
        for mention in doc._.mentions or []:
            root = doc[mention.start : mention.end].root.i
            self.by_root.setdefault(root, []).append(mention)
        self.proxies = frozenset(triggers()["proxies"]["nouns"])
        self.credit_verbs = frozenset(triggers()["deeds"]["credit_verbs"])
        self.member_nouns = frozenset(triggers()["membership"]["member_nouns"])
        self.object_control = frozenset(triggers()["grammar"]["object_control_verbs"])
        self.intent_nouns = frozenset(triggers()["grammar"]["intent_nouns"])
        grammar = triggers()["grammar"]
        self.address = frozenset(grammar["address_words"] + grammar["address_openers"])
        # Mentions by start, for range look-ups without walking them all
        self.ordered = sorted(doc._.mentions or [], key=lambda m: m.start)
        self.starts = [m.start for m in self.ordered]
        self._gapped: dict[int, list[Mention]] = {}
        self.by_start: dict[int, list[Mention]] = {}
        for mention in self.ordered:
            self.by_start.setdefault(mention.start, []).append(mention)

    def in_sentence(self, sent: Span) -> list[Mention]:
        """The mentions that start inside a sentence."""
        first = bisect.bisect_left(self.starts, sent.start)
        last = bisect.bisect_left(self.starts, sent.end)
        return self.ordered[first:last]

    # -- mentions under a token --------------------------------------------------------------
    def at(self, token: Token, proxy: bool = True) -> list[Mention]:
        """Mentions headed by `token`, its conjuncts and appositions; through proxy nouns to the
        country modifying them ("the Iranian delegation" -> Iran)."""
        out: list[Mention] = []
        for t in self._coordinated(token, self.by_root):
            found = self.by_root.get(t.i, [])
            if not found and proxy and (t.lower_ in self.proxies or t.lemma_.lower() in self.proxies):
                # "Thai and Cambodian forces": each coordinated modifier names a side
                found = [
                    m
                    for c in t.children
                    if c.dep_ in ("amod", "compound", "poss", "nmod")
                    for x in (c, *c.conjuncts)
                    for m in self.by_root.get(x.i, [])
                    if m.kind == "country"
                ]
                if not found:
                    found = [
                        m
                        for c in t.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children
                        if p.dep_ == "pobj"
                        for m in self.by_root.get(p.i, [])
                    ]
            if not found:
                # "several former Soviet states, which include Armenia and Belarus"
                found = [
                    m
                    for r in self._membership_clauses(t)
                    for o in r.children
                    if o.dep_ == "dobj"
                    for m in self.at(o)
                ]
            if not found:
                # "President Masoud Pezeshkian": the name is a compound of nothing, but a title
                # noun may head the phrase ("President Putin" parsed with Putin as compound).
                # Not "Mercosur members Brazil and Peru": the members act, not their organisation.
                member_noun = t.lemma_.lower() in self.member_nouns or t.lower_ in self.member_nouns
                found = [
                    m
                    for c in t.children
                    if c.dep_ in ("compound", "nmod")
                    for m in self.by_root.get(c.i, [])
                    if m.kind == "person" or (m.kind == "organization" and not member_noun)
                ]
            if not found and t.lower_ in ("each", "all", "both", "either"):
                # "with each of the three delegations": the ones the "of" phrase names
                found = [m for p in of_objects(t) for m in self.at(p, proxy)]
                if not found and t.dep_ in ("nsubj", "dep") and t.i > 0:
                    # "Chile, Peru and Bolivia each sent a minister": a quantifier floated after the
                    # list it counts, which the parser may hang off a fronted phrase ("In Europe,
                    # A, B and C each ..."): the list, not the phrase's own object
                    before = t.doc[t.i - 1]
                    found = [
                        m
                        for x in (before, *before.conjuncts)
                        if x.dep_ in ("conj", "appos") or x.i == before.i
                        for m in self.by_root.get(x.i, [])
                    ]
            if not found and t.tag_ in ("NNS", "NNPS"):
                # "several Andean leaders, including Arce and Noboa": the ones the list names
                found = [
                    m
                    for c in t.children
                    if c.dep_ == "prep" and c.lower_ in ("including", "notably")
                    for p in c.children
                    if p.dep_ == "pobj"
                    for m in self.at(p, proxy)
                ]
            if not found and t.lower_ in _TITLE_HEADS:
                # "President of the Arab Republic of Egypt Abdel Fattah el-Sisi": the parser leaves
                # the name outside the title's phrase; it is the person named right after it
                # the name is right after it, or after a comma and honorifics ("the President of
                # Chile, H.E. Mr. Gabriel Boric" in state-media readouts)
                nxt = t.right_edge.i + 1
                if nxt < len(t.doc) and t.doc[nxt].text == ",":
                    nxt += 1
                if t.doc[nxt - 1].text == ",":
                    while nxt < len(t.doc) and t.doc[nxt].lower_.strip(".") in self.address:
                        nxt += 1
                found = [m for m in self.ordered if m.start == nxt and m.kind == "person"]
            out.extend(found)
        return unique_mentions(out)

    @staticmethod
    def _membership_clauses(token: Token) -> list[Token]:
        """ "several states, which include Armenia and Belarus": the relative clause listing a group's
        members (attached to the group noun, or by the parser to a later word of the sentence)."""
        if token.tag_ not in ("NNS", "NNPS"):
            return []
        own = [c for c in token.children if c.dep_ == "relcl" and c.lemma_ in ("include", "comprise")]
        if own:
            return own
        later = [
            r
            for r in token.sent
            if r.i > token.i and r.dep_ == "relcl" and r.lemma_ in ("include", "comprise")
        ]
        return later[:1]

    def within(self, token: Token) -> list[Mention]:
        """Every mention anywhere in the subtree of `token`."""
        lo, hi = token.left_edge.i, token.right_edge.i
        first = bisect.bisect_left(self.starts, lo)
        last = bisect.bisect_right(self.starts, hi)
        return unique_mentions([m for m in self.ordered[first:last] if m.end - 1 <= hi])

    def within_phrase(self, token: Token) -> list[Mention]:
        """The mentions of a noun phrase, not of the clauses inside it ("the leaders of Ghana and
        Chile", not "a summit of the group, which brings together Ghana and Chile")."""
        clauses = [t for t in token.subtree if t.dep_ == "relcl" and t != token]
        inside = {x.i for c in clauses for x in c.subtree}
        return [m for m in self.within(token) if m.start not in inside]

    def hyphen_paired(self, token: Token) -> list[Mention]:
        """The states of a hyphenated modifier of a noun ("the Chile-Bolivia conflict", "the
        U.S.-India partnership")."""
        return unique_mentions(
            [
                m
                for c in token.children
                if c.dep_ in ("compound", "nmod") and any(t.text in ("-", "–") for t in c.subtree)
                for m in self.within(c)
                if m.kind == "country"
            ]
        )

    def modifiers(self, token: Token) -> list[Mention]:
        """Mentions modifying a noun: possessive, adjective or compound ("Russian war", "Trump's visit")."""
        out: list[Mention] = []
        for c in token.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod"):
                out.extend(self.by_root.get(c.i, []))
            if c.dep_ == "amod" and c.lemma_.lower() in AUTHOR_PARTICIPLES and c.tag_ == "VBN":
                # "Saudi-led efforts", "a French-drafted resolution": who leads or wrote it
                out.extend(
                    m for k in c.children if k.dep_ in ("npadvmod", "compound", "amod") for m in self.at(k)
                )
        return unique_mentions(out)

    @staticmethod
    def _coordinated(token: Token, named: dict[int, list[Mention]]) -> list[Token]:
        """`token`, its conjuncts and appositions. Also a name hung as a modifier of the next one
        while it heads a coordination ("with President A and Prime Minister B", parsed as "[A and
        Minister] B"): a named modifier carrying "and" is one of the list."""
        out = [token]
        stack = [token]
        while stack:
            t = stack.pop()
            for c in t.children:
                listed = c.dep_ in ("conj", "appos") or (
                    c.dep_ == "nmod"
                    and c.i in named
                    and t.i in named
                    and any(x.dep_ == "cc" for x in c.children)
                )
                if listed and c not in out:
                    out.append(c)
                    stack.append(c)
        return out

    # -- subjects and objects ----------------------------------------------------------------
    def subjects(self, verb: Token, depth: int = 0) -> list[Mention]:
        """Who does `verb`: its subject, the agent of a passive, or (for control and coordinated
        verbs without a subject of their own) the subject of the verb governing it."""
        found: list[Mention] = []
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    found.extend(self.at(_antecedent(verb)))
                else:
                    found.extend(self.at(c))
            elif c.dep_ == "agent":
                found.extend(m for p in c.children if p.dep_ == "pobj" for m in self.at(p))
            elif c.dep_ == "dep" and c.lower_ in ("each", "both", "all") and c.i < verb.i:
                found.extend(self.at(c))  # "A, B and C each announced ...", the quantifier left loose
            elif c.dep_ == "nsubjpass" and depth > 0:
                # "The presidents were scheduled to lead ...": the passive subject does the governed verb.
                found.extend(self.at(c))
        if not found and not any(c.dep_ == "dobj" for c in verb.children):
            # "Several countries became members, among them Chile and Peru": the named ones
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.tag_ == "NNS":
                found = [m for c in self._among_them(verb) for m in self.at(c)]
        if found:
            return unique_mentions(found + self.gapped_subjects(verb))
        if depth > 3:
            return []
        if verb.dep_ == "relcl":
            return self.at(verb.head)
        prep = verb.head
        if verb.dep_ in ("pcomp", "pobj") and prep.dep_ == "prep" and prep.lower_ == "for":
            credited = [
                m
                for c in prep.head.children
                if prep.head.lemma_.lower() in self.credit_verbs and c.dep_ == "dobj"
                for m in self.at(c)
            ]
            if credited:
                return credited
        if verb.dep_ == "conj" and not any(c.dep_ == "auxpass" for c in verb.children):
            shared = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
            if shared and self.at(shared[0]):  # "The grouping was founded by X, took in India"
                return self.at(shared[0])
        if verb.dep_ in CLIMB_DEPS or (verb.dep_ == "pobj" and verb.head.dep_ == "prep"):
            head = verb.head
            # through prepositions and predicative adjectives: "was due to fly", "is ready to sign"
            while head.dep_ in ("prep", "acomp") and head.head != head:
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                controller = [c for c in head.children if c.dep_ == "dobj"] if verb.dep_ == "xcomp" else []
                if controller and head.lemma_.lower() in self.object_control:
                    # "invited Noboa to visit Peru", "urged Lima to sign": the object does the act
                    return self.at(controller[0])
                return self.subjects(head, depth + 1)
            if head.lemma_.lower() in self.intent_nouns and verb.dep_ == "acl":
                # "accepted an invitation to visit Quito", "expressed readiness to deepen ties": who
                # takes up or voices the intent does the act
                taker = head.head
                if taker.pos_ in ("VERB", "AUX"):
                    return self.subjects(taker, depth + 1)
        return []

    def passive_subjects(self, verb: Token) -> list[Mention]:
        """The subject of a passive verb; for a passive coordinated without one of its own ("joined
        ASEAN in 1997 and was admitted to the WTO"), the subject of the verb it is coordinated with."""
        found = [m for c in verb.children if c.dep_ == "nsubjpass" for m in self.at(c)]
        if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "auxpass" for c in verb.children) and not any(
                c.dep_ in ("nsubj", "csubj") for c in verb.children
            ):
                found = [
                    m for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") for m in self.at(c)
                ]
        return unique_mentions(found)

    @staticmethod
    def object_nouns(verb: Token) -> list[Token]:
        """The nouns a verb takes as objects, a relative pronoun standing for the noun its clause
        describes: the head of the phrase it follows ("Kenya's bid for a seat, which China vetoed":
        the bid, not the seat)."""
        antecedent = verb.head
        while antecedent.dep_ == "pobj" and antecedent.head.head.pos_ in ("NOUN", "PROPN"):
            antecedent = antecedent.head.head
        relative = verb.dep_ == "relcl"
        return [
            antecedent if relative and c.lower_ in RELATIVE_PRONOUNS else c
            for c in verb.children
            if c.dep_ in ("dobj", "attr")
        ]

    def direct_objects(self, verb: Token) -> list[Mention]:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]
        if any(c.dep_ == "dobj" for c in objects):
            # "joined NATO in 2004 and the EU that May": the parser hangs the gapped second object
            # on the verb as a conjunct; a noun conjunct with no verb of its own is an object too
            objects += [
                c
                for c in verb.children
                if c.dep_ == "conj"
                and c.pos_ in ("PROPN", "NOUN")
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            ]
        if any(c.dep_ == "dobj" for c in objects):
            # "met a group of leaders, among them Arce and Noboa": the parser hangs the named ones
            # off the verb
            objects += self._among_them(verb)
        gapped = self.gapped_subjects(verb)
        return unique_mentions([m for c in objects for m in self.at(c) if m not in gapped])

    @staticmethod
    def _among_them(verb: Token) -> list[Token]:
        """The heads of a list the parser hangs off `verb` after "among them" ("..., among them Arce
        and Noboa")."""

        def among_them(t: Token) -> bool:
            return t.lower_ == "among" and any(x.lower_ in ("them", "whom") for x in t.children)

        said = any(among_them(c) for c in verb.children)
        return [
            c
            for c in verb.children
            if c.dep_ in ("dep", "appos", "npadvmod") and (said or any(among_them(g) for g in c.children))
        ]

    def gapped_subjects(self, verb: Token) -> list[Mention]:
        """ "Germany expelled four diplomats, France three and Poland two", "Albania expelled two
        diplomats and Norway and Macedonia one each": after a counted object, actors followed by a
        number of their own did the same (the verb is left out, however the parser hangs them)."""
        if verb.i not in self._gapped:  # asked for by subjects, objects and prepositions alike
            self._gapped[verb.i] = self._read_gapped(verb)
        return self._gapped[verb.i]

    def _read_gapped(self, verb: Token) -> list[Mention]:
        counted = [
            c for c in verb.children if c.dep_ == "dobj" and any(k.dep_ == "nummod" for k in c.children)
        ]
        if not counted:
            return []
        doc, end = self.doc, verb.sent.end
        found: list[Mention] = []
        group: list[Mention] = []
        i = counted[0].i + 1
        while i < end:
            starting = [
                m for m in self.by_start.get(i, []) if m.kind in ("country", "person", "organization")
            ]
            token = doc[i]
            if starting and doc[starting[0].start : starting[0].end].root.dep_ == "pobj":
                group = []  # a preposition's object ("to Kyiv"), not one who did it
                i = max(starting[0].end, i + 1)
                continue
            if starting:
                group.append(starting[0])
                i = max(starting[0].end, i + 1)
                continue
            if token.lower_ in ("and", ",") or token.dep_ == "det" or (group and token.pos_ == "PROPN"):
                i += 1
                continue
            if group and token.like_num and not (token.is_digit and len(token.text) == 4):
                found.extend(group)  # "France three", "Italy two apiece"
            elif token.dep_ in ("prep", "dative") and token.head.i in (verb.i, counted[0].i) and not group:
                # "sent 50 tanks to Kyiv, and Poland 30": past the preposition's own object
                objects = [p for p in token.children if p.dep_ == "pobj"]
                i = objects[0].i + 1 if objects else i + 1
                continue
            elif token.dep_ in ("prep", "dative") or token.pos_ in ("VERB", "AUX"):
                break
            group = []
            i += 1
        return unique_mentions(found)

    def prep_objects(self, head: Token, preps: Iterable[str], deep: bool = False) -> list[Mention]:
        """Mentions in the objects of the given prepositions attached to `head`."""
        wanted = set(preps)
        out: list[Mention] = []
        for c in head.children:
            if c.dep_ not in ("prep", "agent", "dative"):
                continue
            # "to Nairobi in March and to Kampala in April": a preposition coordinated with one of
            # the head's is the head's too
            for prep in (c, *(x for x in c.conjuncts if x.pos_ == "ADP")):
                if prep.lower_ not in wanted:
                    continue
                for p in prep.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        out.extend(self.within(p) if deep else self.at(p))
        gapped = self.gapped_subjects(head) if head.pos_ == "VERB" and out else []
        return unique_mentions([m for m in out if m not in gapped])

    def act_authors(self, noun: Token) -> list[Mention]:
        """Who a noun phrase says did the act: possessor or modifier ("Trump's visit", "Russian war"),
        a "by" phrase ("a visit by Pezeshkian") or a participle's ("the strikes carried out by X")."""
        found = self.modifiers(noun) + self.prep_objects(noun, ("by",))
        found += [
            m
            for a in noun.children
            if a.dep_ == "acl" and a.tag_ == "VBN"
            for m in self.prep_objects(a, ("by",))
        ]
        return unique_mentions(found)

    def noun_agents(self, noun: Token) -> list[Mention]:
        """Who performs a nominal trigger: the authors its phrase names (act_authors), or the subject
        of a light verb ("held talks")."""
        found = self.act_authors(noun)
        if found:
            return found
        while noun.dep_ == "conj" and noun.head != noun:  # "strengthen communication and cooperation"
            noun = noun.head
        head = noun.head
        if (
            noun.dep_ == "dobj"
            and head.pos_ == "VERB"
            and not any(c.dep_ == "auxpass" for c in head.children)
        ):
            # "follows a visit to Canberra last week by Wang Yi": an active verb takes no agent, the
            # "by" phrase the parser hung on it is the noun's
            by = [m for m in self.prep_objects(head, ("by",)) if m.kind in ("person", "country")]
            if by:
                return by
        if noun.dep_ in ("dobj", "nsubjpass", "attr", "pobj") and head.pos_ in ("VERB", "AUX"):
            return self.subjects(head)
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            return self.subjects(head.head)
        return []


# Participles whose hyphenated modifier names who leads or wrote the thing ("Saudi-led efforts", "a
# French-drafted resolution"), by lemma; not "brokered" or "mediated": a broker is no party to it
AUTHOR_PARTICIPLES = frozenset(("lead", "sponsor", "draft"))
# Verbs linking a subject to what it is: "is / became / remains / stays the largest buyer"
COPULAS = frozenset(("be", "become", "remain", "stay"))


def _antecedent(relcl: Token) -> Token:
    """The noun a relative clause tells of, by its verb's number: the whole list when the clause
    speaks of several ("Chile and Peru, which both have ...", "..., which are members"), whatever
    item the parser hung it on; the last item when it speaks of one ("Chile and Peru, which has
    ..."); else the noun it hangs on."""
    head = relcl.head
    verbs = [relcl, *(c for c in relcl.children if c.dep_ in ("aux", "auxpass"))]
    if any(v.tag_ == "VBP" for v in verbs) or any(c.lower_ in ("both", "all") for c in relcl.children):
        while head.dep_ == "conj" and head.head != head:
            head = head.head
    elif any(v.tag_ == "VBZ" for v in verbs):
        while (last := [c for c in head.children if c.dep_ == "conj" and c.i < relcl.i]) and head.i < relcl.i:
            head = last[-1]
    return head


def amount_anchor(noun: Token) -> Token:
    """The amount a noun is told in ("announced $300 million in aid to Kyiv": the amount is the
    verb's object), else the noun itself."""
    head = noun.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "in"
        and head.head.dep_ == "dobj"
        and head.head.pos_ in ("NUM", "NOUN", "SYM")
    ):
        return head.head
    return noun


def of_objects(token: Token) -> list[Token]:
    """The objects of the "of" phrases hanging on a token ("the visit of X", "each of the three")."""
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


def clause_verb(token: Token) -> Token:
    """The verb whose clause holds `token` (itself when it is a verb)."""
    t = token
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") or t.head == t:
            return t
        t = t.head
    return t


def sentence_dates(sent: Span) -> list[Span]:
    """The DATE entities of a sentence, read off its tokens (Span.ents walks the whole Doc)."""
    doc = sent.doc
    out: list[Span] = []
    i = sent.start
    while i < sent.end:
        if doc[i].ent_iob_ == "B" and doc[i].ent_type_ == "DATE":
            j = i + 1
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            out.append(doc[i:j])
            i = j
        else:
            i += 1
    return out


def dates_for(trigger: Token, sent: Span) -> list[Span]:
    """The DATE entities that may date the trigger, best first: in the trigger's phrase, then on its
    clause verb (not inside other clauses), then a sentence's only time expression. The caller
    takes the first that resolves ("in five years" names no date; "on Wednesday" does)."""
    dates = sentence_dates(sent)
    if not dates:
        return []
    lo, hi = trigger.left_edge.i, trigger.right_edge.i
    # in the trigger's phrase, but not inside a clause of its own ("Prabowo, who took office in
    # October, visited Beijing in November")
    # "agreed to raise trade to $100 billion by 2030": the deadline of a goal is no date of the
    # agreeing; it dates only a trigger inside the goal ("plans to visit by March")
    dates = [
        d
        for d in dates
        if not _goal_deadline(d, trigger)
        and not _since_in_apposition(d, trigger)
        and not _names_a_thing(d, trigger)
        and not _end_of_a_period(d)
    ]
    out = [d for d in dates if lo <= d.start and d.end - 1 <= hi and not _in_own_clause(d, trigger)]
    verb = clause_verb(trigger)
    # "arrived on Wednesday and held talks": a coordinated verb shares its head's date
    verbs = [verb, verb.head] if verb.dep_ == "conj" and not _present_perfect(verb) else [verb]
    out += [d for v in verbs for d in dates if _governs(v, d)]
    # "Egypt, which is at odds with Addis Ababa, sent arms in May": a present-tense relative clause
    # describes a standing state; the main clause's time dates the main clause's event only
    relative = (
        verb
        if verb.dep_ == "relcl"
        and any(c.dep_ in SUBJECT_DEPS and c.lower_ in ("which", "who", "that") for c in verb.children)
        and any(v.tag_ in ("VBZ", "VBP") for v in (verb, *(c for c in verb.children if c.dep_ == "aux")))
        else None
    )
    if (
        len(dates) == 1
        and not _in_relative_clause(dates[0], trigger)
        and not _in_coordinate_clause(dates[0], verb)
        and not (relative is not None and not relative.is_ancestor(dates[0].root))
    ):
        out += dates  # a sentence with a single time expression dates what it reports
    return out


TIME_NOUNS = frozenset(
    (
        "morning",
        "afternoon",
        "evening",
        "night",
        "day",
        "weekend",
        "week",
        "month",
        "year",
        "session",
        "meeting",
    )
)


def _names_a_thing(date: Span, trigger: Token) -> bool:
    """ "criticised the decision to end a 2015 peace deal": a year set before a noun other than
    the trigger tells which thing it is, not when the event happened."""
    root, head = date.root, date.root.head
    return (
        root.dep_ in ("compound", "nmod", "nummod", "amod")
        and head.pos_ == "NOUN"
        and head != trigger
        and head.i > date.end - 1
        and not head.ent_type_  # "on Friday afternoon", "Monday's session": a time, not a thing
        and head.lemma_.lower() not in TIME_NOUNS
        # "rejected membership in a 1994 referendum", "met at the 2023 summit": the event it was at
        and not (head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "during", "after", "before"))
    )


def _end_of_a_period(date: Span) -> bool:
    """ "extended its measures until January": where a span of time ends, not when the act was."""
    return date.root.dep_ == "pobj" and date.root.head.lower_ in ("until", "till", "through")


def _in_coordinate_clause(date: Span, verb: Token) -> bool:
    """Whether the date belongs to another clause coordinated with the trigger's, which is in the
    present perfect: "X bought missiles in 2019, yet it has also sold drones" (English puts no
    definite past time on "has sold": the selling is undated). Coordinated clauses in the past
    share the sentence's time ("In December, X visited Hanoi, and the two sides signed ...")."""
    other = clause_verb(date.root)
    if other == verb:
        return False
    # "ECOWAS suspended A and B, and the juntas announced in January ...": a time phrase inside a
    # later clause with its own subject is that clause's
    later = other.dep_ == "conj" and other.head == verb and _own_subject(other) and date.start > other.i
    return later or (verb.dep_ == "conj" and verb.head == other and _present_perfect(verb))


def _present_perfect(verb: Token) -> bool:
    """ "has sold", "have met": "have" in the present as the verb's auxiliary."""
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    )


def _in_relative_clause(date: Span, trigger: Token) -> bool:
    """ "Norway, whose voters rejected membership in 1994, is a founding member of NATO": a date in
    a relative clause with a subject of its own ("whose voters", not "which") dates only that clause."""
    t = date.root
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and t.dep_ == "relcl" and t != trigger and not t.is_ancestor(trigger):
            # "thanked Russia, which chaired BRICS in 2024": a clause about the trigger's own
            # subject or object, not about the event
            described = t.head.dep_ in ("nsubj", "dobj", "dative") and t.head.head == trigger
            return described or any(
                c.dep_ in SUBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS for c in t.children
            )
        if t.head == t:
            return False
        t = t.head
    return False


def _since_in_apposition(date: Span, trigger: Token) -> bool:
    """ "attended that gathering, his first since 2011": a "since" date in a noun phrase set beside the
    clause counts from an earlier event; it does not date this one."""
    prep = date.root.head
    if date.root.dep_ != "pobj" or prep.lower_ != "since":
        return False
    return any(t.dep_ in ("appos", "npadvmod") for t in (prep.head, *prep.head.ancestors) if t != trigger)


def _goal_deadline(date: Span, trigger: Token) -> bool:
    """A "by"/"until" date on a goal verb (an xcomp) that the trigger governs from above."""
    prep = date.root.head
    if date.root.dep_ != "pobj" or prep.lower_ not in ("by", "until", "before"):
        return False
    goal = prep.head
    while goal.pos_ not in ("VERB", "AUX") and goal.head != goal:
        goal = goal.head
    if goal == trigger:
        # "agreed on a target of $100 billion in trade by 2030", "by" hung on the verb itself
        goals = triggers()["agreement"]["cooperative_objects"]
        return any(
            c.dep_ == "prep"
            and c.lower_ == "on"
            and any(p.lemma_.lower() in goals for p in c.children if p.dep_ == "pobj")
            for c in trigger.children
        )
    return goal.dep_ == "xcomp" and trigger in goal.ancestors


def _in_own_clause(date: Span, trigger: Token) -> bool:
    """Whether a verb other than the trigger stands between the date and the trigger."""
    t = date.root
    for _ in range(12):
        if t == trigger:
            return False
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("relcl", "acl", "ccomp", "conj"):
            return True
        if t.head == t:
            return False
        t = t.head
    return False


def _governs(verb: Token, date: Span) -> bool:
    """Whether the date hangs off `verb` itself, not off another verb below it."""
    t = date.root
    for _ in range(4):
        if t == verb:
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
        t = t.head
    return False


def modality_of(trigger: Token, base: str = "asserted") -> str | None:
    """asserted/planned/alleged/negated from auxiliaries, negation and governing verbs; None for
    questions and hypotheticals, which yield no fact."""
    lex = triggers()["modality"]
    sent = trigger.sent
    if sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return None
    if sent[0].lower_ in ("had", "were", "should") and sent[0].dep_ in ("aux", "auxpass", "ROOT"):
        return None  # "Had Finland's neighbour been admitted ...", "Should Iran join ...": hypothetical
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "amod" and c.lower_ in lex["planned_adjectives"] for c in trigger.children):
            return "planned"  # "a possible trip by Putin to Turkey"
        if trigger.head.pos_ == "VERB" and trigger.dep_ in ("dobj", "nsubj"):
            if trigger.head.lemma_.lower() not in lex["event_verbs"]:
                # "refused to condemn Russia's invasion": the invasion stands; what is refused is
                # the condemning. A negation only reaches a noun through a verb that carries it out.
                found = _chain_modality(trigger, base, lex, sent)
                return base if found == "negated" else found
    return _chain_modality(trigger, base, lex, sent)


FINITE_TAGS = ("VBD", "VBZ", "VBP")


def _chain_modality(trigger: Token, base: str, lex: dict, sent: Span) -> str | None:
    """Modality from the trigger and the verbs governing it, up to its clause's root."""
    chain = [trigger]
    # Verbs a conjoined verb of the chain is coordinated with: "refused to send arms and opposed
    # the sanctions" does not refuse the opposing; a shared auxiliary or negation still reaches it
    # ("will host the summit and welcome ...") unless the verb has its own ("... and has opposed").
    peers: set[Token] = set()
    unshared: set[Token] = set()  # peers whose conjoined verb has its own auxiliary
    t = trigger
    for _ in range(6):
        if t.head == t or t.dep_ in ("relcl", "appos"):
            break  # a relative clause or an apposition describes its anchor, whatever is said of it
        if t.dep_ == "pobj" and t.head.head.pos_ in ("NOUN", "PROPN"):
            break  # "the implementation of an agreement": the noun phrase's own modality ends here
        if t.pos_ in ("VERB", "AUX") and t.dep_ == "conj" and _own_subject(t):
            break  # "X is not inferior, and through collaboration they can ...": a clause of its own
        if t.pos_ == "VERB" and t.dep_ == "conj" and t.head.pos_ == "VERB":
            peers.add(t.head)
            if any(c.dep_ in ("aux", "auxpass") for c in t.children):
                unshared.add(t.head)
            elif t.tag_ in FINITE_TAGS and t.head.tag_ == "VB" and t.head.dep_ == "xcomp":
                # "refused to send arms and opposed the sanctions", the parser joining "opposed" to
                # the infinitive: a finite verb is coordinated with the verb above it
                peers.add(t.head.head)
                unshared.update((t.head, t.head.head))
        t = t.head
        chain.append(t)
        if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "parataxis"):
            break
    modality = base
    for tok in chain:
        if tok in peers:
            if tok in unshared:
                continue  # the conjoined verb has its own auxiliary: nothing of this one reaches it
            kids = list(tok.children)  # only its negation and auxiliaries are shared
            if _negates(kids, lex):
                return "negated"
            if modality == base and _future_aux(kids):
                modality = "planned"
            continue
        kids = list(tok.children)
        if any(k.dep_ == "mark" and k.lower_ in lex["conditional_marks"] for k in kids):
            return None
        if any(  # "If Argentina had accepted, it would have been ...": counterfactual
            k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in k.children)
            for k in kids
        ):
            return None
        if _negates(kids, lex):
            return "negated"
        lemma = tok.lemma_.lower()
        if lemma in lex["requests"] and tok != trigger:
            return None
        if (
            tok.dep_ == "pcomp"
            and tok.head.lower_ == "against"
            and tok.head.head.lemma_.lower() in lex["warnings"]
        ):
            return None  # "warned Bamako against deepening ties with X": a warning, no act
        if any(k.lower_ == "yet" for k in kids) and any(k.dep_ == "xcomp" for k in kids):
            return "negated"  # "Hungary has yet to ratify": not done
        if (
            lemma in lex["negated"]
            and tok != trigger
            and not (lemma in lex["negated_with_particle"] and not any(k.dep_ == "prt" for k in kids))
        ):
            # "denied accusations that it supplied drones": one side alleges, the other denies
            claimed = any(t.lemma_.lower() in lex["claims"] for t in (*chain, *sent)) or modality == "alleged"
            return "alleged" if claimed else "negated"
        if lemma in lex["alleged"] and tok != trigger:
            modality = "alleged"
        if any(k.lower_ in lex["alleged_adverbs"] for k in kids):
            modality = "alleged"
        if modality == base and (
            (lemma in lex["planned"] and tok != trigger)
            # "waiting for Turkey to ratify it", "called for Iran to join": an event yet to come
            or (
                any(k.dep_ == "mark" and k.lower_ == "for" for k in kids)
                and any(k.lower_ == "to" for k in kids)
            )
            or _future_aux(kids)
            or (tok.dep_ == "xcomp" and tok.head.lemma_ == "be")
        ):
            modality = "planned"
    return modality


def _negates(kids: list[Token], lex: dict) -> bool:
    """Whether a verb's children negate it ("not", "never", "no longer")."""
    return any(
        k.dep_ == "neg" or (k.lower_ in lex["negation_words"] and k.dep_ in ("neg", "advmod")) for k in kids
    )


def _future_aux(kids: list[Token]) -> bool:
    """Whether a verb's children put it ahead ("will", "would")."""
    return any(k.dep_ == "aux" and k.lower_ in ("will", "shall", "'ll", "would") for k in kids)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def unique_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions with one per entity, in order."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.entity.id not in seen:
            seen.add(m.entity.id)
            out.append(m)
    return out
