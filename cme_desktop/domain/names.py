"""Names as people type them, reduced to keys for searching and matching."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, accents removed, punctuation dropped, spaces collapsed: 'O'Brien-Núñez' -> 'obrien nunez'."""
    if not text:
        return ""
    if text.isascii():  # most names: nothing to decompose (the slow part, for 50,000 names in an import)
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.replace("'", "").replace("’", "").replace("-", " ")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", plain)).strip()


def search_name(first: str, last: str) -> str:
    """The key people are found by: 'last first', folded."""
    return f"{fold(last)} {fold(first)}".strip()


def display_name(first: str, last: str, degree: str | None = None, middle: str | None = None) -> str:
    """'Jane Q. Smith, MD' as printed on certificates."""
    parts = [first.strip()]
    if middle and middle.strip():
        initial = middle.strip()
        parts.append(f"{initial[0]}." if len(initial) == 1 else initial)
    parts.append(last.strip())
    name = " ".join(p for p in parts if p)
    return f"{name}, {degree.strip()}" if degree and degree.strip() else name


def sort_name(first: str, last: str) -> str:
    """'Smith, Jane' for lists and file names."""
    return f"{last.strip()}, {first.strip()}"


# Common English given-name variants: a learner registered as "Bob" and as "Robert" is one person.
_NICKNAME_GROUPS = (
    ("robert", "bob", "rob", "bobby", "robbie"),
    ("william", "bill", "will", "billy", "liam"),
    ("james", "jim", "jimmy", "jamie"),
    ("john", "jack", "johnny", "jon"),
    ("richard", "rick", "dick", "rich", "ricky"),
    ("michael", "mike", "mick", "mikey"),
    ("joseph", "joe", "joey"),
    ("thomas", "tom", "tommy"),
    ("charles", "charlie", "chuck", "chas"),
    ("christopher", "chris", "kit"),
    ("daniel", "dan", "danny"),
    ("matthew", "matt"),
    ("anthony", "tony"),
    ("david", "dave"),
    ("steven", "stephen", "steve"),
    ("edward", "ed", "eddie", "ted"),
    ("andrew", "andy", "drew"),
    ("alexander", "alex", "sasha"),
    ("nicholas", "nick"),
    ("benjamin", "ben"),
    ("samuel", "sam"),
    ("jonathan", "jon"),
    ("gregory", "greg"),
    ("patrick", "pat"),
    ("elizabeth", "liz", "beth", "betty", "eliza", "lizzie"),
    ("margaret", "maggie", "peggy", "meg"),
    ("katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cathy"),
    ("jennifer", "jen", "jenny"),
    ("patricia", "pat", "patty", "trish"),
    ("susan", "sue", "suzy"),
    ("barbara", "barb"),
    ("deborah", "debra", "deb", "debbie"),
    ("rebecca", "becky", "becca"),
    ("jessica", "jess"),
    ("victoria", "vicky", "tori"),
    ("christine", "christina", "chris", "tina"),
    ("alexandra", "alex", "sasha"),
    ("samantha", "sam"),
    ("abigail", "abby"),
    ("kimberly", "kim"),
)
_NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    for _name in _group:
        _NICKNAMES[_name] = _NICKNAMES.get(_name, frozenset()) | frozenset(_group)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance with adjacent swaps counted once, stopping early past `limit` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def first_names_match(a: str, b: str) -> bool:
    """Same given name allowing for a nickname ('Bob'/'Robert'), an initial ('J'/'Jane') or one typo."""
    fa, fb = fold(a).replace(" ", ""), fold(b).replace(" ", "")
    if not fa or not fb:
        return False
    if fa == fb or fb in _NICKNAMES.get(fa, ()):
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return min(len(fa), len(fb)) >= 4 and edit_distance(fa, fb, 1) <= 1


def last_names_match(a: str, b: str) -> bool:
    """Same family name allowing for punctuation ('O'Brien'/'OBrien'), a second surname, or one typo."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa.replace(" ", "") == fb.replace(" ", ""):
        return True
    wa, wb = set(fa.split()), set(fb.split())
    if (len(wa) > 1 or len(wb) > 1) and (wa <= wb or wb <= wa):
        return True
    return min(len(fa), len(fb)) >= 5 and edit_distance(fa, fb, 1) <= 1


def similar_names(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Two profiles' names could be the same person's."""
    return last_names_match(last_a, last_b) and first_names_match(first_a, first_b)


def last_name_keys(last: str) -> set[str]:
    """Keys shared by any two family names that `last_names_match` could accept (each word, and each with one
    letter deleted), so the duplicate finder compares only profiles that share a key instead of every pair."""
    folded = fold(last)
    words = [folded.replace(" ", "")] + (folded.split() if " " in folded else [])
    keys: set[str] = set()
    for word in words:
        keys.add(word)
        if len(word) >= 5:
            keys.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return keys
