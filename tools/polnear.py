"""Reading PolNeAR (../shared/data/polnear): articles, direct quotes, sources.

Shared by ``tools/eval_polnear.py`` (scoring on dev) and
``tools/train_speaker.py`` (training on train). Everything here reads the
corpus's own hand annotation; nothing calls the pipeline under test.

- One annotation file per article: a few articles were annotated by several
  annotators (``NAME_A.ann``, ``NAME_B.ann``); the first in sorted order is
  used, so every run reads the same gold.
- A *direct quote* is a quoted segment inside a Content that contains
  quotation marks (the corpus README's definition of direct quotes). Each
  Content fragment is cut into its quoted segments by the glyphs themselves:
  ``“`` opens and ``”`` closes (nested pairs stay inside the outer one);
  straight ``"`` alternate within the fragment. A segment still open at a
  paragraph end ends there and the next paragraph's opening mark starts a
  new one (the newspaper convention for quotes over several paragraphs); a
  segment still open at the fragment's end ends there.
- The *source* of a quote is its attribution's Source span, classified by
  :func:`source_kind` from its own words and the article (names corpus,
  titles), never from the tagger.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_FIXES = REPO / "tests" / "nlp" / "data" / "polnear_source_fixes.json"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"
NAMES_DIR = REPO.parent / "shared" / "nltk_data" / "corpora" / "names"

Span = tuple[int, int]

OPEN_D, CLOSE_D, STRAIGHT_D = "\u201c", "\u201d", '"'

# Kinds of gold source.
NAMED = "named person"
PRONOUN = "he/she"
OTHER_PRONOUN = "other pronoun"  # I, we, they, it
PERSON_DESCRIPTION = "description of one person"  # "the candidate", "the 34-year-old mother"
NO_PERSON = "no person"  # organisations, groups, unnamed/indefinite people
NO_SOURCE = "no source"
UNCLEAR = "unclear"  # the annotated Source is a relative pronoun ("who") or a slip ("said")

_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sen sen. rep rep. gov gov. gen gen. lt lt. col col. del del. president "
    "senator governor secretary judge justice rev rev. mayor speaker chairman chairwoman candidate "
    "representative congressman congresswoman sheriff attorney prof prof. pope king queen prince "
    "ambassador director leader minister chancellor adviser advisor".split()
)
_ORG_HEADS = frozenset(
    """newspaper paper magazine campaign committee agency department ministry company firm group report
    poll survey statement ad ads website site network station channel board court administration
    government office team party organization organisation association council commission union
    bureau service foundation institute center centre university college school network story
    article editorial analysis study memo letter release spokesperson's complaint lawsuit filing
    document documents book video tweet post blog show program programme panel jury police military
    army navy house senate ruling decision order verdict rule law bill survey data figures numbers congress white kremlin pentagon state city county""".split()
)
_HUMAN_NOUNS = frozenset(
    """president senator candidate nominee governor mayor lady secretary businessman mother father wife husband
    son daughter chief host star anchor judge congressman congresswoman official spokesman spokeswoman aide
    strategist adviser advisor billionaire mogul democrat republican attorney veteran""".split()
)
_GROUP_STEMS = frozenset("republican democrat attendant parent school investigation new member leader official voter".split())
_CUE_SLIPS = frozenset("said says say told added wrote noted".split())
_HUMAN_PLURAL_EXCEPTIONS = frozenset({"boss", "ross", "hess", "james", "jones", "davis", "chris"})
_PRONOUNS_HE_SHE = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"i", "we", "they", "it", "you", "him", "her", "them", "us", "me"})
_DETERMINERS_INDEFINITE = frozenset({"a", "an", "another", "one", "some", "several", "many", "two", "three", "other", "others", "most", "few", "more"})
_WORD_RE = re.compile(r"[\w.\u2019'-]+")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    source: str | None  # the Source's words as written (None: no source)
    source_span: Span | None
    kind: str
    name: str | None = None  # the person's name for NAMED (as written, head of the source)


@dataclass(slots=True)
class Article:
    name: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """First name (casefolded) -> "m", "f" or "?" (both lists), from NLTK's
    names corpus in ../shared."""
    out: dict[str, str] = {}
    for gender, file in (("m", "male.txt"), ("f", "female.txt")):
        for line in (NAMES_DIR / file).read_text(encoding="utf-8").splitlines():
            name = line.strip().casefold()
            if name and not name.startswith("#"):
                out[name] = "?" if out.get(name, gender) != gender else gender
    return out


def _parse_ann(path: Path) -> tuple[dict[str, tuple[str, list[Span]]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, list[Span]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            pieces = []
            for piece in offsets.split(";"):
                a, b = piece.split()
                pieces.append((int(a), int(b)))
            spans[parts[0]] = (kind, pieces)
        elif parts[0].startswith("E"):
            relations.append(dict(x.split(":", 1) for x in parts[1].split()))
    return spans, relations


def quoted_segments(text: str, start: int, end: int) -> list[Span]:
    """The quoted segments inside one Content fragment ``[start, end)``."""
    segments: list[Span] = []
    depth = 0
    open_at = -1
    straight_open = False
    for i in range(start, end):
        ch = text[i]
        if ch == "\n" and depth:
            # A paragraph ends inside the quote: this piece ends here.
            j = i
            while j > open_at and text[j - 1].isspace():
                j -= 1
            segments.append((open_at, j))
            depth, straight_open = 0, False
            continue
        if ch == OPEN_D:
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == CLOSE_D:
            if depth == 0:
                # Closed without an opening inside the fragment: the Content
                # began inside the quote.
                if not segments and text[start:i].strip():
                    segments.append((start, i + 1))
                continue
            depth -= 1
            if depth == 0:
                segments.append((open_at, i + 1))
        elif ch == STRAIGHT_D:
            if straight_open:
                straight_open = False
                depth = max(0, depth - 1)
                if depth == 0:
                    segments.append((open_at, i + 1))
            else:
                straight_open = True
                if depth == 0:
                    open_at = i
                depth += 1
    if depth:
        j = end
        while j > open_at and text[j - 1].isspace():
            j -= 1
        segments.append((open_at, j))
    if not segments:
        # A Content quoted with single marks only ("'This isn't tax reform,'"):
        # the whole fragment when it starts and ends with one.
        inner = text[start:end].rstrip(" .,;:")
        if inner[:1] in "\u2018'" and inner[-1:] in "\u2019'" and len(inner) > 2:
            segments.append((start + len(text[start:end]) - len(text[start:end].lstrip()), start + len(inner)))
    return [(a, b) for a, b in segments if b - a > 2 and text[a + 1 : b - 1].strip(" \u201c\u201d\"")]


_NOT_FIRST_WORDS = frozenset(
    """the a an new south north east west united great saint st. fort mount lake san los las el
    in on at of for and but or if as by to from with says said this that these those its his her
    their our my your when while after before since during""".split()
)


def _name_in_article(word: str, text: str) -> bool:
    """Whether the article writes ``word`` as a person's surname: within two
    words after a known first name or a title ("Hillary Clinton", "Mr.
    Caddell", "President Barack Obama"), or followed by an age ("Jones,
    25,"). (Any capitalised word before it is no evidence: "Zero Hedge",
    "Communist China".)"""
    names = first_names()
    spelled = "".join("['\u2019]" if ch in "'\u2019" else re.escape(ch) for ch in word)
    pattern = re.compile(r"([\w.]+)\s+(?:([\w.]+)\s+)?" + spelled + r"\b", re.IGNORECASE)
    for m in pattern.finditer(text):
        for group in (1, 2):
            before = m.group(group) or ""
            if before.casefold() in names or before.casefold() in _TITLES:
                return True
    if re.search(re.escape(word) + r", \d{1,2},", text) is not None:
        return True
    # A capitalised word before it that is no sentence's or place's first
    # word ("Newt Gingrich", "Rush Limbaugh"), when the article never writes
    # it as a place or an institution ("in China", "the Times").
    for m in re.finditer(r"\b(?:in|the|The)\s+" + spelled + r"\b(?!['\u2019]s)(\s+[a-z]+)?", text):
        after = (m.group(1) or "").strip()
        if not after or after in ("said", "says", "told", "wrote", "reported", "reports") or not after.isalpha():
            return False  # "in China", "the Times said"; not "the Trump campaign"
    for m in re.finditer(r"([A-Z][\w'\u2019-]+)\s+" + spelled + r"\b", text):
        before = m.group(1)
        if before.casefold() not in _NOT_FIRST_WORDS and not before.isupper() and before.casefold() not in _ORG_HEADS:
            return True
    return False


_TITLE_KEYS = frozenset(t.rstrip(".") for t in _TITLES)
_NAME_SUFFIXES = frozenset({"II", "III", "IV", "Jr", "Sr"})


def _unbroken(words: str) -> str:
    """A name's letters broken by a wrong decoding ("FranÃ\x83Â§ois"): the
    combining, control and symbol characters between letters are dropped
    before reading words."""
    out = []
    for k, ch in enumerate(words):
        inside = 0 < k < len(words) - 1 and not words[k - 1].isspace() and not words[k + 1].isspace()
        if inside and not ch.isalnum() and unicodedata.category(ch)[0] in "MCS" or (inside and ch in "\xa7\xa1"):
            continue
        out.append(ch)
    return "".join(out)


def _person_name(phrase: str, text: str, appositive: bool) -> str | None:
    """The person ``phrase`` names at its end, or None."""
    words = _WORD_RE.findall(phrase)
    run: list[str] = []
    for w in reversed(words):
        if w[:1].isupper() or (run and w.casefold() in ("de", "van", "von", "del", "la", "bin", "al")) or w.startswith(("al-", "el-")):
            run.append(w)
        else:
            break
    run.reverse()
    while len(run) > 1 and run[-1].rstrip(".") in _NAME_SUFFIXES:
        run.pop()  # "Vann R. Newkirk II", "Brent Bozell III"
    if not run:
        return None
    last = run[-1]
    possessive = last.endswith(("\u2019s", "'s"))
    if possessive:
        if len(run) != len(words):
            return None  # "Ivana Trump's brief": the brief, not Trump
        run[-1] = last[:-2]
    elif last.endswith(("\u2019", "'")):
        return None
    core = list(run)
    k = 0
    while k < len(core) - 1 and core[k].casefold().rstrip(".") in _TITLE_KEYS:
        k += 1
    core = core[k:]
    # Drop titles that come after a place ("New Jersey Gov. Chris Christie").
    for j in range(len(core) - 2, -1, -1):
        if core[j].casefold().rstrip(".") in _TITLE_KEYS:
            core = core[j + 1 :]
            break
    titled = len(core) != len(run)
    plain = [w for w in core if not re.fullmatch(r"[A-Z]\.", w)] or core
    surname = plain[-1]
    if surname.isupper() and len(surname) > 2 and len(plain) == 1 and _name_in_article(surname.title(), text):
        return surname  # "PENCE" in a headline
    if surname.casefold().strip(".") in _ORG_HEADS or (surname.isupper() and len(surname) <= 5 and not titled):
        return None  # "the IMF", "The New York Times"
    names = first_names()
    before_run = words[len(words) - len(run) - 1].casefold() if len(run) < len(words) else ""
    described = (
        before_run[:1].islower()
        and before_run not in _DETERMINERS_INDEFINITE | {"the", "this", "that"}
        and before_run not in ("on", "in", "at", "of", "for", "to", "from", "by", "with", "about")
    )
    if len(plain) >= 2 and plain[-1].endswith("s") and not any(w.casefold() in names for w in plain[:-1]):
        if plain[-1].casefold().rstrip("s") in _GROUP_STEMS:
            return None  # "Oversight Committee Republicans", "Flight Attendants"
    whole = len(run) == len(words)
    if (
        any(w.casefold() in names for w in plain[:-1]) or plain[0].casefold() in names
        or titled
        or (described and len(plain) >= 2)  # "talk radio host Rush Limbaugh"
        or (appositive and whole and 2 <= len(plain) <= 4)  # "Kerr Putney, the police chief"
        or (len(plain) == 1 and _name_in_article(surname, text))
        or re.search(re.escape(surname) + r", \d{1,2},", text) is not None  # "Quina Jones, 25,"
        or (
            whole
            and len(plain) >= 2
            and plain[0].casefold() not in _NOT_FIRST_WORDS
            and plain[-1].casefold() not in _ORG_HEADS
            and re.search(r"\b" + re.escape(surname) + r"\s+(?:said|says|told|wrote|added|argued|noted|asked)\b", text)
            is not None
        )  # "Mitt Romney" ... "Romney said": the surname alone speaks
    ):
        return " ".join(plain)
    return None


_OTHERS_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson aide aides adviser advisers advisor advisors supporter supporters
    lawyer lawyers attorney attorneys friend friends member members staff staffer staffers official officials
    representative representatives allies ally backers fans critics opponents""".split()
)


_TITLE_COMPOUND_HEADS = frozenset("secretary chief master director head chairman chairwoman chair president minister".split())


def _describes_other(short: str) -> bool:
    """Whether the words before "of/for/at …" describe someone other than
    the person named after them ("a spokesman", "Supporters")."""
    words = short.split()
    if not words:
        return False
    last = words[-1]
    if last.casefold() in _TITLE_COMPOUND_HEADS:
        return False  # "former secretary of state Hillary Clinton": a title
    return last.casefold() in _OTHERS_NOUNS or (last[:1].islower() and last.isalpha())


def source_kind(source: str | None, text: str) -> tuple[str, str | None]:
    """The kind of a gold Source and, for a named person, the name."""
    if source is None or not source.strip():
        return NO_SOURCE, None
    source = _unbroken(source)
    source = re.sub(r"\s+(?:himself|herself)\b", "", source)  # "Cruz himself"
    low = source.strip().casefold()
    if low in _PRONOUNS_HE_SHE:
        return PRONOUN, None
    if low in _OTHER_PRONOUNS:
        return OTHER_PRONOUN, None
    if low in ("who", "which", "that", "whom") or low in _CUE_SLIPS:
        return UNCLEAR, None
    both = re.fullmatch(r"\s*(.+?)\s+and\s+(.+?)\s*", source)
    if both and both.group(1)[:1].isupper() and both.group(2)[:1].isupper() and "," not in source:
        # "Obama and Clinton", "Neera Tanden and Blair Effron": either
        # person is right (each name joined by " and ").
        first, second = (source_kind(part, text) for part in both.groups())
        if first[0] == NAMED and second[0] == NAMED:
            return NAMED, f"{first[1]} and {second[1]}"
    parts = re.split(r"\s*[,(\u2014]\s*|\s+\u2013\s+|\s+-\s+", source.strip())
    parts = [p.strip(" ,;:)") for p in parts if p.strip(" ,;:)")]
    if not parts:
        return NO_PERSON, None
    head = parts[0]
    short = re.split(r"\s+(?:of|at|for|from|who|with|in|on|inside|within|close to)\s+", head, maxsplit=1)[0]
    # An appositive that describes a person ("Kerr Putney, the police chief").
    appositive = len(parts) > 1 and any(
        w.casefold() in _HUMAN_NOUNS or w.casefold().endswith(("er", "or", "ist", "ian", "ent", "ant"))
        for w in _WORD_RE.findall(parts[1])
        if w[:1].islower()
    )
    for phrase in (short, head):
        name = _person_name(phrase, text, appositive)
        if name:
            if phrase is head and short != head and _describes_other(short):
                # "a spokesman for Bernie Sanders", "Supporters of Sanders":
                # the speaker is the one described, not the one named after
                # ("The senator from Vermont": one person, described).
                first, last = short.split()[0].casefold(), short.split()[-1].casefold()
                if first == "the" and last in _HUMAN_NOUNS:
                    return PERSON_DESCRIPTION, None
                return NO_PERSON, None
            return NAMED, name
    described_head = (
        not head.split()[0][:1].isupper()
        or head.split()[0].casefold() in ("another", "a", "an", "his", "her", "their", "one")
        or re.search(r"['\u2019]s\b", head) is not None
    )
    if len(parts) > 1 and described_head:
        # "Another critic, Laurence H. Tribe,", "Apple's chief executive,
        # Tim Cook,": the name is the appositive.
        name = _person_name(parts[1], text, True)
        if name and len(name.split()) >= 2:
            return NAMED, name
    words = _WORD_RE.findall(short)
    if not words:
        return NO_PERSON, None
    first = words[0].casefold()
    last = words[-1].casefold().strip(".\u2019'")
    if last in _ORG_HEADS or words[-1].endswith(("\u2019s", "'s")) or words[0][:1].isupper() and not first in ("the",):
        return NO_PERSON, None
    plural = last.endswith("s") and not last.endswith("ss") and last not in _HUMAN_PLURAL_EXCEPTIONS
    if plural or first in _DETERMINERS_INDEFINITE:
        return NO_PERSON, None
    human = last in _HUMAN_NOUNS or last.endswith(("er", "or", "ist", "man", "woman", "ian", "ent", "ant"))
    if human and (first in ("the", "this", "that") or first.endswith(("\u2019s", "'s"))):
        return PERSON_DESCRIPTION, None
    return NO_PERSON, None


def _joined(text: str, pieces: list[Span]) -> list[Span]:
    """Fragments of one Content with nothing but whitespace between them
    are one passage (annotators sometimes cut a quote at a sentence)."""
    out: list[Span] = []
    for a, b in sorted(pieces):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def read_article(split_dir: Path, name: str, ann_files: list[str], all_annotators: bool = False) -> Article:
    """One article with the gold of its first annotation file (sorted), or,
    with ``all_annotators``, of all of them: a quote only some annotated is
    kept, one they gave different Sources is left out."""
    text = (split_dir / "text" / f"{name}.txt").read_text(encoding="utf-8")
    files = sorted(ann_files) if all_annotators else sorted(ann_files)[:1]
    readings = [_read_annotation(split_dir / "attributions" / f, name, text) for f in files]
    article = readings[0]
    if len(readings) == 1:
        return article
    by_span: dict[Span, list[GoldQuote]] = defaultdict(list)
    for reading in readings:
        for q in reading.quotes:
            by_span[(q.start, q.end)].append(q)
    article.quotes = sorted(
        (qs[0] for qs in by_span.values() if all(_same_source(qs[0], q) for q in qs[1:])), key=lambda q: q.start
    )
    return article


def _same_source(a: GoldQuote, b: GoldQuote) -> bool:
    if a.source_span is None or b.source_span is None:
        return a.source_span is None and b.source_span is None
    if a.source_span[0] < b.source_span[1] and b.source_span[0] < a.source_span[1]:
        return True
    return a.kind == b.kind == NAMED and bool(a.name and b.name) and a.name.split()[-1] == b.name.split()[-1]  # type: ignore[union-attr]


def _read_annotation(path: Path, name: str, text: str) -> Article:
    spans, relations = _parse_ann(path)
    article = Article(name, text)
    seen: set[Span] = set()
    for rel in relations:
        content = rel.get("Content")
        if content not in spans:
            continue
        pieces = _joined(text, spans[content][1])
        if not any(quoted_segments(text, a, b) for a, b in pieces):
            continue
        source_id = rel.get("Source")
        source_text: str | None = None
        source_span: Span | None = None
        if source_id in spans:
            s_pieces = spans[source_id][1]
            source_text = " ".join(text[a:b] for a, b in s_pieces)
            source_span = (s_pieces[0][0], s_pieces[-1][1])
        kind, name_ = source_kind(source_text, text)
        for a, b in pieces:
            for seg in quoted_segments(text, a, b):
                if seg in seen:
                    continue
                seen.add(seg)
                article.quotes.append(GoldQuote(seg[0], seg[1], source_text, source_span, kind, name_))
    article.quotes.sort(key=lambda q: q.start)
    return article


@lru_cache(maxsize=1)
def source_fixes() -> dict[tuple[str, str, int], tuple[str, str | None]]:
    """(split, article, Source start) -> (kind, name): the Sources whose
    kind the rules get wrong, corrected by a person reading each in its
    article (``tests/nlp/data/polnear_source_fixes.json``; never by asking
    the tagger or the attributor)."""
    if not SOURCE_FIXES.is_file():
        return {}
    data = json.loads(SOURCE_FIXES.read_text(encoding="utf-8"))
    return {(f["split"], f["article"], f["start"]): (f["kind"], f["name"]) for f in data["fixes"]}


def _apply_fixes(split: str, article: Article) -> None:
    fixes = source_fixes()
    for k, q in enumerate(article.quotes):
        fix = fixes.get((split, article.name, q.source_span[0])) if q.source_span else None
        if fix is not None:
            article.quotes[k] = GoldQuote(q.start, q.end, q.source, q.source_span, fix[0], fix[1])


def read_split(
    split: str, root: Path = POLNEAR, all_annotators: bool = False, apply_fixes: bool = True
) -> list[Article]:
    """Every article of ``split`` ("train" or "dev"), in name order, with
    the hand corrections of :func:`source_fixes` (unless ``apply_fixes`` is
    false)."""
    split_dir = root / split
    by_article: dict[str, list[str]] = defaultdict(list)
    for path in (split_dir / "attributions").glob("*.ann"):
        by_article[path.stem.rsplit("_", 1)[0]].append(path.name)
    articles = [read_article(split_dir, name, files, all_annotators) for name, files in sorted(by_article.items())]
    if apply_fixes:
        for article in articles:
            _apply_fixes(split, article)
    return articles

