"""Entity linking and in-document coreference.

Turns the entity spans of a Doc into `Mention`s of linked entities: reference entities by id,
persons clustered by name (a surname after a first full mention is the same person), role phrases
("the Belarusian president", "his counterpart"), he/she, and pair nouns ("the two leaders").
Titles before or beside a name ("Kazakh President Kassym-Jomart Tokayev") give the person's role
and country, kept on the mention as a stated position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import Entity
from kg.nlp.lexicon import anaphora, best_role, cities, regions, role_nouns, title_roles, title_words
from kg.nlp.ruler import LABEL_KIND
from kg.reference import Reference, load_reference

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
    }
)
GROUP_SIZES = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NAME_NOISE = ("'s", "’s")


@dataclass
class Mention:
    """A span of the doc that refers to an entity; `role`/`country` when the text states an office."""

    start: int
    end: int
    entity: Entity
    via: str
    role: str | None = None
    stated_country: str | None = None
    former: bool = False

    @property
    def kind(self) -> str:
        return self.entity.kind


@dataclass
class _Person:
    """A cluster of person mentions, finalised into one Entity."""

    names: list[str]
    reference: Entity | None = None
    country: str | None = None
    titles: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.label.split()[-1]

    @property
    def label(self) -> str:
        if self.reference:
            return self.reference.label
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    def entity(self) -> Entity:
        if self.reference:
            ref = self.reference
            return Entity(ref.label, "person", ref.qid, ref.aliases, self.country or ref.country, ref.id)
        aliases = tuple(dict.fromkeys(n for n in [*self.names, self.surname] if n != self.label))
        return Entity(self.label, "person", None, aliases, self.country)


class Linker:
    """Resolves a Doc's entity spans into Mentions (doc._.mentions), sorted by position."""

    def __init__(self, reference: Reference) -> None:
        self.ref = reference
        self.by_id: dict[str, Entity] = {}
        for form in reference.surface_forms():
            self.by_id.setdefault(form.entity.id, form.entity)

    def __call__(self, doc: Doc) -> Doc:
        published = doc.user_data.get("published")
        persons: list[_Person] = []
        cluster_of: dict[int, _Person] = {}  # mention index -> person cluster
        mentions: list[Mention] = []
        covered: set[int] = set()
        for span in doc.ents:
            mention = self._link_span(span, persons, cluster_of)
            if mention is None:
                continue
            mentions.append(mention)
            covered.update(range(span.start, span.end))
        for mention in mentions:
            if id(mention) in cluster_of:
                self._read_title(doc, mention, cluster_of[id(mention)])
        self._infer_countries(doc, mentions, cluster_of)
        extra = self._role_phrases(doc, covered, mentions, cluster_of, persons, published)
        mentions.extend(extra)
        mentions.sort(key=lambda m: m.start)
        # Freeze clusters into entities now that every name, title and country is known.
        frozen = {id(p): p.entity() for p in persons}
        for mention in mentions:
            person = cluster_of.get(id(mention))
            if person is not None:
                mention.entity = frozen[id(person)]
        mentions.extend(self._pronouns_and_pairs(doc, mentions))
        mentions.sort(key=lambda m: m.start)
        doc._.mentions = mentions
        return doc

    # -- spans -------------------------------------------------------------------------------
    def _link_span(self, span: Span, persons: list[_Person], cluster_of: dict) -> Mention | None:
        label = span.label_
        if span.ent_id_ and label == "PERSON" and len(span) == 1 and span.end < len(span.doc):
            after = span.doc[span.end]
            if after.pos_ == "PROPN" and after.is_title and not after.ent_id_:
                # "Abbas Aliabadi" is not Mahmoud Abbas: a surname pattern inside a longer name
                name = span.doc[span.start : after.i + 1].text
                person = self._cluster(persons, name, None)
                mention = Mention(span.start, span.end + 1, Entity(name, "person"), "ner")
                cluster_of[id(mention)] = person
                return mention
        if span.ent_id_ and label in LABEL_KIND:
            entity = self.by_id.get(span.ent_id_)
            if entity is None:
                return None
            if entity.kind == "person":
                person = self._cluster(persons, entity.label, entity)
                mention = Mention(span.start, span.end, entity, "reference")
                cluster_of[id(mention)] = person
                return mention
            return Mention(span.start, span.end, entity, "reference")
        text = span.text
        for noise in _NAME_NOISE:
            text = text.removesuffix(noise)
        if label == "PERSON":
            name = self._strip_titles(text)
            if not name or not name[0].isupper():
                return None
            person = self._cluster(persons, name, self.ref.person_entity(name))
            mention = Mention(span.start, span.end, Entity(name, "person"), "ner")
            cluster_of[id(mention)] = person
            return mention
        if label in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            # A surname the model mistook for a nationality or place ("Pezeshkian" as NORP).
            for person in persons:
                if " " not in text and text == person.surname:
                    mention = Mention(span.start, span.end, Entity(text, "person"), "surname")
                    cluster_of[id(mention)] = person
                    return mention
            entity = self.ref.resolve(text)
            if entity is not None and entity.kind != "person":
                return Mention(span.start, span.end, entity, "resolved")
            country = cities().get(text) if label in ("GPE", "LOC", "FAC") else None
            if country and country in self.ref.countries:
                return Mention(span.start, span.end, self.ref.country_entity(country), "city")
        return None

    @staticmethod
    def _strip_titles(name: str) -> str:
        words = name.split()
        words_lower = title_words()
        while words and words[0].lower().strip(".") in words_lower | {"former", "interim", "acting"}:
            words = words[1:]
        return " ".join(words)

    @staticmethod
    def _cluster(persons: list[_Person], name: str, reference: Entity | None) -> _Person:
        for person in persons:
            if reference is not None and person.reference is not None and person.reference.id == reference.id:
                return person
            known = {n.lower() for n in person.names} | {person.label.lower()}
            if person.reference:
                known |= {a.lower() for a in person.reference.aliases}
            if name.lower() in known:
                if reference is not None and person.reference is None:
                    person.reference = reference
                return person
            if " " not in name and name == person.surname:
                return person
            if (
                " " in name
                and name.split()[-1] == person.surname
                and person.reference is None
                and (all(" " not in n for n in person.names))
            ):
                person.names.append(name)
                person.reference = reference
                return person
        person = _Person([name], reference, reference.country if reference else None)
        persons.append(person)
        return person

    # -- titles ------------------------------------------------------------------------------
    def _read_title(self, doc: Doc, mention: Mention, person: _Person) -> None:
        """Role and country stated before the name ("Kremlin spokesman", "Syria's interim President")
        or in an apposition after it ("Pekka Haavisto, Finland's foreign minister")."""
        span = doc[mention.start : mention.end]
        window = self._title_window(doc, span)
        window.extend(
            t for t in span if t.lower_.strip(".") in title_words()
        )  # "King Mohammed VI" as one span
        # "Pekka Haavisto, Finland's foreign minister": an apposition headed by a title word
        appos = [t for t in span.root.children if t.dep_ == "appos" and t.lemma_.lower() in title_words()]
        for head in appos:
            window.extend(t for t in head.lefts if t.dep_ in ("amod", "compound", "poss", "det"))
            window.append(head)
            # "the president of the European Council": the office's own "of" phrase, not clauses in it
            window.extend(
                p
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for obj in c.children
                if obj.dep_ == "pobj"
                for p in (c, *[x for x in obj.lefts if x.dep_ in ("compound", "amod")], obj)
            )
        head = span.root
        while head.dep_ == "conj" and head.head != head:
            head = head.head
        if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
            # "Their foreign ministers, Jeyhun Bayramov of Azerbaijan and Ararat Mirzoyan of Armenia"
            title_head = head.head
            window.extend(t for t in title_head.lefts if t.dep_ in ("amod", "compound"))
            window.append(title_head)
        if span.root.dep_ == "nsubj" and span.root.head.lemma_ == "be":
            # "Alexander Lukashenko is the president of Belarus"
            for attr in (c for c in span.root.head.children if c.dep_ == "attr"):
                if attr.lemma_.lower() in title_words():
                    window.extend(t for t in attr.lefts if t.dep_ in ("amod", "compound", "poss"))
                    window.append(attr)
                    window.extend(
                        p for c in attr.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.subtree
                    )
        of_country = [
            p
            for c in span.root.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        window.extend(of_country)
        words = [(t.lemma_ if t.tag_ == "NNS" else t.lower_).lower().strip(".") for t in window]
        phrase_roles: set[str] = set()
        text = " " + " ".join(words) + " "
        for phrase, phrase_role in title_roles().items():
            if f" {phrase} " in text:
                phrase_roles.add(phrase_role)
                person.titles.add(phrase)
        if not phrase_roles:
            return
        if any(t.ent_id_.startswith("org/") for t in window) or any(
            t.ent_type_ == "ORG"
            and t.lower_ not in title_words()  # "Secretary of State" is a title, not an organisation
            and any(w.lower_ == "of" and w.i < t.i for w in window)
            for t in window
        ):
            return  # "the president of the European Council", "NATO Secretary-General": no position
        former = " former " in text or " ex " in text
        role: str | None = "other" if former else best_role(phrase_roles)
        country: str | None = None
        for token in window:
            entity = self._country_at(doc, token)
            if entity is not None:
                country = entity
                break
        body = self._institution_before(doc, window)
        if body is not None and role == "head_of_state":
            # "French National Assembly president Laurent Fabius": president of a body, not the state
            role, country = "other", country or body
        mention.role = role
        mention.former = former
        if role:
            person.roles.add(role)
        if person.reference is not None and person.reference.country and country != person.reference.country:
            country = None  # the reference knows whom this person serves; a misread title does not
        if country and not former:
            person.country = country
        mention.stated_country = country

    def _institution_before(self, doc: Doc, window: list[Token]) -> str | None:
        """When a "president" title follows an institution's name ("National Assembly president"),
        the country that institution belongs to ("French"), or "" if none is named; else None."""
        presidents = [t for t in window if t.lower_ == "president"]
        if not presidents or presidents[0].i == 0:
            return None
        before = doc[presidents[0].i - 1]
        if before.lower_ in title_words() or before.ent_id_ or before.pos_ not in ("PROPN", "NOUN"):
            return None
        for t in doc[max(0, before.i - 5) : before.i]:
            code = self._country_at(doc, t)
            if code:
                return code
        return ""

    def _infer_countries(self, doc: Doc, mentions: list[Mention], cluster_of: dict) -> None:
        """An official the reference does not know, titled without a country ("Diamantino Azevedo,
        the minister of mineral resources"), serves the one country his sentence names freely, or
        else the country the story is about."""
        counts: dict[str, int] = {}
        for m in mentions:
            if m.kind == "country" and m.entity.country:
                counts[m.entity.country] = counts.get(m.entity.country, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        # the story's country: named at least three times, more than any other
        clear = ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        salient = ranked[0][0] if clear else None
        for mention in mentions:
            person = cluster_of.get(id(mention))
            if person is None or not mention.role or person.country or person.reference is not None:
                continue
            if mention.stated_country:  # "Former Ukrainian President ...": said, just not current
                continue
            sent = doc[mention.start].sent
            free = {
                m.entity.country
                for m in mentions
                if m.kind == "country" and sent.start <= m.start < sent.end and not _titles_someone(doc, m)
            }
            country = next(iter(free)) if len(free) == 1 else (salient if not free else None)
            if country:
                person.country = country
                mention.stated_country = country

    def _country_at(self, doc: Doc, token: Token) -> str | None:
        """The country of the reference entity this token is part of, if any."""
        entity = self.by_id.get(token.ent_id_) if token.ent_id_ else None
        return entity.country if entity is not None and entity.kind == "country" else None

    @staticmethod
    def _title_window(doc: Doc, span: Span) -> list[Token]:
        # title words, and the words that join a country to them ("China's foreign ministry spokesman")
        words = title_words() | {
            "former",
            "interim",
            "acting",
            "and",
            "'s",
            "’s",
            "of",
            "ex",
            "-",
            "ministry",
            "office",
        }
        out: list[Token] = []
        # Only words attached to the name: in "Both the crown prince and Erdogan" the title is not his.
        attached = {t.i for t in span.root.subtree}
        i = span.start - 1
        while i >= span.sent.start and span.start - i <= 8:
            token = doc[i]
            # attached to the name, or written as a capitalised title right before it
            # ("Saudi Crown Prince and Prime Minister Mohammed bin Salman"); "the crown prince and
            # Erdogan" is two people
            if (i in attached or token.is_title or token.lower_ in ("and", "of", "'s", "’s")) and (
                token.lower_.strip(".") in words
                or token.ent_type_ in ("COUNTRY", "GPE", "NORP")
                or (token.is_punct and token.text in ("-", "–"))
            ):
                out.insert(0, token)
                i -= 1
                continue
            break
        while out and out[0].lower_ in ("and", "of", "'s", "’s"):
            out.pop(0)
        return out

    # -- role phrases ------------------------------------------------------------------------
    def _role_phrases(self, doc, covered, mentions, cluster_of, persons, published) -> list[Mention]:
        """Mentions for nouns that stand for someone or something already named: "the Belarusian
        president", "his counterpart", "the foreign ministers of Saudi Arabia and Iran", "the bloc"."""
        nouns = role_nouns()
        pointers = anaphora()
        out: list[Mention] = []
        for token in doc:
            if token.i in covered or token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
                continue
            lemma = token.lemma_.lower()
            if lemma in pointers and token.tag_ in ("NN", "NNP"):
                mention = self._pointer(doc, token, pointers[lemma], mentions + out)
                if mention is not None:
                    out.append(mention)
                continue
            noun = lemma
            left = doc[token.i - 1].lower_ if token.i > 0 else ""
            if f"{left} {noun}" in nouns:
                noun = f"{left} {noun}"
            if noun not in nouns or (
                token.tag_ == "NNP" and token.i + 1 < len(doc) and doc[token.i + 1].is_title
            ):
                continue  # a capitalised title before a name ("Crown Prince and ..."), read by _read_title
            if any(c.ent_type_ == "PERSON" for c in token.children if c.dep_ in ("appos", "compound")):
                continue
            role = nouns[noun] or None
            if any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "another", "any", "every") for c in token.children
            ):
                continue  # "a visit by an Iranian president": someone, not someone named
            if token.tag_ in ("NNS", "NNPS"):
                countries = [
                    self._country_at(doc, p)
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children
                    if p.dep_ == "pobj"
                    for p in [p, *p.conjuncts]
                ]
                for code in dict.fromkeys(c for c in countries if c):
                    person = self._find_person(mentions, cluster_of, code, role, noun) if role else None
                    if person is None and role:
                        person = self._holder(persons, code, role, published)
                    if person is not None:
                        # "the foreign ministers of Saudi Arabia and Iran" states each one's office
                        mention = Mention(
                            token.i,
                            token.i + 1,
                            Entity(person.label, "person"),
                            "role",
                            role=role,
                            stated_country=code,
                        )
                        cluster_of[id(mention)] = person
                        out.append(mention)
                continue
            country = None
            for child in token.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod"):
                    country = self._country_at(doc, child) or country
            earlier = [m for m in mentions if m.start < token.i]
            if noun == "counterpart" and not country:
                # "Putin praised his counterpart": the last person named before this sentence's own
                this_sentence = {id(cluster_of.get(id(m))) for m in earlier if m.start >= token.sent.start}
                earlier = [m for m in earlier if id(cluster_of.get(id(m))) not in this_sentence]
                noun = "leader"  # any office
            person = self._find_person(earlier, cluster_of, country, role, noun)
            if person is None and country:
                # "his Belarusian counterpart, President Aleksandr Lukashenko": named just after.
                later = [m for m in mentions if token.i < m.start < token.sent.end]
                person = self._find_person(list(reversed(later)), cluster_of, country, role, noun)
            if person is None and country and role:
                person = self._holder(persons, country, role, published)
            if person is None:
                continue
            mention = Mention(token.i, token.i + 1, Entity(person.label, "person"), "role")
            cluster_of[id(mention)] = person
            out.append(mention)
        return out

    @staticmethod
    def _pointer(doc: Doc, token: Token, kind: str, mentions: list[Mention]) -> Mention | None:
        """ "the bloc" -> the last organisation named; "the country" -> the last country named nearby."""
        dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "amod")}
        if "the" not in dets or dets & {"two", "both", "three", "other", "another"}:
            return None
        before = [m for m in mentions if m.start < token.i and m.kind == kind]
        if kind == "country":
            # "the kingdom", "the nation": the country the story is about among those named nearby
            counts: dict[str, int] = {}
            for m in before:
                counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
            for m in mentions:  # a country's leaders speak for its salience too
                code = m.stated_country or m.entity.country
                if m.kind == "person" and m.start < token.i and code:
                    counts[f"country/{code}"] = counts.get(f"country/{code}", 0) + 1
            if not before:
                return None
            best = max(before, key=lambda m: (counts[m.entity.id], m.start))
            return Mention(token.i, token.i + 1, best.entity, "pointer")
        if before:
            return Mention(token.i, token.i + 1, max(before, key=lambda m: m.start).entity, "pointer")
        return None

    @staticmethod
    def _find_person(earlier, cluster_of, country, role, noun) -> _Person | None:
        for mention in reversed(earlier):
            person = cluster_of.get(id(mention))
            if person is None:
                continue
            if country and person.country != country:
                continue
            if role and person.roles and role not in person.roles:
                continue
            if (
                not country
                and not role
                and noun not in person.titles
                and noun not in ("leader", "host", "guest")
            ):
                continue
            if not country and role and role not in person.roles:
                continue
            return person
        return None

    def _holder(self, persons, country, role, published) -> _Person | None:
        holders = self.ref.holders(country=country, role=role, on=published)
        if len(holders) != 1:
            return None
        entity = self.ref.person_entity(holders[0].person)
        if entity is None:
            return None
        person = self._cluster(persons, entity.label, entity)
        person.country = person.country or country
        person.roles.add(role)
        return person

    # -- pronouns and pairs ------------------------------------------------------------------
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
                if before:
                    out.append(Mention(token.i, token.i + 1, before[-1].entity, "pronoun"))
                continue
            if (lower == "it" and token.dep_ in ("nsubj", "nsubjpass")) or (
                lower == "its" and token.dep_ == "poss"
            ):
                before = [
                    m for m in mentions if token.sent.start <= m.start < token.i and m.kind == "country"
                ]
                if before:
                    out.append(Mention(token.i, token.i + 1, before[-1].entity, "pronoun"))
                continue
            group = self._group(doc, token, mentions, lead)
            out.extend(Mention(token.i, token.i + 1, e, "pair") for e in group)
        return out

    def _regional_group(self, doc: Doc, token: Token, mentions: list[Mention], size: int) -> list[Entity]:
        modifiers = " ".join(t.text for t in token.lefts if t.dep_ in ("amod", "compound", "nmod"))
        org = next((key for word, key in regions().items() if word in modifiers), None)
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
            and token.dep_ != "conj"
            and not any(c.dep_ == "conj" for c in token.children)
        ):  # not "China, Russia and four Central Asian states": a list names its own members
            sizes = [GROUP_SIZES[k] for k in kids if k in GROUP_SIZES]
            if not sizes and ("the" not in kids or any(c.dep_ == "nummod" for c in token.children)):
                return []  # no count, or one we cannot read ("the 27 member states")
            if any(
                c.dep_ == "prep" and c.lower_ in ("of", "from") and any(p.dep_ == "pobj" for p in c.children)
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


def _titles_someone(doc: Doc, mention: Mention) -> bool:
    """Whether a country mention is part of someone's title ("Chinese Foreign Minister Wang Yi")."""
    root = doc[mention.start : mention.end].root
    words = title_words()
    head = root.head
    return root.dep_ in ("amod", "compound", "nmod", "poss") and (
        head.lower_ in words or head.ent_type_ == "PERSON" or head.pos_ == "PROPN"
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


def _listed_group(doc: Doc, token: Token, mentions: list[Mention], size: int) -> list[Entity]:
    """The last coordinated list of exactly `size` countries named before `token`."""
    start = 0  # a list of exactly that many countries, anywhere before
    by_root: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.kind == "country":
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


@Language.factory("dipkg_linker")
def make_linker(nlp: Language, name: str) -> Linker:
    from kg.nlp.components import register_extensions

    register_extensions()
    return Linker(load_reference())
