"""Derive trigger words from PETRARCH-2's CAMEO verb dictionary into kg/data/petrarch_triggers.toml.

    python -m kg.nlp.build_lexicon PATH/TO/petrarch2-dictionaries [--out kg/data/petrarch_triggers.toml]

The dictionary (MIT, Open Event Data project; copied in ../shared/external/petrarch2-dictionaries)
groups verbs in blocks headed by a CAMEO code; a synonym line may carry its own code. A verb whose
code maps to a fact type (the contract's "aligned with" column) becomes a trigger of that type,
unless the review below leaves it out. The phrase patterns of a block ("- * SANCTIONS [163]": the
block's verb, then its object) give event nouns the same way: the word after the verb's place `*`
(the head of a `{...}` phrase, the members of a few `&SET`s) becomes a noun trigger of the pattern's
type, and for the readers that need a verb before the noun ("lodged a complaint", "launched an
offensive") the block's verbs join that verb list. The extractor merges the generated words into the sections
of kg/data/triggers.toml (`kg.nlp.lexicon.triggers`); a word curated there keeps its curated place.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from kg.nlp.lexicon import best_role

# CAMEO code prefix -> (section of triggers.toml, key). Only stance and sanction verbs: their readers
# take subject and object off the parse whatever the verb; visits, meetings and aid need frames the
# patterns of a word-order coder do not give.
CODE_TYPES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("051", ("support", "verbs")),  # praise or endorse
    ("112", ("accusation", "verbs")),  # accuse
    ("111", ("opposition", "verbs")),  # criticise or denounce
    ("163", ("sanction", "verbs")),  # impose embargo, boycott or sanctions
)

# Phrase patterns: CAMEO code -> (section, key) the object noun of "- * NOUN [code]" joins. Exact
# codes only; the keys are those the readers of kg/nlp/relations.py already consult.
NOUN_CODES: dict[str, tuple[str, str]] = {
    "057": ("agreement", "nouns"),  # sign formal agreement: "signed a protocol"
    "051": ("support", "stance_nouns"),  # praise or endorse: "voiced its backing for"
    "110": ("opposition", "concern_nouns"),  # disapprove: "expressed displeasure over"
    "111": ("opposition", "nouns"),  # criticise or denounce: "criticism of"
    "112": ("accusation", "complaint_nouns"),  # accuse: "levelled accusations against"
    "114": ("accusation", "complaint_nouns"),  # complain officially
    "115": ("accusation", "complaint_nouns"),  # bring lawsuit against
    "120": ("opposition", "nouns"),  # reject: "its rejection of"
    "163": ("sanction", "nouns"),  # impose embargo, boycott or sanctions
    "081": ("sanction", "nouns"),  # ease administrative sanctions: "lifted restrictions on"
    "072": ("military_aid", "items"),  # provide military aid: what is given
    "190": ("conflict", "nouns"),  # use conventional military force
    "193": ("conflict", "nouns"),  # fight with small arms and light weapons
    "194": ("conflict", "nouns"),  # fight with artillery and tanks
    "195": ("conflict", "nouns"),  # employ aerial weapons
}
# Named word sets (`&SET`) whose members are read as the pattern's object, by the key they feed; the
# others (&TOWN, &MILITARY, &CAR, ...) name what is acted on, not the act.
NOUN_SETS: dict[tuple[str, str], frozenset[str]] = {
    ("agreement", "nouns"): frozenset({"&TREATY"}),
    ("military_aid", "items"): frozenset({"&WEAPON", "&AIRCRAFT"}),
    ("conflict", "nouns"): frozenset({"&FIGHT"}),
}
# Keys whose reader needs a verb before the noun ("lodged a complaint", "launched an offensive"):
# the verbs of the pattern's block join this list.
PHRASE_VERBS: dict[tuple[str, str], tuple[str, str]] = {
    ("accusation", "complaint_nouns"): ("accusation", "complaint_verbs"),
    ("conflict", "nouns"): ("conflict", "wage_verbs"),
}

# Reviewed out: words whose common news sense is not the event (a "lecture", a "flogging"), or that
# a curated reader already owns with a frame of its own.
REVIEWED_OUT = frozenset(
    {
        "cane", "flog", "lecture", "ridicule", "deride", "chasten", "reprobate", "back", "stand",
        "defend", "justify", "explain", "boycott", "isolate", "attack", "assail", "strike", "hit",
        "target", "blast", "hammer", "knock", "pan", "roast", "score", "tax", "charge", "claim",
        "say", "call", "see", "view", "regard", "warn", "question", "doubt", "bless", "clap",
        "cheer", "toast", "prize", "value", "rouse", "enliven", "invigorate", "galvanize", "sanctify",
        "glorify", "exalt", "esteem", "admire", "inspire", "spur", "embolden", "revitalize", "prefer",
        "favor", "favour", "respect", "reward", "greet", "welcome", "celebrate", "commemorate",
        "honor", "honour", "reassure", "reassert", "affirm", "encourage", "appreciate", "crucify",
        "curse", "blaspheme", "defile", "savage", "grill", "humble", "debase", "degrade", "disgrace",
        "jeer", "mock", "scoff", "scorn", "slander", "slight", "malign", "belittle", "brand",
    }
)  # fmt: skip

# Reviewed out of the phrase patterns, by the key they would feed (and why). A pattern's object is
# often what the event is about or done to ("blamed for the ATTACK", "seized the TOWN"), a preposition
# or adverb the coder matched on, or a word whose news sense is mostly another event.
_FUNCTION_WORDS = ("about", "across", "against", "away", "back", "between", "down", "each", "for", "into",
                   "off", "out", "with", "bitter", "bitterly", "angrily", "coolly", "critically",
                   "furiously", "massive", "militarily", "positively", "publicly", "strongly", "warily",
                   "responsible", "unjust", "unjustified", "illegitimate", "skeptical", "opposed",
                   "deadlocked", "defiant", "committed", "rocked", "hitting")  # fmt: skip
REVIEWED_OUT_NOUNS: dict[tuple[str, str], frozenset[str]] = {
    ("agreement", "nouns"): frozenset(
        {
            "law",  # "signed into law": a state's own act, no party
            "aggrement", "memoradum",  # misspellings in the dictionary
        }
    ),
    ("accusation", "complaint_nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # what is blamed or alleged, not the complaint itself
            "attack", "ban", "blame", "death", "decision", "insurgents", "penalty", "plot", "right",
            "riot", "terrorist", "violence", "statement", "criticism", "scepticism", "alarm",
            "action",  # "took action against": measures at least as often as a legal complaint
        }
    ),
    ("accusation", "complaint_verbs"): frozenset(),
    ("conflict", "nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # places, units, arms and casualties named as the target or means of force
            "armor", "base", "bridge", "bullets", "camp", "convoy", "core", "faction", "gas", "grenade",
            "grenades", "homes", "machine", "mortar", "mortars", "mosque", "port", "positions",
            "rebels", "rocket", "scud", "shell", "shells", "station", "tanks", "target", "tower",
            "warship", "casualties", "dead", "blackout", "gunfire", "gunshots", "shots", "fire",
            "force", "drive", "series", "wave",
            # mostly other senses in news: "battle/fight/struggle against inflation", an election
            # "campaign", a police "operation", a "feud" between politicians, "combat climate change",
            # threatened economic "retaliation", a "barrage" of criticism
            "battle", "fight", "struggle", "strife", "feud", "combat", "campaign", "operation",
            "retaliation", "barrage", "belligerency",
        }
    ),
    ("conflict", "wage_verbs"): frozenset(
        {
            "arrange", "assemble", "bring", "shoot", "boost", "disclose",  # not what carries it out
            "foil",  # foiling an attack is stopping it
            "demand",  # demanding an offensive is not waging one
        }
    ),
    ("military_aid", "items"): frozenset(
        {
            # civil aircraft: "delivered planes to the airline"
            "aircraft", "airliner", "airplane", "airship", "dirigible", "glider", "jetliner", "jumbo jet",
            "jumbojet", "plane", "turbojet", "skyhook", "chopper", "pilotless plane",
            # knives, clubs and police kit: not state arms transfers
            "knife", "knives", "hunting knife", "machete", "dagger", "sword", "swords", "sabers", "spear",
            "slingshot", "billy club", "bow and arrow", "brass knuckles", "switchblade", "revolver",
            "bayonet", "shotgun", "pistol", "tear gas", "semiautomatic",
            # insurgents' devices, not supplied by states
            "ied", "borne ied", "vbied", "improvised bomb", "improvised explosive",
            "improvised explosive device", "improvised explosive devise", "armor piercing roadside bomb",
            # not items: "fighters" are combatants ("foreign fighters"), the rest acts or persons
            "fighter", "fighters", "arm", "attack", "deployment", "forces", "members", "aerial photographs",
            "air and naval support",
        }
    ),
    ("opposition", "concern_nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # the act disapproved of, not the stance: "concern over the arrest"
            "apology", "appointment", "approval", "arrest", "assassination", "assertion", "attack",
            "attacks", "backing", "ban", "blacklist", "campaign", "capture", "claim", "coalition",
            "complaint", "confidence", "crackdown", "creation", "credentials", "crisis", "decision",
            "defeat", "demise", "dismissal", "execution", "expulsion", "extradition", "governor",
            "killing", "message", "ousting", "release", "report", "strike", "transfer", "issue",
            "threat", "uncertainty", "relief", "criticism", "protest", "protests", "rejection",
            "barrage",  # "a barrage of criticism": the criticism reader has it
            # idiom pieces ("wiped their feet", "a wary eye", "a sharp jab", "counter-argument")
            "blow", "eye", "feet", "jab", "onslaught", "counter-argument", "rebuff", "rebuke",
            # said of outcomes rather than of a party: "fears of escalation", "doubts about the deal"
            "doubt", "fear", "fears", "worries", "reluctance",
            # curated elsewhere as a dispute ("rift", "row") or as dissent within a state
            "rift", "row", "uproar", "dissent",
        }
    ),
    ("opposition", "nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # condemning is an accusation (contract), and no reader takes "condemnation of X" as one
            "condemnation", "denunciation",
            # what is rejected or criticised, not the rejection: "rejected the PROPOSAL"
            "abduction", "accession", "accusation", "action", "announcement", "appeal", "appointment",
            "arrest", "assault", "assurences", "attack", "attacks", "attitude", "bias", "bill", "blow",
            "bombing", "broadside", "call", "campaign", "capture", "case", "claim", "comment",
            "conference", "contact", "conviction", "coup", "court", "critics", "deal", "death",
            "decision", "demand", "demands", "denial", "detriment", "dictator", "dismissal", "envoy",
            "execution", "failure", "government", "heat", "increase", "incursion", "interference",
            "kidnapping", "killing", "law", "massacre", "measures", "meet", "message", "motive",
            "move", "murder", "nomination", "offensive", "permission", "petition", "plan", "plans",
            "policies", "policy", "possibility", "powers", "president", "proclamation", "promise",
            "proposal", "proposition", "raid", "remark", "reports", "request", "response", "ruling",
            "sanction", "sentence", "shooting", "slaughter", "speech", "statement", "strikes",
            "supremacy", "takeover", "talks", "torture", "uprising", "validity", "victory", "visit",
            "witness", "apostate", "liar", "monkey", "shoulder", "torrent", "ultimatum", "insult",
            "mistrust",  # kept as a concern noun ("voiced mistrust of"), one reader per word
            # feelings that the concern reader owns ("voiced disappointment over")
            "alarm", "disappointment", "disapproval", "dismay", "displeasure", "fury", "horror",
            "shock", "jab",
        }
    ),
    ("sanction", "nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # eased legal or administrative measures on persons (code 081), not on states
            "amnesty", "bail", "case", "charges", "clemency", "conviction", "pardon", "sentence",
            "sentences", "democracy", "effect", "limit", "rules", "tape", "tourist", "account",
            # what is banned or frozen, not the measure: trade nouns have readers of their own
            "asset", "import", "imports", "sale", "sales", "ship",
            "boycott",  # mostly of an event or of goods by consumers; attendance reads event boycotts
        }
    ),
    ("support", "stance_nouns"): frozenset(
        {
            *_FUNCTION_WORDS,
            # what is backed, not the backing: "backed the BID", "praised the DEAL"
            "ambition", "assistance", "authorisation", "bid", "campaign", "celebration", "comment",
            "coverage", "deal", "decision", "declaration", "demands", "demonstration", "development",
            "economy", "effort", "efforts", "entry", "expulsion", "forces", "halt", "honor", "letter",
            "medal", "membership", "official", "overtures", "plan", "presence", "prize", "protest",
            "rally", "relations", "request", "response", "role", "seat", "show", "strenghtening",
            "strength", "strike", "success", "talks", "threat", "understanding", "vote", "weight",
            "winner", "withdrawal", "embrace",
            # feelings about outcomes rather than stances toward a party
            "confidence", "delight", "friendship",
        }
    ),
}  # fmt: skip

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[(\d{3,4})[^\]]*\]")
WORD = re.compile(r"^\+?([A-Z]+)\b")


def _section(code: str) -> tuple[str, str] | None:
    """The exact three-digit code only: the four-digit refinements mix in other senses."""
    return dict(CODE_TYPES).get(code)


def derive(cameo_text: str) -> dict[tuple[str, str], set[str]]:
    """(section, key) -> verb lemmas (lower-case, one word) of the CAMEO verb dictionary."""
    out: dict[tuple[str, str], set[str]] = {}
    block_code: str | None = None
    for raw in cameo_text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        header = HEADER.match(line)
        if header:
            code = header.group(2).split(":")[0]
            block_code = code if code.isdigit() else None
            line = header.group(1)
        elif not line.strip():
            block_code = None  # a block's synonyms end at the first blank line
            continue
        elif line.startswith(("-", "&", "!")) or line.startswith(" "):
            continue
        word = WORD.match(line)
        if word is None or "_" in line.split()[0]:
            continue  # phrasal entries ("DRESS_DOWN") are patterns, not trigger words
        own = CODE.search(line)
        code = own.group(1) if own else block_code
        target = _section(code) if code else None
        lemma = word.group(1).lower()
        if target is not None and lemma not in REVIEWED_OUT and len(lemma) > 2:
            out.setdefault(target, set()).add(lemma)
    return out


SET_HEAD = re.compile(r"^(&[A-Z_]+)\s*$")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[:?(\d{3,4})?[^\]]*\]")
PHRASE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def word_sets(cameo_text: str) -> dict[str, list[str]]:
    """The named word sets at the top of the dictionary: "&TREATY" -> ["treaty", "pact", ...]
    (lower-case, words joined by "_" as spaced phrases)."""
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in cameo_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        head = SET_HEAD.match(line)
        if head:
            current = head.group(1)
            sets[current] = []
        elif current is not None and line.startswith("+"):
            sets[current].append(line[1:].strip("_ ").replace("_", " ").lower())
        elif not line:
            current = None
    return sets


def _object(tokens: list[str], sets: dict[str, list[str]], allowed: frozenset[str]) -> list[str]:
    """The phrases a pattern names right after the verb's place `*`: a word, a `{...}` phrase or the
    members of an allowed `&SET`; nothing for a prepositional slot "(...)" or a marker."""
    if "*" not in tokens:
        return []
    rest = tokens[tokens.index("*") + 1 :]
    if not rest:
        return []
    first = rest[0]
    if first.startswith("{"):
        words = []
        for t in rest:
            words.append(t.strip("{}"))
            if t.endswith("}"):
                break
        if any(w.startswith("&") for w in words):
            return []
        return [" ".join(words).lower()]
    if first.startswith("&"):
        return list(sets.get(first, [])) if first in allowed else []
    return [first.lower()] if first[0].isalpha() else []


def derive_patterns(cameo_text: str) -> dict[tuple[str, str], dict[str, set[str]]]:
    """(section, key) -> object noun of a phrase pattern whose code maps to a fact type -> the verbs
    heading the blocks that pattern it ("complaint" -> {"file", "lodge"}), before review."""
    sets = word_sets(cameo_text)
    nouns: dict[tuple[str, str], dict[str, set[str]]] = {}
    head: str | None = None
    for raw in cameo_text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        header = HEADER.match(line)
        if header:
            word = header.group(1)
            head = word.lower() if word.isalpha() else None  # "EXPLAIN_VERBAL" names a set, no verb
            continue
        pattern = PATTERN.match(line)
        if pattern is None or pattern.group(2) is None:
            continue
        target = NOUN_CODES.get(pattern.group(2))
        if target is None:
            continue
        for p in _object(pattern.group(1).split(), sets, NOUN_SETS.get(target, frozenset())):
            # a noun trigger is one token (the phrase's head); items are matched as phrases
            found = p if target[1] == "items" else p.split()[-1]
            if PHRASE.match(found) and len(found) > 2:
                nouns.setdefault(target, {}).setdefault(found, set()).update([head] if head else [])
    return nouns


def derive_nouns(cameo_text: str) -> dict[tuple[str, str], set[str]]:
    """The reviewed nouns and items of the phrase patterns, and for PHRASE_VERBS keys the verbs that
    head the blocks patterning a kept noun ("lodge" for "complaint")."""
    out: dict[tuple[str, str], set[str]] = {}
    for target, found in derive_patterns(cameo_text).items():
        kept = {n: heads for n, heads in found.items() if n not in REVIEWED_OUT_NOUNS.get(target, ())}
        if kept:
            out[target] = set(kept)
        if target in PHRASE_VERBS:
            key = PHRASE_VERBS[target]
            verbs = {v for heads in kept.values() for v in heads} - REVIEWED_OUT_NOUNS.get(key, frozenset())
            if verbs:
                out[key] = verbs
    return out


# --- titles from Phoenix.agents.txt --------------------------------------------------------------

# Agent nouns of government (codes GOV, GOVMIL, ...) become title phrases of kg/data/roles.csv's kind
# where they name one of the contract's roles; rules in order, the first that matches gives the role.
# Bodies ("foreign ministry", "cabinet") match none and stay out.
AGENT_ROLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(foreign|external)\b.*\bminister\b|\bminister (of|for) (the )?(foreign|external)\b"),
     "foreign_minister"),
    (re.compile(r"^(head|chief) of state$|^(king|queen|emperor|empress|interim president)$"),
     "head_of_state"),
    (re.compile(r"^head of government$"), "head_of_government"),
    (re.compile(r"\bminister\b|\bsecretary\b"), "minister"),
    (re.compile(r"^(ambassador|envoy|special envoy|envoy extraordinary|emissary|legate)$"), "ambassador"),
)  # fmt: skip

# Reviewed out of the agents: offices below the state or of a party, junior or ambiguous posts.
REVIEWED_OUT_AGENTS = frozenset(
    {
        "chief minister",  # an Indian state's head of government, not the country's
        "cabinet secretary", "financial secretary", "state secretary", "undersecretary",  # civil
        # servants or junior ministers in most systems
        "secretary of security council",  # a council's staff head
        "secretary of civil",  # a truncated entry
        "minister for presidential affairs", "minister of presidential affairs",  # a palace office
        "minister for state",  # "Minister of State": a junior rank
        # truncated entries: they would read "minister of foreign trade" as the foreign minister
        "minister for foreign", "minister of foreign",
    }
)  # fmt: skip

AGENT = re.compile(r"^(.+?)\s*(\{\})?\s*\[~([A-Z]+)\]")
AGENT_PHRASE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def derive_agents(agents_text: str) -> dict[str, str]:
    """Title phrase (lower-case) -> contract role, from the government agent nouns of the Phoenix
    agents dictionary ("FOREIGN_!MINIST!" -> "foreign minister" -> foreign_minister)."""
    out: dict[str, str] = {}
    for raw in agents_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        found = AGENT.match(line)
        if found is None or not found.group(3).startswith("GOV") or "!PERSON!" in line:
            continue
        phrase = found.group(1).replace("!MINIST!", "minister").replace("_", " ").lower()
        phrase = " ".join(phrase.split())
        if not AGENT_PHRASE.match(phrase) or phrase in REVIEWED_OUT_AGENTS:
            continue
        for rule, role in AGENT_ROLES:
            if rule.search(phrase):
                out.setdefault(phrase, role)
                break
    return out


# Military agents (code MIL) of one word that stand for their state after its demonym ("Chinese
# marines", "Russian paratroopers"), reviewed out: misspellings, places, adjectives, vehicle models,
# and words another sense makes ambiguous ("Indian captain" in sport, "a Chinese carrier" an
# airline, "a Pakistani bomber" an attacker).
REVIEWED_OUT_FORCES = frozenset(
    {
        "brigaider", "gendermarie",  # misspellings
        "barracks", "echelon", "naval", "privateer", "battlewagon",
        "hmmwv", "humvee", "kfir", "mig", "phalanx",
        "captain", "carrier", "bomber",
    }
)  # fmt: skip


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def derive_forces(agents_text: str) -> set[str]:
    """One-word military agent nouns of the Phoenix agents dictionary, singular and plural (the
    dictionary leaves regular plurals to the coder): proxies of the state their demonym names."""
    out: set[str] = set()
    for raw in agents_text.splitlines():
        found = AGENT.match(raw.split("#", 1)[0].strip())
        if found is None or found.group(3) != "MIL" or not re.fullmatch(r"[A-Z]+", found.group(1)):
            continue
        word = found.group(1).lower()
        if word in REVIEWED_OUT_FORCES:
            continue
        out.add(word)
        if not word.endswith("s"):
            out.add(_plural(word))
    return out


def novel_titles(derived: dict[str, str], curated: dict[str, str]) -> dict[str, str]:
    """The derived rows that change what the curated titles read: a phrase the curated file lacks
    whose role differs from the best role of the curated phrases inside it ("minister for foreign
    affairs" reads foreign_minister, where "minister" alone reads minister); "minister of mines" adds
    nothing to "minister" and stays out."""
    out = {}
    for phrase, role in derived.items():
        if phrase in curated:
            continue
        inside = {r for c, r in curated.items() if f" {c} " in f" {phrase} "}
        if best_role(inside) != role:
            out[phrase] = role
    return out


def _curated_roles() -> dict[str, str]:
    import csv  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "data" / "roles.csv"
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return {row["phrase"]: row["role"] for row in csv.DictReader(lines)}


def render_agents(roles: dict[str, str], source: str) -> str:
    lines = [
        "# Generated by `python -m kg.nlp.build_lexicon` from PETRARCH-2's Phoenix agents dictionary",
        f"# ({source}): government agent nouns that name a contract role, reviewed. Do not edit by hand.",
        "# Derived from PETRARCH-2 dictionaries, Copyright (c) 2014 Open Event Data, MIT licence;",
        "# the MIT permission notice applies to this file. kg/data/roles.csv wins over these rows.",
        "phrase,role",
    ]
    lines += [f"{phrase},{role}" for phrase, role in sorted(roles.items())]
    return "\n".join(lines) + "\n"


def render(derived: dict[tuple[str, str], set[str]], source: str) -> str:
    lines = [
        "# Generated by `python -m kg.nlp.build_lexicon` from PETRARCH-2's CAMEO verb dictionary: verbs of",
        "# the blocks and nouns (and the verbs before them) of the phrase patterns, reviewed",
        f"# ({source}). Do not edit by hand: change the script's mapping or review list and re-run.",
        "# Derived from PETRARCH-2 dictionaries, Copyright (c) 2014 Open Event Data, MIT licence;",
        "# the MIT permission notice applies to this file.",
        "",
    ]
    for section in sorted({s for s, _ in derived}):
        lines.append(f"[{section}]")
        for (s, key), words in sorted(derived.items()):
            if s == section:
                lines.append(
                    f"{key} = [{', '.join(f'{w!r}'.replace(chr(39), chr(34)) for w in sorted(words))}]"
                )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionaries", type=Path, help="folder holding CAMEO.2.0.txt")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "data" / "petrarch_triggers.toml"
    )
    parser.add_argument(
        "--roles-out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data" / "petrarch_roles.csv",
        help="title phrases from Phoenix.agents.txt (written when that file is in the folder)",
    )
    args = parser.parse_args(argv)
    text = (args.dictionaries / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    derived = derive(text)
    for key, words in derive_nouns(text).items():
        derived.setdefault(key, set()).update(words)
    agents = args.dictionaries / "Phoenix.agents.txt"
    source = "CAMEO.2.0.txt, openeventdata/petrarch2"
    if agents.exists():
        forces = derive_forces(agents.read_text(encoding="utf-8", errors="replace"))
        derived.setdefault(("proxies", "nouns"), set()).update(forces)
        source = "CAMEO.2.0.txt and Phoenix.agents.txt, openeventdata/petrarch2"
    args.out.write_text(render(derived, source), encoding="utf-8")
    if agents.exists():
        roles = novel_titles(
            derive_agents(agents.read_text(encoding="utf-8", errors="replace")), _curated_roles()
        )
        args.roles_out.write_text(
            render_agents(roles, "Phoenix.agents.txt, openeventdata/petrarch2"), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
