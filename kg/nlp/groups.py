"""Pronouns and groups: he/she/it/they, "the two leaders", "both countries", "the three
governments", "the two Gulf monarchies" resolved to the entities the story named."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.model import Entity
from kg.nlp.args import clause_verb
from kg.nlp.lexicon import regions, triggers
from kg.nlp.mentions import Mention
from kg.nlp.titles import LinkerBase

PERSON_PRONOUNS = frozenset({"he", "she"})
PAIR_PERSON_NOUNS = frozenset({"leaders", "presidents", "ministers", "heads", "premiers", "men", "women"})
PAIR_COUNTRY_NOUNS = frozenset(
    {
        "countries",
        "nations",
        "sides",
        "neighbours",
        "neighbors",
        "governments",
        "states",
        "monarchies",
        "rivals",
        "kingdoms",
        "capitals",
        "juntas",
        "delegations",
    }
)
GROUP_SIZES = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


class GroupResolution(LinkerBase):
    """Mentions for pronouns and group nouns."""

    def _country(self, code: str) -> Entity | None:
        return self.ref.country_entity(code) if code in self.ref.countries else None

    def _pronouns_and_pairs(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """he/she/his/her/him -> the last person named; it -> the last country named in the sentence;
        "the two leaders", "both countries", "the three governments", "the two", "they" -> the group
        named just before (or the story's two protagonists)."""
        out: list[Mention] = []
        persons = [m for m in mentions if m.kind == "person"]
        lead = _lead_pair(doc, persons)
        for token in doc:
            lower = token.lower_
            if (
                (lower in PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"))
                or (lower in ("his", "her") and token.dep_ == "poss")
                or (lower == "him" and token.dep_ in ("dobj", "pobj", "dative"))
            ):
                before = [m for m in persons if m.start < token.i and token.sent.start - m.start < 400]
                if lower in ("him", "her") and token.dep_ != "poss":
                    # "X hosted a banquet for him": an object pronoun is not its own clause's subject
                    own = _clause_subject_roots(token)
                    before = [m for m in before if doc[m.start : m.end].root.i not in own]
                # "Lukashenko, a close ally of Russian President Putin, is on his first trip": a person
                # named inside another's apposition or modifier is not whom the pronoun points to
                free = [m for m in before if not _embedded(doc, m, before)]
                # "Boric told Petro he would visit Bogota": the governing verb's subject; "When A
                # welcomed B, he said": the fronted clause's; "Weeks later, he was in Sochi": the
                # sentence before's (its own pronoun resolved)
                earlier = [*before, *(m for m in out if m.kind == "person" and m.start < token.i)]
                free = (
                    _governing_subjects(doc, token, before)
                    or _fronted_clause_subject(doc, token, before)
                    or _previous_person_subject(doc, token, earlier)
                    or free
                )
                if free or before:
                    out.append(Mention(token.i, token.i + 1, (free or before)[-1].entity, "pronoun"))
                continue
            if (lower == "it" and token.dep_ in ("nsubj", "nsubjpass")) or (
                lower == "its" and token.dep_ == "poss"
            ):
                # a pronoun stands for a noun phrase: not for a demonym modifying one ("Russian
                # missiles"), nor for one of its own clause's plural subject ("A and B ratified its
                # accession" is no one's own); an "it" resolved before is a candidate too
                plural = _plural_subject_roots(token)
                before = [
                    m
                    for m in [*mentions, *out]
                    if token.sent.start <= m.start < token.i
                    and m.kind == "country"
                    and doc[m.start : m.end].root.dep_ != "amod"
                    and doc[m.start : m.end].root.i not in plural
                ]
                before.sort(key=lambda m: m.start)
                # "Chile shipped copper to China, while it bought ...": the governing verb's subject;
                # "Kenya's imports rose, while its exports fell": the possessor of the parallel subject
                before = (
                    _governing_subjects(doc, token, before)
                    or _parallel_possessor(doc, token, before)
                    or _own_subject(doc, token, before)
                    or before
                )
                clause = next((a for a in (token.head, *token.head.ancestors) if a.dep_ == "relcl"), None)
                if clause is not None:
                    noun = clause.head
                    inside = [m for m in before if noun.is_ancestor(doc[m.start : m.end].root)]
                    before = [m for m in before if m not in inside] or before
                if not before and lower == "it":
                    before = _previous_subject(doc, token, mentions)
                if before:
                    out.append(Mention(token.i, token.i + 1, before[-1].entity, "pronoun"))
                continue
            group = self._group(doc, token, mentions, lead)
            out.extend(Mention(token.i, token.i + 1, e, "pair") for e in group)
        return out

    def _regional_group(
        self, doc: Doc, token: Token, mentions: list[Mention], size: int, every: bool = False
    ) -> list[Entity]:
        lefts = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod")]
        modifiers = " ".join(t.text for t in lefts)
        org = next((key for word, key in regions().items() if word in modifiers), None)
        if org is None:  # "the GCC countries", "the NATO allies": the organisation named beside
            named = [
                m.entity.id.split("/", 1)[1]
                for m in mentions
                if m.kind == "organization" and any(m.start <= t.i < m.end for t in lefts)
            ]
            org = named[0] if named else None
        if org is None or org not in self.ref.organizations:
            return []
        published = doc.user_data.get("published")
        members = set(
            self.ref.members(org, status="member", on=published) if published else self.ref.members(org)
        )
        found: dict[str, Entity] = {}
        for m in sorted((m for m in mentions if m.start < token.i), key=lambda m: -m.start):
            if m.kind == "country" and m.entity.country in members:
                found.setdefault(m.entity.id, m.entity)
        group = list(found.values())
        if size:
            return group[:size] if len(group) >= size else []
        if every:  # "the GCC countries": every member the story named
            return group if len(group) >= 2 else []
        return group if 2 <= len(group) <= 4 else []

    def _group(
        self, doc: Doc, token: Token, mentions: list[Mention], lead: list[Entity] | None
    ) -> list[Entity]:
        lower = token.lower_
        kids = {c.lower_ for c in token.children if c.dep_ in ("nummod", "det", "predet", "amod", "preconj")}
        if (
            lower in ("two", "both", "three", "four")
            and token.dep_ in ("nsubj", "nsubjpass")
            and (lower == "both" or kids & {"the", "all"})
        ):
            # "The two signed a security pact", "All three were suspended"
            size, persons_first = GROUP_SIZES[lower], lower in ("two", "both")
        elif lower == "they" and token.dep_ in ("nsubj", "nsubjpass"):
            return _coordinated_subjects(doc, token, mentions)
        elif (
            token.tag_ in ("NNS", "NNPS")
            and (lower in PAIR_PERSON_NOUNS or lower in PAIR_COUNTRY_NOUNS)
            # not "China, Russia and four Central Asian states": a list names its own members; but
            # "Xi and the five presidents" points back to five named before
            and (
                token.dep_ != "conj"
                or ("the" in kids and bool(kids & GROUP_SIZES.keys()) and "other" not in kids)
            )
            and not any(c.dep_ == "conj" for c in token.children)
        ):
            sizes = [GROUP_SIZES[k] for k in kids if k in GROUP_SIZES]
            if not sizes and ("the" not in kids or any(c.dep_ == "nummod" for c in token.children)):
                return []  # no count, or one we cannot read ("the 27 member states")
            if not sizes and any(c.dep_ in ("amod", "compound") for c in token.children):
                # "the Baltic governments": a group named by its region, read only when the region
                # is known (no "the two" guessed from a modifier)
                return self._regional_group(doc, token, mentions, 0, every=True)
            if any(
                c.dep_ == "prep"
                and c.lower_ in ("of", "from")
                # "the two heads of state/government": with a count, the title's own phrase
                and any(
                    p.dep_ == "pobj"
                    and not (sizes and p.lower_ in ("state", "government"))
                    # "accused the three governments of rewarding violence": not a who
                    and _names_someone(p, mentions)
                    for p in c.children
                )
                for c in token.children
            ):
                return []  # "the leaders of the two countries": the prepositional phrase says who
            size, persons_first = (sizes[0] if sizes else 2), lower in PAIR_PERSON_NOUNS
        else:
            return []
        kinds = [True, False] if persons_first and lower in ("two", "both", "they") else [persons_first]
        if not persons_first:
            regional = self._regional_group(doc, token, mentions, size)
            if regional:
                return regional  # "the two Gulf monarchies": the GCC members the story named
        if size >= 3 and not persons_first:
            listed = _listed_group(doc, token, mentions, size)
            if listed:
                return listed  # "Mali, Burkina Faso and Niger ... the three countries"
        if size >= 3 and persons_first:
            # "Xi and the five Central Asian presidents signed": the five named together before, as
            # persons ("attending were A, B, C, D and E") or by their countries ("the presidents
            # of A, B and C")
            recent = _recent_group(doc, token, mentions, True, self._country)
            if len(recent) == size:
                return recent
            listed = _listed_group(doc, token, mentions, size, "person")
            listed = listed or _listed_group(doc, token, mentions, size, "country")
            if listed:
                return listed
        if size == 2 and persons_first:
            # "X received Y at the palace, where the two leaders signed ...": the two the clause
            # around says met
            around = _governing_pair(doc, token, mentions)
            if around:
                return around
        if size == 2 and not persons_first:
            # "Xi paid a state visit to Hanoi, where the two sides signed ...": the two states of
            # the clause around (a person's, a place's)
            states = _governing_states(doc, token, mentions, self._country)
            if states:
                return states
        for want_persons in kinds:
            # the nearest window (this and 1, 2 or 3 previous sentences) naming exactly that many
            for back in (1, 2, 3) if size and not want_persons else (1,):
                found = _recent_group(doc, token, mentions, want_persons, self._country, back)
                if (size and len(found) == size) or (not size and len(found) in (2, 3)):
                    return found
                if size and len(found) > size:
                    break
        if size == 2 and lead is not None and lower not in ("they", "two", "both"):
            # "Erdogan praised both men": the protagonists other than the one acting
            actors = {
                m.entity.id
                for m in mentions
                for c in token.head.children
                if c.dep_ == "nsubj" and m.start <= c.i < m.end
            }
            pair = [p for p in lead if p.id not in actors][:2]
            if len(pair) < 2:
                return []
            return pair if persons_first else (_countries_of(pair, self._country) or [])
        return []


def _plural_subject_roots(pronoun: Token) -> set[int]:
    """The tokens of a coordinated subject of the clause holding `pronoun` ("Turkey and Hungary
    ratified its accession"): a singular pronoun there is not one of them."""
    roots = _clause_subject_roots(pronoun)
    return roots if len(roots) > 1 else set()


def _previous_subject(doc: Doc, pronoun: Token, mentions: list[Mention]) -> list[Mention]:
    """ "Mongolia has long courted both neighbours. It joined the WTO in 1997.": a sentence opening
    with "It" doing something continues the story of the country the sentence before was about
    (its main subject); not an "it" of "it is likely that", "it seems", "it said" of a report."""
    sent = pronoun.sent
    if pronoun.i != sent.start or pronoun.head.lemma_ in ("be", "seem", "appear", "say") or sent.start == 0:
        return []
    return [m for m in _main_subject_of(doc, doc[sent.start - 1].sent, mentions) if m.kind == "country"]


def _main_subject_of(doc: Doc, sent: Span, candidates: list[Mention]) -> list[Mention]:
    """The candidates a sentence's main clause has as its subject, or as the owner of a body
    through which a country acts ("The Saudi foreign ministry said ...")."""
    subjects = {c.i for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")}
    proxies = frozenset(triggers()["proxies"]["nouns"])
    subjects |= {
        a.i
        for i in list(subjects)
        if doc[i].lemma_.lower() in proxies or doc[i].lower_ in proxies
        for a in doc[i].children
        if a.dep_ in ("amod", "compound", "poss")
    }
    return [
        m for m in candidates if sent.start <= m.start < sent.end and doc[m.start : m.end].root.i in subjects
    ]


def _governing_subjects(doc: Doc, pronoun: Token, candidates: list[Mention]) -> list[Mention]:
    """For a pronoun subject of a clause hanging on a verb ("Peru said it would ...", "Boric told
    Petro he would ...", "..., while it bought ..."): the candidates that are that verb's subject."""
    verb = pronoun.head
    # "Belarus allowed ..., and it has since been hit by sanctions": a passive subject too
    if (
        pronoun.dep_ not in ("nsubj", "nsubjpass")
        or verb.dep_ not in ("advcl", "conj", "ccomp")
        or verb.head == verb
    ):
        return []
    return [
        m
        for m in candidates
        if doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass")
        and doc[m.start : m.end].root.head == verb.head
    ]


def _fronted_clause_subject(doc: Doc, pronoun: Token, candidates: list[Mention]) -> list[Mention]:
    """ "When Erdogan welcomed Zelensky in July, he called ...": a subject pronoun after a clause set
    before its own is that clause's subject."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    fronted = [c for c in pronoun.head.children if c.dep_ == "advcl" and c.i < pronoun.i]
    subjects = {s.i for c in fronted for s in c.children if s.dep_ == "nsubj"}
    return [m for m in candidates if doc[m.start : m.end].root.i in subjects]


def _previous_person_subject(doc: Doc, pronoun: Token, candidates: list[Mention]) -> list[Mention]:
    """ "Weeks later, he was in Sochi", "He was received by ...": a main clause's subject pronoun with
    no person before it in its sentence goes on with the person the sentence before was about (its
    main subject)."""
    sent = pronoun.sent
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head != sent.root or sent.start == 0:
        return []
    if any(sent.start <= m.start < pronoun.i for m in candidates):
        return []
    return [m for m in _main_subject_of(doc, doc[sent.start - 1].sent, candidates) if m.kind == "person"]


def _governing_pair(doc: Doc, token: Token, mentions: list[Mention]) -> list[Entity]:
    """The subject and object persons of the clause a relative or adverbial clause hangs on ("X
    received Y at the palace, where the two leaders signed"), if exactly two."""
    verb = clause_verb(token.head)
    if verb.dep_ not in ("relcl", "advcl"):
        return []
    outer = clause_verb(verb.head)
    roots = {c.i for c in outer.children if c.dep_ in ("nsubj", "dobj", "nsubjpass")}
    # ("Lula was received by Lourenco at the palace, where the two signed ...": the passive's agent)
    roots |= {p.i for c in outer.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"}
    roots |= {c.i for r in list(roots) for c in doc[r].children if c.dep_ == "appos"}  # "his counterpart X"
    found = {
        m.entity.id: m.entity for m in mentions if m.kind == "person" and doc[m.start : m.end].root.i in roots
    }
    return list(found.values()) if len(found) == 2 else []


def _governing_states(doc: Doc, token: Token, mentions: list[Mention], country) -> list[Entity]:
    """The states named in the clause a relative or adverbial clause hangs on (persons by their
    country), if exactly two."""
    verb = clause_verb(token.head)
    if verb.dep_ not in ("relcl", "advcl"):
        return []
    outer = clause_verb(verb.head)
    inner = {t.i for t in verb.subtree}
    found: dict[str, Entity] = {}
    for m in mentions:
        root = doc[m.start : m.end].root
        if root.i in inner or not outer.is_ancestor(root) or m.kind not in ("person", "country"):
            continue
        state = m.entity if m.kind == "country" else (country(m.entity.country) if m.entity.country else None)
        if state is not None:
            found.setdefault(state.id, state)
    return list(found.values()) if len(found) == 2 else []


def _clause_subject_roots(pronoun: Token) -> set[int]:
    """The subject tokens of the verb whose clause holds `pronoun` (its conjuncts too)."""
    verb = clause_verb(pronoun)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {t.i for s in subjects for t in _coordination(s)}


def _own_subject(doc: Doc, pronoun: Token, candidates: list[Mention]) -> list[Mention]:
    """ "Somalia, which accuses Ethiopia, recalled its ambassador": "its" on a verb's object is the
    subject's own (a verb coordinated without a subject shares the first one's)."""
    noun = pronoun.head
    if pronoun.dep_ != "poss" or noun.dep_ != "dobj":
        return []
    verb = noun.head
    while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    return [
        m
        for m in candidates
        if doc[m.start : m.end].root.dep_ == "nsubj" and doc[m.start : m.end].root.head == verb
    ]


def _embedded(doc: Doc, mention: Mention, others: list[Mention]) -> bool:
    """Whether the mention sits in the phrase of an earlier person of its sentence (an apposition,
    a "of" phrase), so that the sentence is about that person, not this one."""
    root = doc[mention.start : mention.end].root
    return any(
        o.start < mention.start and o.start >= root.sent.start and doc[o.start : o.end].root.is_ancestor(root)
        for o in others
        if o is not mention
    )


def _lead_pair(doc: Doc, persons: list[Mention]) -> list[Entity] | None:
    """The story's protagonists: the distinct persons of the first sentence naming two or more."""
    for sent in doc.sents:
        names = list({m.entity.id: m.entity for m in persons if sent.start <= m.start < sent.end}.values())
        if len(names) >= 2:
            return names
    return None


def _countries_of(persons: list[Entity], country) -> list[Entity] | None:
    found = [country(p.country) for p in persons if p.country]
    entities = list({e.id: e for e in found if e is not None}.values())
    return entities if len(entities) == 2 else None


def _coordination(token: Token) -> list[Token]:
    """A token and everything coordinated with it ("Mali, Burkina Faso and Niger", parsed with
    apposition as well as conjunction)."""
    out, stack = [token], [token]
    while stack:
        for c in stack.pop().children:
            if c.dep_ in ("conj", "appos") and c not in out:
                out.append(c)
                stack.append(c)
    return out


def _names_someone(phrase: Token, mentions: list[Mention]) -> bool:
    """Whether a phrase says who ("of the two countries", "of Chile and Peru", "from the region's
    states"), rather than what ("of rewarding violence")."""
    lo, hi = phrase.left_edge.i, phrase.right_edge.i
    if any(lo <= m.start <= hi for m in mentions) or phrase.lower_ in ("state", "government"):
        return True  # a name, or a title's own phrase ("the heads of state")
    return (
        any(t.lower_ in PAIR_COUNTRY_NOUNS | PAIR_PERSON_NOUNS for t in phrase.subtree)
        or phrase.pos_
        in (
            "PROPN",
            "PRON",
        )
        or any(t.lower_ in ("region", "bloc", "union", "alliance") for t in phrase.subtree)
    )


def _listed_group(
    doc: Doc, token: Token, mentions: list[Mention], size: int, kind: str = "country"
) -> list[Entity]:
    """The last coordinated list of exactly `size` countries (or persons) named before `token`."""
    start = 0  # a list of exactly that many, anywhere before
    by_root: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind == kind and m.via != "pair":
            by_root.setdefault(doc[m.start : m.end].root.i, []).append(m)
    for t in reversed(doc[start : token.i]):
        if (
            t.i in by_root
            and t.dep_ not in ("conj", "appos")
            and any(c.dep_ in ("conj", "appos") for c in t.children)
        ):
            group = [m.entity for x in _coordination(t) for m in by_root.get(x.i, [])]
            distinct = list({e.id: e for e in group}.values())
            if len(distinct) == size:
                return distinct
    return []


def _coordinated_subjects(doc: Doc, token: Token, mentions: list[Mention]) -> list[Entity]:
    """ "Mali, Burkina Faso and Niger said they were leaving": the last coordinated subject group in
    this or the previous sentence."""
    sent = token.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    by_root: dict[int, list[Mention]] = {}
    for m in mentions:
        by_root.setdefault(doc[m.start : m.end].root.i, []).append(m)
    for t in reversed(doc[start : token.i]):
        if t.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ in ("conj", "appos") for c in t.children):
            group = [m.entity for x in _coordination(t) for m in by_root.get(x.i, [])]
            distinct = list({e.id: e for e in group}.values())
            if len(distinct) >= 2:
                return distinct
    return []


def _recent_group(
    doc: Doc, token: Token, mentions: list[Mention], persons: bool, country, back: int = 1
) -> list[Entity]:
    """Distinct entities of the kind in this and the `back` previous sentences, before `token`."""
    prev_start = token.sent.start
    for _ in range(back):
        if prev_start > 0:
            prev_start = doc[prev_start - 1].sent.start
    found: dict[str, Entity] = {}
    for m in mentions:
        if prev_start <= m.start < token.i and m.via != "pair":
            if persons and m.kind == "person":
                found[m.entity.id] = m.entity
            elif not persons and m.kind == "country":
                found[m.entity.id] = m.entity
            elif not persons and m.kind == "person" and m.entity.country:
                entity = country(m.entity.country)
                if entity is not None:
                    found[entity.id] = entity
    return list(found.values())


def _parallel_possessor(doc: Doc, pronoun: Token, candidates: list[Mention]) -> list[Mention]:
    """ "Kenya's imports from Uganda rose, while its exports to Uganda fell": "its" on the subject of
    a clause hanging on another is the possessor of that other clause's subject."""
    noun, verb = pronoun.head, pronoun.head.head
    if (
        pronoun.dep_ != "poss"
        or noun.dep_ not in ("nsubj", "nsubjpass")
        or verb.dep_ not in ("advcl", "conj")
    ):
        return []
    owners = {
        p.i
        for c in verb.head.children
        if c.dep_ in ("nsubj", "nsubjpass")
        for p in c.children
        if p.dep_ == "poss"
    }
    return [m for m in candidates if doc[m.start : m.end].root.i in owners]
