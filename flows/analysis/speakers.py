"""Speakers: telling names from roles, people from organisations, and resolving a later
"Zhang said", "he said" or "the department said" to whom it names in the article.

All word lists are immutable module data; everything learned about one article lives in
the ArticleSpeakers object built for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Compared without a trailing period.
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame madam mx rev hon mme messrs".split())
FEMALE_HONORIFICS = frozenset("mrs ms miss dame madam mme".split())
MALE_HONORIFICS = frozenset("mr sir messrs".split())

# Words naming a position; before a name they are the role ("Mayor Rod Peters",
# "deputy chief Zhang Ke"), so the name starts after the last of them.
ROLE_WORDS = frozenset(
    """
    leader minister mayor president premier chief director manager attorney lt lt. officer
    spokesman spokeswoman spokesperson secretary chairman chairwoman chair chairperson ceo
    cfo coo founder co-founder professor prof judge justice senator sen. sen mp mla mpp
    governor gov. commissioner deputy head coordinator co-ordinator lawyer councillor
    councilor inspector sergeant sgt sgt. cpl cpl. constable cst. general gen. colonel col.
    captain capt. superintendent supt. dean editor analyst economist researcher scientist
    organizer organiser ambassador consul envoy representative rep. congressman
    congresswoman prosecutor counsel advocate activist expert official officials villager
    resident worker farmer teacher doctor nurse student owner partner executive vice
    principal queen king prince princess pope bishop cardinal imam rabbi pastor father
    sister brother coach captain chancellor speaker whip critic agent detective constable
    staff-sergeant cpl. corporal private pte. admiral commander marshal sheriff deputy
    trustee treasurer registrar auditor administrator superintendent host anchor reporter
    correspondent columnist author writer novelist poet artist actor actress singer
    musician cartoonist entrepreneur accountant retiree engineer technician labourer
    laborer producer designer architect pilot driver officer member associate fellow
    lecturer instructor historian physician surgeon psychologist psychiatrist therapist
    pharmacist dentist veterinarian planner strategist consultant adviser advisor
    """.split()
)
# Words that make a name an organisation's ("Human Resources and Social Security Bureau").
ORG_WORDS = frozenset(
    """
    department ministry bureau committee commission office government council agency
    association foundation institute university college school company corp corp.
    corporation inc inc. ltd ltd. llc plc group police court hydro bank party
    administration service services centre center authority board federation union
    organization organisation society network press news times daily post herald tribune
    journal xinhua reuters agence cbc ctv bbc cnn television radio institution hospital
    clinic fund trust alliance coalition league club team army navy force forces
    parliament congress senate assembly cabinet embassy consulate mission secretariat
    tribunal commission-general unit station factory enterprise enterprises cooperative
    co-operative prefecture county province region city village township municipality
    state ministry's department's committee's government's
    """.split()
)
# Lower-case heads of a description that stands for an organisation ("the utility said").
ORG_HEADS = frozenset(
    """
    department ministry bureau committee commission office government council agency
    association foundation institute university company corporation firm police court
    utility bank party administration service authority board federation union
    organization organisation society network newspaper agency statement report
    study survey data figures website group city province county region state
    prefecture township village airline retailer carrier manufacturer maker
    """.split()
)
# Heads of a description that stands for a document or data set: its issuer speaks
# through it ("a notice posted to the regional government's website said", "the report").
DOCUMENT_HEADS = frozenset(
    """
    report reports study studies statement statements notice notices document documents
    paper papers survey surveys letter letters filing filings data figures statistics
    white memo memorandum circular plan review audit assessment briefing communique
    """.split()
)
# Past participles that tie a document to where or by whom it was issued ("a report
# released this week by ...", "a notice posted to the website of ...").
ISSUING_PARTICIPLES = frozenset(
    """
    posted published released issued obtained seen reviewed sent filed circulated
    distributed uploaded compiled produced prepared presented submitted quoted cited
    made delivered held
    """.split()
)
# Common English first names that tell a gender, so "she said" skips a "Paul Carver"
# named after the woman quoted. Names used by both (Kim, Jordan, Alex) are left out.
MALE_FIRST_NAMES = frozenset(
    """
    aaron adam alan albert alexander andrew anthony arthur ben benjamin bernard bill
    bob brad bradley brandon brian bruce bryan carl carlos charles chris christopher colin
    craig dan daniel darren david dennis derek donald doug douglas duncan edward
    eric frank fred gary george gerald glenn gordon graham greg gregory guy harold
    harry henry howard hugh ian jack jacob james jason jeff jeffrey jeremy jerry jim jimmy
    joe joel john jon jonathan joseph josh joshua juan justin keith ken kenneth kevin kyle
    larry lawrence leonard louis luke marc marcus mark martin matt matthew michael mike
    mohammad mohammed muhammad nathan neil nicholas nick noah oliver patrick paul peter
    philip phillip ralph randy raymond richard rick robert rod roger ronald roy russell
    ryan sam samuel scott sean shane simon stephen steve steven stuart ted terry
    thomas tim timothy todd tom tony travis trevor troy victor vincent walter wayne william
    """.split()
)
FEMALE_FIRST_NAMES = frozenset(
    """
    abigail alice alison allison amanda amy andrea angela ann anna anne annie barbara
    betty beverly brenda carol caroline carolyn catherine cathy charlotte cheryl christine
    claire cynthia dana deborah debra denise diana diane donna dorothy elaine eleanor
    elizabeth ellen emily emma erin eve fiona frances grace hannah heather helen
    irene jane janet janice jennifer jessica jill joan joanne josephine joyce judith judy
    julia julie karen katherine kathleen kathryn kathy katie kelly laura lauren linda lisa
    lori louise lucy lynn margaret maria marie marilyn martha mary megan melanie melissa
    michelle monica nancy natalie nicole olivia pamela patricia rachel rebecca rita rose
    ruth sally sandra sarah sharon shirley sophie stephanie susan suzanne teresa theresa
    tina tracy valerie victoria virginia wendy
    """.split()
)
FIRST_NAMES = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES
PHRASE_PREPOSITIONS = frozenset("by for of from with to at on in about".split())
PERSON_PRONOUNS = frozenset("he she him her".split())
GROUP_PRONOUNS = frozenset("they it them".split())
FIRST_PERSON = frozenset("i we".split())
# Capitalized words that start runs but are not names.
NOT_NAME_WORDS = frozenset(
    """
    the a an in on at for from by with and but or so yet if when while after before since
    this that these those there here his her their its our my your we they he she it i
    according also however meanwhile still read watch related photo video editor
    although though even unlike despite
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec today yesterday tomorrow as what who why how where which
    mr mrs ms dr
    """.split()
)
# Capitalized words that make a run a place, a people or a title rather than a name.
NOT_PERSON_WORDS = frozenset(
    """
    western eastern northern southern north south east west central new old great upper
    lower canadian american chinese british french german english european african asian
    australian indian japanese korean russian mexican brazilian indigenous first national
    federal provincial regional liberal conservative democratic republican global
    international prime supreme court city island lake river street avenue road park hall
    centre center mall airport bay mount fort port saint cape county province state
    district region village town township square bridge station valley beach hill
    university college school hospital church party day week year christmas easter
    uygur uyghur autonomous communist people's republic kingdom united states union
    canada china article continued continues below story advertisement read more watch
    photo video click share related statistics
    """.split()
)
NAME_PARTICLES = frozenset("de del della di da van von der den bin binti al el la le du dos".split())

_TOKEN = re.compile(r"[\w][\w’'.\-]*\w|[\w]")


@dataclass(frozen=True, slots=True)
class SpeakerName:
    """A speaker phrase taken apart: "Conservative Leader Andrew Scheer" gives name
    "Andrew Scheer" and role "Conservative Leader"."""

    name: str | None  # a person's or organisation's name; None for pronouns, descriptions
    role: str | None
    kind: str  # "person", "organisation", "pronoun", "description", "group"
    gender: str | None = None  # "f" or "m" when an honorific says so


def speaker_key(name: str) -> str:
    """A key to group one speaker across articles: case, diacritics, honorifics, a
    leading article and punctuation folded ("Mr. Zhang Ké" and "zhang ke" give
    "zhang ke"; "The Ministry's" gives "ministry")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("’", "'")
    plain = re.sub(r"'s\b", "", plain)
    words = re.findall(r"[\w]+", plain)
    while words and (words[0] in HONORIFICS or words[0] in {"the", "a", "an"}):
        words = words[1:]
    return " ".join(words)


def strip_possessive(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def looks_like_organisation(words: list[str]) -> bool:
    lowered = [strip_possessive(w).lower().rstrip(".") for w in words]
    if any(w in ORG_WORDS for w in lowered):
        return True
    capitalized = [w for w in words if w[:1].isupper()]
    return len(capitalized) == 1 and len(words) <= 2 and is_acronym(capitalized[0])


@lru_cache(maxsize=50_000)  # names recur within an article and across a batch; bounded
def parse_speaker_phrase(phrase: str) -> SpeakerName:
    """Take a speaker phrase apart into name, role and kind (a frozen record: cached)."""
    words = _TOKEN.findall(phrase)
    if not words:
        return SpeakerName(None, None, "description")
    lowered = [w.lower() for w in words]
    if len(words) == 1 and lowered[0] in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON:
        return SpeakerName(None, None, "pronoun")
    gender = None
    for i, word in enumerate(lowered[1:-1], start=1):
        if word in {"with", "of", "at", "from"} and words[i - 1][:1].isupper():
            head = parse_speaker_phrase(" ".join(words[:i]))
            body = " ".join(words[i + 1:])
            if head.kind == "person" and len(head.name.split()) >= 2 and looks_like_organisation(
                words[i + 1:]
            ):
                # "Tim Guest with the Nova Scotia Health Authority"
                return SpeakerName(head.name, body, "person", head.gender)
            break
    # The trailing run of capitalized words (with particles) is the name candidate.
    run_start = len(words)
    while run_start > 0:
        word = words[run_start - 1]
        if word[:1].isupper() or (
            word.lower() in NAME_PARTICLES and run_start < len(words) and run_start > 1
        ):
            run_start -= 1
        else:
            break
    while run_start < len(words) and words[run_start].lower() in NAME_PARTICLES:
        run_start += 1
    run = words[run_start:]
    while len(run) > 1 and run[0].lower() in NOT_NAME_WORDS - HONORIFICS:
        run = run[1:]  # "The ...", "Although Trump", "Even Veterans Affairs"
        run_start += 1
    if run and run_start > 0 and lowered[run_start - 1] in PHRASE_PREPOSITIONS:
        if run_start >= 2 and words[run_start - 2][:1].isupper() and looks_like_organisation(
                words[: run_start - 1]):
            # "the US Commission on International Religious Freedom": one body's name.
            return SpeakerName(" ".join(words[_org_start(words):]), None, "organisation")
        # "a spokeswoman for Trudeau", "the memo obtained by The Globe": the name is not
        # the speaker but what the description is about.
        return SpeakerName(None, None, "description")
    if run and run[-1].lower().rstrip(".") in ROLE_WORDS and not looks_like_organisation(run):
        run = []  # "Yellowhead MP", "the Conservative Leader": a role without a name
        run_start = len(words)
    if not run:
        kind = "organisation" if _org_head(lowered) else (
            "group" if lowered[-1].endswith("s") and not lowered[-1].endswith("ss") else
            "description"
        )
        return SpeakerName(None, None, kind)
    # Split off role words and honorifics inside the run: "Prosecuting Attorney Tim Lohmar".
    name_start = 0
    for i, word in enumerate(run[:-1]):
        bare = word.lower().rstrip(".")
        if bare in HONORIFICS:
            name_start = i + 1
            if bare in FEMALE_HONORIFICS:
                gender = "f"
            elif bare in MALE_HONORIFICS:
                gender = "m"
        elif bare in ROLE_WORDS:
            name_start = i + 1
    name_words = [strip_possessive(w) for w in run[name_start:]]
    if looks_like_organisation(name_words):
        organisation = " ".join(words[_org_start(words):])
        return SpeakerName(organisation, None, "organisation")
    if (len(name_words) >= 3 and name_words[1].lower() in FIRST_NAMES
            and name_words[0].lower() not in FIRST_NAMES):
        # "Vancouver Bo Horvat", "Colorado David Rowland": a place before a first name.
        name_words = name_words[1:]
    if len(name_words) > 3 and not any(w.lower() in NAME_PARTICLES for w in name_words):
        name_words = name_words[-3:]  # a long capitalized run is mostly title
    role_words = [
        w for w in words[: run_start + name_start] if w.lower().rstrip(".") not in HONORIFICS
    ]
    role = " ".join(role_words).strip() or None
    if role and role.lower() in {"the", "a", "an"}:
        role = None
    if all(is_acronym(w) for w in name_words):
        return SpeakerName(" ".join(name_words), role, "organisation")
    return SpeakerName(" ".join(name_words), role, "person", gender)


def _org_start(words: list[str]) -> int:
    """Where an organisation's name starts: after a leading article or possessive."""
    for i, word in enumerate(words):
        if word.lower() in {"the", "a", "an"}:
            return i + 1
        if word[:1].isupper():
            return i
    return 0


def _org_head(lowered: list[str]) -> bool:
    return bool(lowered) and lowered[-1].rstrip("s") in ORG_HEADS | {
        h.rstrip("s") for h in ORG_HEADS
    }


# A name word this long or longer may be matched to one spelt a letter apart: shorter
# words ("Li", "Lin", "Liu") are different names that differ by a letter.
FUZZY_MIN_LETTERS = 5


def one_letter_apart(a: str, b: str) -> bool:
    """One substitution, insertion or deletion apart, with the same first letter
    ("Baiznen" and "Baizhen", "Qizhala" and "Qizhalla"); never the same word."""
    if a == b or a[:1] != b[:1] or abs(len(a) - len(b)) > 1 or len(b) < FUZZY_MIN_LETTERS:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


@dataclass(slots=True)
class Person:
    name: str
    tokens: tuple[str, ...]
    first_position: int
    role: str | None = None
    organisation: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class Mention:
    position: int
    person: Person
    # A likely antecedent for a later "he said": the speaker of a quote, or a name that
    # opens its sentence ("Zhang took a pre-job training ..."), not one after a preposition.
    salient: bool


@dataclass(slots=True)
class ArticleSpeakers:
    """What one article says about its people: full names, their roles, where each is
    mentioned, and whom each quote so far was given to."""

    text: str = ""
    people: list[Person] = field(default_factory=list)
    acronyms: dict[str, str | None] = field(default_factory=dict)
    bodies: list[tuple[int, str]] = field(default_factory=list)  # organisations named
    mentions: list[Mention] = field(default_factory=list)
    speakers: list[tuple[int, str, str]] = field(default_factory=list)  # pos, name, kind

    def person_for_token(self, token: str, position: int) -> Person | None:
        """The full-named person a lone "Zhang" or "Hemming" stands for: the latest one
        named before position with that word in the name, else the first one after; a
        person known by one name ("Qizhala") by that name; and failing all, the one person
        whose name has a word spelt one letter apart ("Baiznen" for "Deji Baizhen")."""
        token = strip_possessive(token)
        found = self._person_for_exact_token(token, position)
        if found is not None:
            return found
        for person in self.people:
            if person.tokens == (token,):
                return person
        if len(token) < FUZZY_MIN_LETTERS:
            return None
        near = {id(p): p for p in self.people
                if any(one_letter_apart(token, t) for t in p.tokens)}
        return next(iter(near.values())) if len(near) == 1 else None

    def _person_for_exact_token(self, token: str, position: int) -> Person | None:
        before = [
            m.person for m in self.mentions
            if m.position <= position and token in m.person.tokens and len(m.person.tokens) > 1
        ]
        if before:
            return before[-1]
        for person in self.people:
            if token in person.tokens and len(person.tokens) > 1:
                return person
        return None

    def person_named(self, name: str) -> Person | None:
        tokens = tuple(name.split())
        for person in self.people:
            if person.tokens == tokens:
                return person
        if len(tokens) == 1:
            return None
        for person in self.people:
            if tokens[-1] in person.tokens and set(tokens) <= set(person.tokens):
                return person
        return None

    def add_person(self, name: str, position: int, role: str | None = None,
                   gender: str | None = None) -> Person:
        person = self.person_named(name)
        if person is None:
            person = Person(name, tuple(name.split()), position)
            first = person.tokens[0].lower()
            if first in MALE_FIRST_NAMES:
                person.gender = "m"
            elif first in FEMALE_FIRST_NAMES:
                person.gender = "f"
            self.people.append(person)
        if role and not person.role:
            person.role = role
        if gender and not person.gender:
            person.gender = gender
        return person

    def latest_person(self, position: int, gender: str | None = None) -> Person | None:
        """The person a pronoun or description at position most likely stands for: the
        latest salient mention whose gender, when known, is the pronoun's; failing that,
        the latest mention at all."""
        fallback = None
        for mention in reversed(self.mentions):
            if mention.position >= position:
                continue
            person = mention.person
            if gender is not None and person.gender not in (None, gender):
                continue
            if mention.salient:
                return person
            if fallback is None:
                fallback = person
        return fallback

    def expand_acronym(self, acronym: str) -> str | None:
        """The full name an acronym stands for, when the article spells it out:
        "Immigration, Refugees and Citizenship Canada" for "IRCC"."""
        if acronym not in self.acronyms:
            self.acronyms[acronym] = _spelled_out(self.text, acronym)
        return self.acronyms[acronym]

    def known_tokens(self) -> set[str]:
        return {token for person in self.people for token in person.tokens}

    def add_mention(self, position: int, person: Person) -> None:
        """A mention as a speaker: the likeliest antecedent for the next "he said"."""
        index = len(self.mentions)
        while index > 0 and self.mentions[index - 1].position > position:
            index -= 1
        self.mentions.insert(index, Mention(position, person, True))

    def latest_body(self, position: int) -> str | None:
        """The organisation "the company" or "it" most likely means: the latest quoted
        one, or one known by a single capitalized name ("Facebook said"), or else the
        latest one named."""
        for pos, name, kind in reversed(self.speakers):
            if pos < position and (kind == "organisation" or (
                    kind == "unknown" and " " not in name and name[:1].isupper())):
                return name
        named = [name for pos, name in self.bodies if pos < position]
        return named[-1] if named else None

    def latest_speaker(self, position: int, kinds: set[str]) -> str | None:
        for pos, name, kind in reversed(self.speakers):
            if pos < position and kind in kinds:
                return name
        return None


def _spelled_out(text: str, acronym: str) -> str | None:
    letters = acronym.replace(".", "")
    if not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()):
        return None
    small = r"(?:,?\s+(?:and|of|for|the|on|&)\b)*,?\s+"
    pattern = small.join(rf"{letter}[\w’'\-]*" for letter in letters)
    match = re.search(rf"\b{pattern}\b", text)
    return match.group() if match else None
