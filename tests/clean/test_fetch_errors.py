"""fetch_errors: status lines and error-page text at the edges go, error-only pages are dropped, articles stay."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.decode import Decode
from thresher.clean.fetch_errors import FetchErrors
from thresher.clean.normalize import Normalize
from thresher.document import Document, covered
from thresher.registry import registered

from ..conftest import remainder

BODY = (
    "Harbour Town Votes to Rebuild Its Flood Wall\n"
    "The harbour town of Kessling voted on Tuesday to rebuild its flood wall, three years after the storm "
    "that put the high street under a metre of water.\n"
    "Residents who packed the town hall were mostly in favour, and several asked the council to start the "
    "work before the autumn tides arrive.\n"
    "Work is expected to begin in the spring and to take two years, with the county covering half of the bill."
)


def run(text: str) -> Document:
    return FetchErrors()(Document("t", text))


def test_registered_by_name():
    assert registered("rule")["fetch_errors"] is FetchErrors


@pytest.mark.parametrize(
    "block",
    [
        "404",
        "404\nPage not found",
        "HTTP/1.1 503 Service Unavailable",
        "Error 500",
        "410 Gone",
        "Error 404 - Not Found\nThe page you requested could not be found. It may have been moved or deleted.",
        "Oops! That page can’t be found.\nIt looks like nothing was found at this location. Maybe try a search?",
        "Sorry!!\nWe can't seem to find the page you're looking for.\nGo back to the homepage",
        "Access Denied\nYou don't have permission to access /news/flood-wall.html on this server.",
        "Attention Required! | Cloudflare\nPlease enable cookies.\nSorry, you have been blocked\nYou are unable to access example.org",
        "Please verify you are a human\nPress & Hold to confirm you are a human (and not a bot).",
        "Request unsuccessful. Incapsula incident ID: 877000340123456789-123456789012345678",
        "Your browser does not support the video tag.",
        "Skip to content\nMenu\n404\nThis page doesn't exist or has been removed.",
        "Seite nicht gefunden\nDie angeforderte Seite konnte nicht gefunden werden.",
        "Erreur 404\nPage introuvable",
        "Página no encontrada",
        "Página não encontrada",
        "Ошибка 404\nСтраница не найдена",
        "404\nページが見つかりません",
    ],
)
def test_error_block_at_the_top_goes_and_the_article_stays(block):
    doc = run(f"{block}\n\n{BODY}\n")
    assert doc.dropped is None
    assert doc.text.strip() == BODY
    assert covered(doc.removed, 0, len(block))
    assert all(r.rule == "fetch_errors" and r.detail for r in doc.removed)


@pytest.mark.parametrize(
    "block",
    [
        "429 Too Many Requests",
        "502 Bad Gateway\nnginx/1.18.0",
        "Please enable JavaScript to view the comments powered by Disqus.",
        "You have exceeded the rate limit. Please try again later.",
    ],
)
def test_error_block_at_the_bottom_goes(block):
    doc = run(f"{BODY}\n{block}\n")
    assert doc.text.rstrip() == BODY
    start = len(BODY) + 1
    assert covered(doc.removed, start, start + len(block))


def test_detail_names_the_status_and_the_phrase():
    doc = run(f"404\nPage not found\n{BODY}")
    assert [r.detail for r in doc.removed] == ['status 404 + "page not found"']


@pytest.mark.parametrize(
    "page, expect",
    [
        (("404 Not Found\nThe requested URL /foo/bar.html was not found on this server.\n"
         "Apache/2.4.41 (Ubuntu) Server at example.com Port 80"), "status 404"),
        (("Checking your browser before accessing example.com.\nThis process is automatic. Your browser will "
         "redirect to your requested content shortly.\nPlease allow up to 5 seconds…\nDDoS protection by Cloudflare\n"
         "Ray ID: 5f1a2b3c4d5e6f70"), "checking your browser"),
        ("You need to enable JavaScript to run this app.", "enable javascript"),
        (("Site is under maintenance\nWe'll be back soon!\nSorry for the inconvenience but we're performing some "
         "maintenance at the moment."), "maintenance"),
        ("Home\nAbout\nContact\nOops! 404\nThe page you are looking for does not exist.\nBack to home", "status 404"),
        ("502 Bad Gateway\nnginx", "bad gateway"),
        ("Страница не найдена\nВернуться на главную", "страница не найдена"),
    ],
)
def test_a_document_that_is_only_an_error_page_is_dropped(page, expect):
    doc = run(page)
    assert doc.dropped == "fetch_error"
    assert expect in doc.drop_detail
    assert doc.removed == [] and doc.text == page


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        # an article about 404 errors, quoting the phrases inside long sentences
        ("What Is a 404 Error and How Do You Fix It?\n"
        "A 404 error means the server could not find the page you asked for. When you see \"Page not found\" in "
        "your browser, the link you followed is usually broken or the page was moved without a redirect.\n"
        "Site owners should watch their logs for 404 responses and add redirects for pages that moved, because "
        "visitors who hit an error page rarely come back."),
        "The minister said \"access denied\" was the only answer he got when he asked the agency for the files.\n"
        + BODY,
        "2019\n" + BODY,  # a year is not a status code
        BODY + "\n403\n" + BODY,  # a number inside the body
        BODY + "\n403",  # a bare number at the end (a page number) without error text
        "How to Fix 403 Forbidden Errors in Nginx\n" + BODY,
        "Access denied to the archive, historians turn to private letters\n"
        "For decades the ministry refused to open its files, so the historians who wanted to study the war years "
        "turned to letters kept by families, which turned out to be a richer source than anyone expected.\n" + BODY,
    ],
)
def test_articles_come_through_unchanged(text):
    doc = run(text)
    assert doc.dropped is None
    assert doc.removed == [] and doc.text == text


def test_seed_loses_the_status_and_soft_404_lines_only(seed_text):
    doc = Document("seed", seed_text)
    for step in (Decode(), Normalize(), FetchErrors()):
        doc = step(doc)
    assert doc.dropped is None
    starts = _line_starts(seed_text)
    assert covered(doc.removed, starts[1], starts[5])  # lines 2-5
    body = (starts[5], starts[13])  # lines 6-13
    assert not any(r.start < body[1] and r.end > body[0] for r in doc.removed)
    assert doc.text.startswith("Kremlin states Putin")
    assert doc.removed[0].detail.startswith("status 403 + ")


def test_dev_gold_pages_are_left_alone(dev_pages):
    total = removed = 0
    for page in dev_pages:
        gold = (page / "gold.txt").read_text(encoding="utf-8")
        doc = run(gold)
        assert doc.dropped is None, (page.name, doc.drop_detail)
        total += len(gold)
        removed += doc.removed_chars
    assert removed < 0.005 * total


_text = st.lists(
    st.one_of(
        st.sampled_from(["404", "Page not found", "Access Denied", "Sorry!!", "", "Home", "HTTP/1.1 503",
                         "Please enable JavaScript.", "2019", "Ошибка", "ページが見つかりません"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
        st.just(BODY),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_text)
def test_removals_are_exact_spans_of_the_input(text):
    doc = run(text)
    assert _ws(remainder(doc)) == _ws(doc.text)


def _ws(s: str) -> str:
    return " ".join(s.split())


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]
