"""Names in credit lines: splitting them, cleaning them, telling people from
organisations and wire services.

Display forms keep what the page shows with a name (credentials such as "MD" or "PhD");
roles ("Senior Editor"), handles and e-mail addresses are not part of a name.
"""

from __future__ import annotations

import re

from flows.metadata.layout import squash

SPLIT_NAMES = re.compile(r"\s*(?:;|\||,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|,|\s+und\s+|\s+et\s+|、|和)\s*",
                         re.IGNORECASE)
HONORIFIC = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev)\.?\s+", re.IGNORECASE)
CREDENTIAL = re.compile(
    r"^(?:ph\.?\s?d\.?|m\.?d\.?|d\.?o\.?|r\.?d\.?n?|m\.?s\.?|m\.?a\.?|b\.?a\.?|b\.?s\.?|mba|mph|"
    r"cpa|cfa|cfp|cepf|rn|np|pa-c|dvm|vmd|dds|dmd|jd|esq\.?|lcsw|lmft|facs|faan|fand|facp|"
    r"cpp|psp|e-ryt\s*\d*|ryt\s*\d*|ccc-slp|cscs|nasm-cpt|acsm|ibclc|dacvb|lvt|vts|foma|dabom|"
    r"faclm|smt|jr\.?|sr\.?|ii|iii|iv)[®™]?$",
    re.IGNORECASE,
)
ROLE_WORDS = re.compile(
    r"\b(?:editor|reporter|correspondent|writer|contributor|columnist|director|manager|"
    r"founder|ceo|cto|president|chief|head|expert|specialist|analyst|producer|staff\s+writer|"
    r"intern|fellow|professor|officer|lead|author|journalist|strategist|consultant|member|"
    r"representative|coordinator|dietitian|nutritionist|attorney|lawyer|physician|vp|svp|evp|"
    r"coo|cfo|cmo|co-founder|cofounder|owner|partner|researcher|scientist|engineer|educator|"
    r"guest\s+columnist)s?\b",
    re.IGNORECASE,
)
ORGANIZATION_WORDS = re.compile(
    r"\b(?:staff|team|editors|editorial|desk|newsroom|news|agency|agencies|press|media|group|"
    r"inc|llc|ltd|corp|corporation|company|association|institute|university|college|"
    r"department|ministry|center|centre|council|foundation|society|bureau|office|times|daily|"
    r"post|journal|magazine|network|service|services|online|contributors|board|committee|"
    r"administration|hospital|clinic|bank|partners|labs?|studio|blog|official)\b",
    re.IGNORECASE,
)
# Wire services and state news agencies, by the ways bylines write them.
WIRE_SERVICES = {
    "xinhua": "Xinhua", "xinhua news agency": "Xinhua", "新华社": "Xinhua",
    "associated press": "AP", "the associated press": "AP", "ap": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "bloomberg": "Bloomberg",
    "upi": "UPI", "united press international": "UPI", "dpa": "dpa", "efe": "EFE",
    "ansa": "ANSA", "kyodo": "Kyodo", "kyodo news": "Kyodo", "yonhap": "Yonhap", "tass": "TASS",
    "ria novosti": "RIA Novosti", "pti": "PTI", "press trust of india": "PTI", "ians": "IANS",
    "ani": "ANI", "anadolu": "Anadolu", "anadolu agency": "Anadolu",
    "china news service": "China News Service", "中新社": "China News Service",
    "cna": "CNA", "bernama": "Bernama", "antara": "Antara", "aap": "AAP",
    "australian associated press": "AAP", "the canadian press": "The Canadian Press",
    "agencies": "agencies", "wire services": "agencies",
}
EMAIL = re.compile(r"\S+@\S+\.\w+")
HANDLE = re.compile(r"(?:^|\s)@\w+")
# Names in a credit line; more words than this is a sentence or a bio.
MAX_NAME_WORDS = 12
SENTENCE = re.compile(r"(?-i:[.!?]\s+[A-Z][a-z]+\s+[a-z])|[:;]\s*$|\b(?:is|was|has|are|were|will|can|"
                      r"you|your|our|we|this|that|more|all|posts?|articles?|view|see|about)\b",
                      re.IGNORECASE)
NOT_NAME_WORDS = frozenset({"clicking", "using", "continuing", "subscribing", "signing", "entering",
                            "submitting", "profile", "bio", "biography", "contact"})


def wire_name(text: str) -> str | None:
    key = " ".join(squash(text).split())
    return WIRE_SERVICES.get(key) or WIRE_SERVICES.get(text.strip())


def is_organization(name: str) -> bool:
    return bool(ORGANIZATION_WORDS.search(name)) or wire_name(name) is not None


def _without_repeat(text: str) -> str:
    """ "Jane Doe Jane Doe": the same credit rendered twice (mobile and desktop)."""
    words = text.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _without_role(name: str) -> str:
    """ "Jane Doe Senior Editor" -> "Jane Doe"; a name comes before its role."""
    words = name.split()
    if "(" in name or (words and words[0].lower() == "the"):
        return name  # "Lance Ryan (Content Manager)", "The Currency editors"
    for index, word in enumerate(words):
        if index >= 1 and ROLE_WORDS.match(word.strip(",")):
            start = index
            # the role may start with its adjectives: "Senior Editor", "Tech Reporter"
            while start > 2 and words[start - 1][:1].isupper() and not words[start - 1].endswith("."):
                start -= 1
            if start < 2:
                return name  # "Luxury Travel Expert", "SFist Contributor": the role is the credit
            return " ".join(words[:start]).strip(" ,")
    return name


def display_byline(byline: str) -> str:
    """The credit for display: names with their credentials, without roles."""
    byline = _without_repeat(byline)
    pieces = [p.strip() for p in re.split(r"\s*[,⋅]\s*", byline)]
    kept: list[str] = []
    for index, piece in enumerate(pieces):
        if index and ROLE_WORDS.search(piece) and not CREDENTIAL.match(piece):
            break  # "Jane Doe, Senior Editor, The Paper": the rest is her role
        kept.append(piece)
    if len(kept) < len(pieces):
        byline = ", ".join(kept)
    if len(kept) == 1 or not ("," in byline or " and " in byline or "&" in byline):
        byline = _without_role(byline)
    byline = byline.strip(" ,&*")
    last = byline.rsplit(" ", 1)[-1]
    if last.endswith(".") and "." not in last[:-1] and len(last) > 3:
        byline = byline[:-1]  # "Jeff Cobb." but not "Ph.D." or "Jr."
    return byline


def split_names(byline: str) -> list[str]:
    """Separate names; credentials and roles after a comma stay with the name before."""
    pieces = [p for p in SPLIT_NAMES.split(byline) if p and p.strip()]
    names: list[str] = []
    for piece in pieces:
        piece = piece.strip(" .")
        if not piece:
            continue
        if CREDENTIAL.match(piece) or (names and ROLE_WORDS.search(piece)):
            continue  # "Jane Doe, MD", "Jane Doe, Senior Editor"
        names.append(piece)
    if len(names) == 2 and len(pieces) == 2 and "," in byline and " " not in names[0]:
        return [byline]  # "Kaufman, Jeff T.": surname first
    return names


def clean_name(name: str) -> str:
    name = HANDLE.sub(" ", EMAIL.sub(" ", name))
    name = HONORIFIC.sub("", name.strip())
    words = name.split()
    while words and CREDENTIAL.match(words[-1].strip(",")):
        words.pop()
    return " ".join(words).strip(" ,;:.-") if words else ""


def join_names(names: list[str]) -> str:
    """Several names the way bylines list them: "A and B", and "A, B, C" for author lists."""
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names)
