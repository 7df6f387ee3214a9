"""Who the speakers are: the people an article names, where it mentions them, and what
a speaker phrase ("Zhang", "he", "the department", "IRCC") resolves to at its place in
the article."""

from __future__ import annotations

import re

from flows.analysis.attribution import SUBJECT_BLOCKERS
from flows.analysis.claims import may_credit
from flows.analysis.descriptions import (
    DETERMINERS,
    document_head,
    issuer,
    role_head,
    words_of,
)
from flows.analysis.records import Quote
from flows.analysis.speakers import (
    DOCUMENT_HEADS,
    HONORIFICS,
    NOT_NAME_WORDS,
    NOT_PERSON_WORDS,
    ORG_HEADS,
    ORG_WORDS,
    PERSON_PRONOUNS,
    ROLE_WORDS,
    ArticleSpeakers,
    Mention,
    Person,
    is_acronym,
    looks_like_organisation,
    parse_speaker_phrase,
    strip_possessive,
)

_PRONOUN_GENDER = {"he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f",
                   "hers": "f", "herself": "f"}


def collect_people(text: str, spans: list[tuple[int, int]]) -> ArticleSpeakers:
    """Full names of people in the article, where each is mentioned, and, when a
    pronoun follows a name opening its sentence, which pronoun."""
    article = ArticleSpeakers(text=text)
    lower_words = set(_LOWER_WORD.findall(text))
    runs = []
    credit_lines = [
        (line.start(), line.end()) for line in re.finditer(r"[^\n]+", text)
        if may_credit(line.group()) and _CREDIT.search(line.group())
    ]
    for start, words, before, gender in _capitalized_runs(text, spans):
        if any(s <= start < e for s, e in credit_lines):
            continue  # photo captions and credits: "Peter Lee / Waterloo Region Record"
        opens_sentence = before in {"", ".", "!", "?", ":", "\n"}
        first = words[0].lower()
        if opens_sentence and (first in lower_words or first in SENTENCE_FIRST_WORDS):
            # "Unlike Al Mnajer", "Although Trump": a capitalized word that the article
            # also writes in lower case is a sentence's first word, not a name's.
            start = start + len(words[0]) + 1
            before = words[0].lower()
            words = words[1:]
            if not words:
                continue
        runs.append((start, words, before, gender, opens_sentence))
    for start, words, _before, _gender, _opens in runs:
        parsed = parse_speaker_phrase(" ".join(words))
        if parsed.kind == "organisation" and parsed.name:
            article.bodies.append((start, parsed.name))
        if parsed.kind != "person" or parsed.name is None:
            continue
        name_words = parsed.name.split()
        if len(name_words) < 2 or len(name_words) > 4 or any(
            w.lower() in NOT_NAME_WORDS or w.lower() in NOT_PERSON_WORDS for w in name_words
        ):
            continue
        common = sum(1 for w in name_words if w.lower() in lower_words)
        if common >= max(1, len(name_words) - 1):
            continue  # "Article Continued Below": words the article also uses in lower case
        article.add_person(parsed.name, start, parsed.role, parsed.gender)
    # person_named and person_for_token find someone only by a word of a name collected
    # above, the run's last: most runs have none and skip both.
    known = article.known_tokens()
    for start, words, before, gender, opens_sentence in runs:
        bare = [strip_possessive(w) for w in words if w.lower().rstrip(".") not in HONORIFICS]
        person = None
        if bare and (bare[-1] in known or strip_possessive(bare[-1]) in known):
            person = article.person_named(" ".join(bare[-3:])) or (
                article.person_for_token(bare[-1], start) if len(bare) == 1 else None
            )
            if person is None and len(bare) > 1:
                person = article.person_named(" ".join(bare[-2:]))
        if person is None:
            continue
        possessive = words[-1].endswith(("’s", "'s", "’"))
        subject_like = before not in SUBJECT_BLOCKERS and not possessive
        article.mentions.append(Mention(start, person, subject_like and opens_sentence))
        if person.gender is None and subject_like and gender:
            person.gender = gender
    return article


_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_CREDIT = re.compile(
    r"\w\s/\s[A-Z]|\(\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*\s*/|[\[(]\s*photo\b|\bphoto\s*/",
    re.IGNORECASE,
)

# Words that open sentences capitalized and are never a name's first word.
SENTENCE_FIRST_WORDS = NOT_NAME_WORDS | SUBJECT_BLOCKERS | frozenset(
    "although though despite unlike whereas because since once other another every "
    "each both many most some several such".split()
)


def _capitalized_runs(text: str, spans: list[tuple[int, int]]):
    """(start, words, word before, gender of the first pronoun after it in its sentence)
    for each run of capitalized words outside quotations, within one line."""
    runs = []
    outside = []
    position = 0
    for s, e in spans:
        outside.append((position, s))
        position = e
    outside.append((position, len(text)))
    for start, end in outside:
        words: list[str] = []
        run_start = 0
        previous_word = ""
        before = ""
        open_runs: list[list] = []
        # (white space before, token) pairs in one C call: tokens cover every other
        # character, so positions follow from the lengths
        position = start
        first = True
        for gap, word in _GAP_AND_TOKEN.findall(text, start, end):
            absolute = position + len(gap)
            position = absolute + len(word)
            if first:  # the first word of a segment has no gap to look at
                gap, first = "", False
            adjacent = gap == " "
            newline = "\n" in gap
            if newline:
                previous_word = "\n"
            lower = word.lower()
            if lower in _PRONOUN_GENDER:
                if open_runs and open_runs[0][3] is None:
                    open_runs[0][3] = _PRONOUN_GENDER[lower]
                open_runs = []  # the first pronoun after a name is the one that tells
            if newline or word in _SENTENCE_ENDS:
                open_runs = []
            if word[0].isupper() and word[0].isalpha():
                if words and adjacent:
                    words.append(word)
                else:
                    if words:
                        run = [run_start, words, before, None]
                        runs.append(run)
                        open_runs.append(run)
                    words, run_start, before = [word], absolute, previous_word
            elif words and adjacent and lower in _NAME_PARTICLES:
                words.append(word)
            elif words:
                run = [run_start, words, before, None]
                runs.append(run)
                open_runs.append(run)
                words = []
            previous_word = lower
        if words:
            runs.append([run_start, words, before, None])
    return [tuple(run) for run in runs]


_NAME_PARTICLES = frozenset({"de", "van", "von", "bin", "al", "el", "da", "di", "du", "der",
                             "la", "le"})
_RUN_TOKEN = re.compile(r"[\w][\w’'\-.]*[\w.]|\w|[^\w\s]")
_GAP_AND_TOKEN = re.compile(r"(\s*)(" + _RUN_TOKEN.pattern + ")")
_SENTENCE_ENDS = frozenset(".!?")


def resolve_speaker(as_written: str | None, role: str | None, position: int,
                     article: ArticleSpeakers, quotes: list[Quote]):
    """(name, role, organisation, kind) for a speaker phrase at position."""
    if as_written is None:
        if quotes:
            last = quotes[-1]
            return last.speaker, last.role, last.organisation, last.speaker_kind
        return None, None, None, "unknown"
    parsed = parse_speaker_phrase(as_written)
    lower = as_written.lower()
    if parsed.kind == "pronoun":
        if lower in PERSON_PRONOUNS:
            gender = "m" if lower in {"he", "him"} else "f"
            person = _lone_name_before(article, position) or article.latest_person(
                position, gender)
            if person is not None:
                if person.gender is None:
                    person.gender = gender
                article.add_mention(position, person)
                return person.name, person.role, person.organisation, "person"
            return as_written, None, None, "person"
        if lower in {"it", "they"}:
            previous = (_subject_earlier_in_sentence(article.text, position)
                        or article.latest_speaker(position, {"organisation", "unknown"})
                        or (article.latest_body(position) if lower == "it" else None))
            if previous is not None:
                return previous, None, previous if _is_org_name(previous) else None, (
                    "organisation" if _is_org_name(previous) else "unknown")
        return as_written, None, None, "unknown"
    if lower == "who":
        person = article.latest_person(position)
        if person is not None:
            return person.name, person.role, person.organisation, "person"
        return None, None, None, "unknown"
    if parsed.kind == "organisation" and parsed.name:
        name = parsed.name
        if is_acronym(name):
            name = article.expand_acronym(name) or name
        return name, role, name, "organisation"
    if parsed.kind == "person" and parsed.name:
        full_role = role or parsed.role
        tokens = parsed.name.split()
        person: Person | None
        if len(tokens) == 1:
            person = article.person_for_token(tokens[0], position)
        else:
            person = article.add_person(parsed.name, position, full_role, parsed.gender)
        if person is not None:
            if full_role and not person.role:
                person.role = full_role
            if person.organisation is None and person.role:
                person.organisation = _organisation_in(person.role)
            article.add_mention(position, person)
            return person.name, person.role, person.organisation, "person"
        if len(tokens) == 1:
            if full_role and any(w in ROLE_WORDS for w in words_of(full_role)):
                # "regional government chairman Qizhala", "Qizhala, the chairman of ...":
                # a person known by one name.
                person = article.add_person(parsed.name, position, full_role, parsed.gender)
                person.organisation = person.organisation or _organisation_in(full_role)
                article.add_mention(position, person)
                return person.name, person.role, person.organisation, "person"
            # A lone capitalized word the article never gives in full: a person known by
            # one name, or a body ("Facebook"); "it" may refer back to it.
            return parsed.name, full_role, _organisation_in(full_role), "unknown"
        return parsed.name, full_role, _organisation_in(full_role), "person"
    # A description: "the utility", "the affable proprietor", "authorities".
    words = lower.split()
    bare = {strip_possessive(w) for w in words}
    if not bare.isdisjoint(ROLE_WORDS) and role_head(as_written) is not None:
        # "the chairman of the regional government": the person is found by that role
        # once the whole article is read (descriptions.name_role_descriptions).
        return as_written, role or as_written, _organisation_in(as_written), "person"
    head = document_head(words_of(as_written)) if not bare.isdisjoint(DOCUMENT_HEADS) else None
    if head is not None:
        source = _source_of(as_written)
        if source is not None:
            return source, role, source, "organisation"  # "data from the regional government"
        if len(words) <= 3:
            named = issuer(head, position, article.text, quotes)
            if named is not None:
                return named, role, named, "organisation"  # "the report": its issuer's
        return as_written, role, None, "unknown"
    if len(words) > 2 and not bare.isdisjoint(ORG_WORDS) and any(
            strip_possessive(w) in ORG_WORDS for w in words[1:]):
        # "the regional department of human resources and social security"; a named
        # body loses its article as names do: "The US government" gives "US government"
        name = _without_determiner(as_written) if as_written.split()[1][:1].isupper() else (
            as_written)
        return name, role, name, "organisation"
    if words and words[0] in {"the", "this", "that"}:
        head = strip_possessive(words[-1])
        if head in ORG_HEADS or head.rstrip("s") in ORG_HEADS:
            if len(words) > 2:
                # "the regional human resources department" names a body; only a bare
                # "the department" points back to one named before.
                return as_written, role, as_written, "organisation"
            previous = article.latest_body(position)
            if previous is not None:
                return previous, role, previous, "organisation"
            return as_written, role, as_written, "organisation"
        if not head.endswith("s") or head.endswith("ss"):
            person = article.latest_person(position)
            if person is not None:
                article.add_mention(position, person)
                return person.name, person.role, person.organisation, "person"
    if parsed.kind == "organisation" or looks_like_organisation(as_written.split()):
        return as_written, role, as_written, "organisation"
    return as_written, role, None, "unknown"


def _without_determiner(phrase: str) -> str:
    """"the regional government" as a name: "regional government"."""
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _source_of(phrase: str) -> str | None:
    """The body data come from: "data from the regional government" gives "regional
    government"; "figures released by the bureau" gives "bureau"."""
    match = re.search(r"\b(?:data|figures|statistics|numbers)\s+(?:\w+\s+)?(?:from|by|of)\s+"
                      r"(.+)$", phrase, re.IGNORECASE)
    return _without_determiner(match.group(1)) if match else None


def _lone_name_before(article: ArticleSpeakers, position: int) -> Person | None:
    """A speaker known by one capitalized name ("Qizhala said ...") quoted after the
    latest person mention: a later "he said" means this one, who is then a person."""
    for pos, name, kind in reversed(article.speakers):
        if pos >= position:
            continue
        if kind != "unknown" or " " in name or not name[:1].isupper() or is_acronym(
                name) or looks_like_organisation([name]):
            return None
        if any(pos <= m.position < position for m in article.mentions):
            return None  # a person named since: "he" is more likely that one
        person = article.add_person(name, pos)
        article.add_mention(pos, person)
        return person
    return None


# Words after which a capitalized name is an object or a place, not a clause's subject.
_NOT_SUBJECT_AFTER = frozenset(
    "of in to from with by at on for into about against than under over across".split())
# Words after a capitalized name that show it is not the subject of the next verb.
_NOT_VERB = frozenset(
    "and or of 's ’s , ; : to in on at for with by from that which who whose where".split())
_QUOTE_MARKS = ("“", "”", '"')
# Words that open a sentence or clause capitalized without being part of a name.
_CAPITALIZED_FUNCTION_WORDS = frozenset(
    "the a an but however as in on at while when after before this that these those it "
    "he she they we its his her their and yet so since although though".split())
_SUBJECT_RUN = re.compile(r"(?<![\w’'])((?:[A-Z][\w’'\-]*)(?:\s+[A-Z][\w’'\-]*)*)"
                          r"(?=\s+([\w’',;:]+))")


def _subject_earlier_in_sentence(text: str, position: int) -> str | None:
    """The body an "it" or "they" stands for when its own sentence names one earlier as
    the subject of a clause: "as China seeks to suppress what it calls ..." is China's
    word, whoever was quoted in the sentence before."""
    if not text:
        return None
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position),
                text.rfind("? ", 0, position), text.rfind("! ", 0, position)) + 1
    paragraph = text.rfind("\n", 0, position) + 1  # quotations are counted from here
    found = None
    for match in _SUBJECT_RUN.finditer(text, start, position):
        before = text[start:match.start()]
        opened = text[paragraph:match.start()]
        if sum(opened.count(mark) for mark in _QUOTE_MARKS) % 2:
            continue  # inside a quotation: the speaker's words, not the writer's subject
        words = match.group(1).split()
        at_start = not before.strip()
        while words and words[0].lower() in _CAPITALIZED_FUNCTION_WORDS:
            words, at_start = words[1:], False
        next_word = match.group(2)
        if not words or words[-1].endswith(("’s", "'s")):
            continue  # "Canada's ministry": the name qualifies the subject
        if before.split() and before.split()[-1].lower() in _NOT_SUBJECT_AFTER:
            continue
        if next_word.lower() in _NOT_VERB or not next_word[:1].islower():
            continue
        if at_start and len(words) == 1 and not _capitalized_mid_sentence(text, words[0]):
            continue  # "Apps that it said": any word opens a sentence capitalized
        found = " ".join(words)
    return found


def _capitalized_mid_sentence(text: str, word: str) -> bool:
    return re.search(rf"[\w,;:]\s+{re.escape(word)}\b", text) is not None


def _is_org_name(name: str) -> bool:
    return looks_like_organisation(name.split())


def _organisation_in(role: str | None) -> str | None:
    """The body a role names: "an officer at Human Resources and Social Security Bureau
    of Aksu prefecture" gives "Human Resources and Social Security Bureau of Aksu
    prefecture"."""
    if not role:
        return None
    match = re.search(r"\b(?:of|at|for|with|from)\s+(?:the\s+)?(.+)$", role)
    if not match:
        return None
    candidate = match.group(1)
    if looks_like_organisation(candidate.split()):
        return candidate
    return None
