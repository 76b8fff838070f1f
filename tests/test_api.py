"""The public API: the seed document comes out as the clean article, and __all__ stays honest."""

from __future__ import annotations

import thresher
from thresher.document import covered

from .conftest import line_span


def test_seed_comes_out_as_the_article(seed_text):
    r = thresher.clean(seed_text)
    lines = seed_text.split("\n")
    assert r.text == "\n".join(lines[5:13])  # lines 6-13: the headline, the lede and six paragraphs
    assert r.dropped is None
    assert r.metadata["title"] == "Kremlin states Putin, Trump trust one another"
    assert r.metadata["source"] == "MENAFN"
    assert r.metadata["language"] == "en"
    assert r.metadata["words"] == len(r.text.split())


def test_seed_removals_name_their_rules_and_spare_the_article(seed_text):
    r = thresher.clean(seed_text)
    by_rule: dict[str, list] = {}
    for rem in r.removed:
        assert seed_text[rem.start:rem.end] == r.input[rem.start:rem.end]
        by_rule.setdefault(rem.rule, []).append(rem)
    assert covered(by_rule["fetch_errors"], *line_span(seed_text, 2, 5))
    assert covered(by_rule["repetition"], *line_span(seed_text, 14, 19))
    assert covered(by_rule["boilerplate"], *line_span(seed_text, 21, 24))
    assert {rem.detail for rem in by_rule["boilerplate"]} == {"disclaimer", "comments"}
    a, b = line_span(seed_text, 6, 13)
    assert all(rem.end <= a or rem.start >= b for rem in r.removed)
    # records never overlap: each input character is explained by one rule
    spans = sorted((x.start, x.end) for x in r.removed)
    assert all(p[1] <= q[0] for p, q in zip(spans, spans[1:]))


def test_bytes_in_and_metadata_passed_through():
    text = ("Le conseil municipal a voté mardi la création de trois nouvelles pistes cyclables le long du fleuve, "
            "un projet discuté depuis plus de deux ans.\nLes travaux commenceront au printemps prochain.")
    r = thresher.clean(text.encode("cp1252"), url="https://www.exemple.fr/2024/03/12/velo", source="Exemple")
    assert r.text == text
    assert r.metadata["encoding"] == "cp1252"
    assert r.metadata["source"] == "Exemple" and r.metadata["language"] == "fr"
    assert r.metadata["date"] == "2024-03-12"


def test_error_page_alone_is_dropped_with_its_text_kept():
    r = thresher.clean("HTTP/1.1 429 Too Many Requests\nYou have exceeded the rate limit. Please try again later.")
    assert r.dropped == "fetch_error" and "429" in r.drop_detail


def test_cleaner_reuses_one_pipeline():
    c = thresher.Cleaner()
    a = c.clean("A short note about the weather, which was fine all week and should stay that way.")
    b = c.clean("")
    assert a.dropped is None and b.dropped == "empty"


def test_all_is_exactly_the_public_api():
    public = {name for name in dir(thresher) if not name.startswith("_")} - {
        "api", "cli", "clean", "config", "document", "errors", "executors", "filters", "io", "pipeline",
        "registry", "runner", "stats", "step", "tokens", "dedup"}
    assert public | {"clean"} == set(thresher.__all__) - {"__version__"}
    for name in thresher.__all__:
        assert hasattr(thresher, name)
