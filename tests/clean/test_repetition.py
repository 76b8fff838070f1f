"""repetition: later copies of long paragraphs and of runs anchored by them go; short repeats stay."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.decode import Decode
from thresher.clean.fetch_errors import FetchErrors
from thresher.clean.normalize import Normalize
from thresher.clean.repetition import Repetition
from thresher.document import Document, covered
from thresher.registry import registered

from ..conftest import remainder

P = [
    ("The harbour town of Kessling voted on Tuesday to rebuild its flood wall, three years after the storm "
    "that put the high street under a metre of water."),
    ("Residents who packed the town hall were mostly in favour, and several asked the council to start the work "
    "before the autumn tides arrive."),
    ("Work is expected to begin in the spring and to take two years, with the county covering half of the bill "
    "and a loan paying for the rest."),
    ("Engineers said the new wall would be a metre higher than the old one and would follow the old line along "
    "the quay for most of its length."),
]
TITLE = "Kessling Votes to Rebuild Its Flood Wall"


def run(text: str) -> Document:
    return Repetition()(Document("t", text))


def test_registered_by_name():
    assert registered("rule")["repetition"] is Repetition


def test_whole_body_twice_keeps_the_first_copy():
    first = "\n".join([TITLE, *P])
    doc = run(first + "\n" + first)
    assert doc.text == first
    assert [r.detail for r in doc.removed] == ["repeat of lines 1–5"]


def test_body_three_times():
    body = "\n\n".join(P)
    doc = run(f"{body}\n\n{body}\n\n{body}")
    assert doc.text.strip() == body
    assert [r.detail for r in doc.removed] == ["repeat of lines 1–7"]  # copies 2 and 3 touch: one span


def test_run_of_middle_paragraphs_repeated():
    lines = [TITLE, P[0], P[1], P[2], "Comments", P[1], P[2], P[3]]
    doc = run("\n".join(lines))
    assert doc.text == "\n".join([TITLE, P[0], P[1], P[2], "Comments", P[3]])
    assert doc.removed[0].detail == "repeat of lines 3–4"


def test_single_paragraph_repeated_with_other_case_and_punctuation():
    copy = P[0].upper().replace(",", "").replace(".", "!")
    doc = run("\n".join([P[0], P[1], copy, P[2]]))
    assert doc.text == "\n".join([P[0], P[1], P[2]])
    assert doc.removed[0].detail == "repeat of line 1"


@pytest.mark.parametrize(
    "copy",
    [
        P[1].replace("Tuesday", "Monday").replace("several", "some").replace("autumn", "winter"),
        P[1][: len(P[1]) * 2 // 3] + "…",
        P[1][:70] + "...",
        P[1].replace("were mostly in favour", "mostly supported the plan"),
    ],
)
def test_near_copies_go(copy):
    doc = run("\n".join([P[0], P[1], P[2], copy, P[3]]))
    assert doc.text == "\n".join([P[0], P[1], P[2], P[3]])
    assert doc.removed[0].detail == "repeat of line 2"


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(P),
        # short lines that repeat legitimately: labels, cells, ads, a refrain
        "\n".join(["Q:", "Is the wall finished?", "A:", "No", "Advertisement", P[0], "Q:", "When will it be?", "A:",
                   "No", "Advertisement", P[1]]),
        "Team\nWon\nLost\nKessling\n0\n3\nMarlow\n0\n3\nYes\nYes",
        "\n".join(["Oh the river runs so high tonight", "And the wall will hold the water back", P[0],
                   "Oh the river runs so high tonight", "And the wall will hold the water back", P[1]]),
        # two different paragraphs that share a long phrase
        P[0] + "\nThe harbour town of Kessling voted on Tuesday to close its library, which had been losing money "
        "for a decade and needed a new roof.",
        # a short sentence repeating the end of a longer one (Japanese: 18 characters is not a paragraph)
        ("しかし、権利者の意思に基づくことなく改造を加えて販売した場合は、商標権侵害と判断される場合があります。\n"
        "商標権侵害と判断される場合があります。"),
    ],
)
def test_texts_without_long_repeats_are_unchanged(text):
    doc = run(text)
    assert doc.removed == [] and doc.text == text


def test_short_lines_go_with_the_run_they_belong_to():
    block = [TITLE, P[0], "Advertisement", P[1]]
    doc = run("\n".join(block + ["Read more", *block]))
    assert doc.text == "\n".join(block + ["Read more"])


def test_many_runs_share_one_detail():
    paras = [" ".join(f"w{i}x{j}" for j in range(20)) + "." for i in range(20)]  # 20 unrelated paragraphs
    text = "\n".join(f"{p}\nBreak {i}\n{p}" for i, p in enumerate(paras))
    doc = run(text)
    assert doc.text == "\n".join(f"{p}\nBreak {i}" for i, p in enumerate(paras))
    assert {r.detail for r in doc.removed} == {"repeats of earlier lines (20 runs)"}


def test_seed_loses_its_second_copy_only(seed_text):
    doc = Document("seed", seed_text)
    for step in (Decode(), Normalize(), FetchErrors(), Repetition()):
        doc = step(doc)
    starts = [0] + [m.end() for m in re.finditer("\n", seed_text)]
    mine = [r for r in doc.removed if r.rule == "repetition"]
    assert covered(mine, starts[13], starts[19] - 1)  # lines 14-19
    assert not any(r.start < starts[13] - 1 and r.end > starts[5] for r in mine)  # lines 6-13 untouched
    assert not any(r.start < starts[13] and r.end > starts[5] for r in doc.removed)
    assert [r.detail for r in mine] == ["repeat of lines 8–13"]


def test_dev_gold_pages_are_left_alone(dev_pages):
    total = removed = 0
    for page in dev_pages:
        gold = (page / "gold.txt").read_text(encoding="utf-8")
        doc = FetchErrors()(Repetition()(Document(page.name, gold)))
        assert doc.dropped is None, (page.name, doc.drop_detail)
        total += len(gold)
        removed += doc.removed_chars
    assert removed < 0.005 * total


_text = st.lists(
    st.one_of(st.sampled_from(P + [TITLE, "", "Advertisement", "0", P[0][:50] + "…", P[2].upper()]),
              st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)),
    max_size=14,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_removals_are_exact_spans_of_the_input(text):
    doc = run(text)
    assert " ".join(remainder(doc).split()) == " ".join(doc.text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_plain_word_pattern_tokenises_text_without_cjk_as_the_full_one(text):
    from thresher.clean import repetition
    from thresher.tokens import CJK_RE

    text = CJK_RE.sub(" ", text)
    assert repetition._WORD.findall(text) == repetition._TOKEN.findall(text)


def _plain_key(line: str) -> tuple:
    """The key, size and tokens by the definition: _TOKEN over the lowercased line."""
    from thresher.clean import repetition
    from thresher.tokens import CJK_RE

    toks = repetition._TOKEN.findall(line.lower())
    size = len(toks) if line.isascii() else len(toks) - len(CJK_RE.findall(line)) / 2
    return (" ".join(toks) if toks else line.strip()), size, toks


_LINE_CHARS = (st.sampled_from(list("aZ9_ .,'-!\t\u212aİéя’—\u00a0“”–…\u2000‿⁀⁰\u0080"))
               | st.characters(blacklist_categories=("Cs",)))


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LINE_CHARS, max_size=60).map("".join))  # (st.text would draw mostly from the list's start)
def test_key_without_cjk_as_the_definition(line):
    from thresher.clean import repetition
    from thresher.tokens import CJK_RE

    line = CJK_RE.sub(" ", line)
    got, want = repetition._key(line, 20_000, repetition._WORD), _plain_key(line)
    assert got == want
    assert type(got[1]) is type(want[1])  # int for ASCII lines, float otherwise, as before


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("aZ9_ .,'-!\t\x7f\x00\n")) | st.characters(max_codepoint=127), max_size=60).map("".join))
def test_key_of_ascii_lines_as_the_definition(line):
    from thresher.clean import repetition

    got, want = repetition._key(line, 20_000, repetition._WORD), _plain_key(line)
    assert got == want
    assert type(got[1]) is int


def test_key_of_real_lines():
    from thresher.clean import repetition

    assert repetition._key("The U.S. economy grew 3.5% (don't panic).", 99, repetition._WORD) == (
        "the u s economy grew 3 5 don t panic", 10, ["the", "u", "s", "economy", "grew", "3", "5", "don", "t", "panic"])
    assert repetition._key("Café’s menu", 99, repetition._WORD) == ("café s menu", 3.0, ["café", "s", "menu"])
    assert repetition._key("“Don’t” — she said…", 99, repetition._WORD) == ("don t she said", 4.0, ["don", "t", "she", "said"])
    assert repetition._key("日本語 text", 99, repetition._TOKEN) == ("日 本 語 text", 2.5, ["日", "本", "語", "text"])


def _sources_eager(rule: Repetition, lines, idx, keys, sizes, anchor, shingled) -> dict[int, int]:
    """_sources with every indexed line's shingles posted at once (as it was written before the lazy start)."""
    from collections import Counter

    from thresher.clean.repetition import _ELLIPSIS, _HEAD

    first, src, post1, post_more, heads = {}, {}, {}, {}, {}
    for p, key in enumerate(keys):
        q = first.setdefault(key, p)
        if not anchor[p]:
            if sizes[p] >= rule.min_words / 2 and _ELLIPSIS.search(lines[idx[p]]):
                cut = key.rsplit(" ", 1)[0]
                for q in heads.get(" ".join(cut.split(" ", _HEAD)[:_HEAD]), ()):
                    if keys[q].startswith(cut):
                        src[p] = q
                        break
            continue
        if q != p:
            src[p] = q
            continue
        if len(lines[idx[p]]) > rule.max_near_chars:
            continue
        sh = shingled(p)
        if not sh:
            continue
        seen = sh & post1.keys()
        if seen:
            hits = Counter(map(post1.__getitem__, seen))
            for h in seen & post_more.keys():
                hits.update(post_more[h])
            n = max(hits.values())
            best = min(q for q, c in hits.items() if c == n)
            if n >= rule.min_containment * len(sh):
                src[p] = best
                continue
        head = heads.setdefault(" ".join(key.split(" ", _HEAD)[:_HEAD]), [])
        if len(head) < rule.max_postings:
            head.append(p)
        post1.update(dict.fromkeys(sh - seen, p) if seen else dict.fromkeys(sh, p))
        for h in seen:
            more = post_more.setdefault(h, [])
            if len(more) < rule.max_postings - 1:
                more.append(p)
    return src


_SHINGLE_WORDS = st.sampled_from(["the", "harbour", "wall", "council", "met", "on", "tuesday", "new", "ferry", "line",
                                  "storm", "winter", "a", "of", "to", "…", "...", ""])
_SOURCE_LINE = st.lists(_SHINGLE_WORDS, min_size=0, max_size=24).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_SOURCE_LINE | st.sampled_from(P), min_size=2, max_size=16),
       st.sampled_from([{}, {"min_words": 4}, {"min_words": 6, "max_postings": 2}, {"min_containment": 0.3}]))
def test_sources_with_lazy_postings_as_eager(lines, params):
    # few distinct words: lines share shingles at every point of a document, early and late
    from thresher.clean.repetition import _WORD, _key, _Vocab

    rule = Repetition(**params)
    idx = [i for i, line in enumerate(lines) if line.strip()]
    keys, sizes, tokens = zip(*(_key(lines[i], rule.max_near_chars, _WORD) for i in idx)) if idx else ((), (), ())
    anchor = [s >= rule.min_words for s in sizes]
    vocab, cache = _Vocab(), {}

    def shingled(p):
        if p not in cache:
            cache[p] = rule._shingles(tokens[p], vocab, 1)
        return cache[p]

    args = (lines, idx, list(keys), list(sizes), anchor, shingled)
    assert rule._sources(*args) == _sources_eager(rule, *args)


def _find_by_definition(rule: Repetition, doc: Document) -> list:
    """find as first written: every line keyed by _TOKEN over the lowercased line, sources found with
    eager postings."""
    from thresher.clean.repetition import _Vocab

    lines = doc.lines
    idx = [i for i, line in enumerate(lines) if line.strip()]
    if len(idx) < 2:
        return []
    keys, sizes, tokens = [], [], []
    for i in idx:
        if len(lines[i]) > rule.max_near_chars:
            key, size, toks = "\0" + lines[i].lower(), rule.max_near_chars, []
        else:
            key, size, toks = _plain_key(lines[i])
        keys.append(key)
        sizes.append(size)
        tokens.append(toks)
    anchor = [s >= rule.min_words for s in sizes]
    vocab = _Vocab()
    sample = max(1, -(-sum(s for s, a in zip(sizes, anchor) if a) // rule.max_shingles))
    cache = {}

    def shingled(p):
        if p not in cache:
            cache[p] = rule._shingles(tokens[p], vocab, sample)
        return cache[p]

    src = _sources_eager(rule, lines, idx, keys, sizes, anchor, shingled)
    if not src:
        return []
    return rule._grow(doc, idx, keys, anchor, shingled, src)  # the same runs grown from the same sources


# characters where a shortcut could part from the definition: case that changes length or context
# (İ, final sigma, Kelvin sign), General Punctuation, other non-ASCII word and non-word characters,
# CJK, ellipses, a NUL, spaces
_EDGE = ["İ", "Σ", "ΟΔΟΣ", "\u212a", "’", "“", "—", "…", "...", "[…]", "é", "Ü", "я", "\u0301", "日本", "ไทย",
         "\u00a0", "\u3000", "\x00", "_", "3.5", "don't", "\t", "€", "\u2000", "\ufffd", "ß", "ǅ"]
_WORDS = st.sampled_from(["the", "harbour", "wall", "council", "met", "on", "tuesday", "new", "ferry", "line",
                          "storm", "winter", "a", "of", "to", "Town", "HALL"]) | st.sampled_from(_EDGE)
_FEW_WORDS = st.sampled_from(["the", "wall", "met", "a", "Town", "é", "’", "…"])
_DOC_LINE = (st.lists(_WORDS, min_size=0, max_size=22).map(" ".join)
             | st.lists(_FEW_WORDS, min_size=3, max_size=18).map(" ".join)
             | st.lists(_WORDS, min_size=0, max_size=22).map("".join)
             | st.sampled_from(P)
             | st.sampled_from(P).map(str.upper)
             | st.sampled_from(P).map(lambda p: p[: len(p) // 2] + "…")
             | st.sampled_from(P).map(lambda p: p[: len(p) // 3] + "zz ...")  # its last word not the source's
             | st.sampled_from(P).map(lambda p: p.replace(" the ", " a "))
             | st.sampled_from(["", " ", "Advertisement", "Share this:"]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(_DOC_LINE, min_size=0, max_size=14), st.data(),
       st.sampled_from([{}, {"min_words": 4}, {"min_words": 6, "max_postings": 2}, {"min_containment": 0.3},
                        {"max_postings": 1}, {"max_postings": 0}, {"min_containment": 1.0}, {"min_containment": 1.5},
                        {"min_containment": 0.0}, {"max_shingles": 20}, {"max_near_chars": 40},
                        {"min_words": 2}, {"shingle": 2, "min_words": 5}, {"min_words": 4, "min_containment": 0.0},
                        {"min_words": 4, "min_containment": 0.3}, {"min_words": 3, "max_postings": 1}]))
def test_find_as_the_definition(lines, data, params):
    # the whole rule (tokens from one translation of the text, sources from the union of shingles
    # and exact hits) against the rule as first written, on documents with many shared shingles
    if lines and data.draw(st.booleans()):  # a copy of some lines, further down
        a = data.draw(st.integers(0, len(lines) - 1))
        b = data.draw(st.integers(a, len(lines)))
        lines = lines + lines[a:b]
    rule = Repetition(**params)
    text = "\n".join(lines)
    assert rule.find(Document("d", text)) == _find_by_definition(rule, Document("d", text))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=8).map(" ".join) | st.lists(_LINE_CHARS, max_size=30).map("".join),
                max_size=6))
def test_tokens_of_a_whole_text_as_the_definition(lines):
    from thresher.clean.repetition import _plain_tokens
    from thresher.tokens import CJK_RE

    text = "\n".join(lines)
    lines = text.split("\n")  # (a drawn line may hold a newline)
    idx = [i for i, line in enumerate(lines) if line.strip()]
    got = _plain_tokens(text, lines, idx)
    if CJK_RE.search(text):
        assert got is None
    else:
        assert got == [_plain_key(lines[i])[2] for i in idx]


@pytest.mark.parametrize("max_postings", [0, 1, 2, 16])
def test_hits_count_only_the_first_postings(max_postings):
    # "a b c d e": its first two shingles are in both earlier lines, its third only in the second;
    # with one posting a shingle the first line has the most hits, with two the second
    q1 = "a b c d " + " ".join(f"u{i}" for i in range(10))
    q2 = "a b c d e f g " + " ".join(f"v{i}" for i in range(10))
    text = "\n".join([q1, q2, "a b c d e", "closing words here"])
    rule = Repetition(min_words=3, max_postings=max_postings)
    got = rule.find(Document("d", text))
    assert got == _find_by_definition(rule, Document("d", text))
    assert got[0][2] == ("repeat of line 1" if max_postings <= 1 else "repeat of line 2")
