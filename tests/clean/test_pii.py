"""pii: e-mail, phone and IP redaction; precision and recall on a labelled set; look-alikes survive."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thresher.clean.pii import Pii
from thresher.document import Document
from thresher.registry import registered

# (text, the PII strings in it with their kind): phone formats of several countries, and numbers
# that only look like PII (versions, section numbers, dates, ISBNs, prices, years, times, counts)
LABELLED: list[tuple[str, list[tuple[str, str]]]] = [
    ("Write to jane.doe@example.org for the agenda.", [("jane.doe@example.org", "email")]),
    ("Contact: press-office+kessling@council.gov.uk or info@kessling.co.", [
        ("press-office+kessling@council.gov.uk", "email"), ("info@kessling.co", "email")]),
    ("US office (555) 123-4567, toll free 1-800-555-0199.", [("(555) 123-4567", "phone"), ("1-800-555-0199", "phone")]),
    ("Call 212.555.0147 or +1 415 555 0132 after noon.", [("212.555.0147", "phone"), ("+1 415 555 0132", "phone")]),
    ("London desk: +44 20 7946 0958; mobile 07700 900123.", [("+44 20 7946 0958", "phone"), ("07700 900123", "phone")]),
    ("Berlin: +49 30 12345678 or 030 1234-5678.", [("+49 30 12345678", "phone"), ("030 1234-5678", "phone")]),
    ("Paris : 01 23 45 67 89, portable 06.12.34.56.78.", [("01 23 45 67 89", "phone"), ("06.12.34.56.78", "phone")]),
    ("Mumbai +91 98765 43210 and Sydney (02) 9876 5432.", [("+91 98765 43210", "phone"), ("(02) 9876 5432", "phone")]),
    ("Tokyo office 03-1234-5678, São Paulo +55 11 91234-5678.", [("03-1234-5678", "phone"), ("+55 11 91234-5678", "phone")]),
    ("Tel: 4930123456 (reception).", [("4930123456", "phone")]),
    ("Australian mobile 0412 345 678 works too.", [("0412 345 678", "phone")]),
    ("Berlin (old style): +49 (0)30 1234 5678.", [("+49 (0)30 1234 5678", "phone")]),
    ("The server at 192.168.1.20 answered, then 8.8.8.8 did.", [("192.168.1.20", "ipv4"), ("8.8.8.8", "ipv4")]),
    ("Requests came from 2001:db8:85a3::8a2e:370:7334 and fe80::1ff:fe23:4567:890a.", [
        ("2001:db8:85a3::8a2e:370:7334", "ipv6"), ("fe80::1ff:fe23:4567:890a", "ipv6")]),
    ("Full form 2001:0db8:0000:0000:0000:ff00:0042:8329 is also an address.", [
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", "ipv6")]),
    # look-alikes: nothing here is PII
    ("Upgrade to version 10.2.0.1 or v 1.2.3.4 today; see section 4.1.2.3.", []),
    ("Firmware 2.14.0.3 ships with build 7.1.0.12 and release v3.0.0.1.", []),
    ("The vote is on 2024-01-15, results on 12.03.2024 and 01/02/2024.", []),
    ("ISBN 978-3-16-148410-0 and ISBN-10 0-306-40615-2, ISSN 2049-3630.", []),
    ("Prices rose to $1,234,567 and €12 500 000 from 1998-2004.", []),
    ("The town had 8 336 817 residents in 2011 and 8 799 800 in 2021.", []),
    ("Kick-off at 10:30:45, ratio 3:2, MAC 00:1A:2B:3C:4D:5E, code std::vector<int>.", []),
    ("Invoice 0123 4567 89 was paid; order #555 123 4567 shipped.", []),
    ("Between 1914 1918 1939 1945 the town changed hands four times.", []),
    ("Pi is 3.14159265 and the score was 4.5.6.", []),
    ("Reach us at name [at] example [dot] org or visit example.org/contact.", []),
]


def found(text: str) -> set[tuple[str, str]]:
    return {(text[a:b], kind) for a, b, kind in Pii().spans(text)}


def test_registered():
    assert registered("rule")["pii"] is Pii


def test_precision_and_recall_on_the_labelled_set():
    tp = fp = fn = 0
    for text, gold in LABELLED:
        got, want = found(text), set(gold)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"pii precision {precision:.3f} recall {recall:.3f} ({tp} tp, {fp} fp, {fn} fn)")
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize("text,gold", LABELLED, ids=[t[:30] for t, _ in LABELLED])
def test_each_labelled_example(text, gold):
    assert found(text) == set(gold)


def test_replacements_are_recorded_and_counted():
    text = "Mail jane.doe@example.org or call +44 20 7946 0958 from 10.0.0.7 (v 1.2.3.4)."
    rule = Pii()
    doc = rule(Document("p", text))
    assert doc.text == "Mail <EMAIL> or call <PHONE> from <IP_ADDRESS> (v 1.2.3.4)."
    removed = {(doc.input[r.start:r.end], r.detail) for r in doc.removed}
    assert removed == {("jane.doe@example.org", "email"), ("+44 20 7946 0958", "phone"), ("10.0.0.7", "ipv4")}
    assert all(r.rule == "pii" for r in doc.removed)
    assert rule.stats["pii.email"] == rule.stats["pii.phone"] == rule.stats["pii.ipv4"] == 1


def test_placeholders_are_configurable_and_kinds_can_be_off():
    doc = Pii(email="[email]", phone=None)(Document("p", "a@b.org, +44 20 7946 0958"))
    assert doc.text == "[email], +44 20 7946 0958"


def test_private_addresses_can_be_kept():
    doc = Pii(keep_private_ips=True)(Document("p", "LAN 192.168.1.20, WAN 81.2.69.160."))
    assert doc.text == "LAN 192.168.1.20, WAN <IP_ADDRESS>."


_VERSION = st.tuples(*[st.integers(0, 255)] * 4).map(lambda q: ".".join(map(str, q)))


@settings(max_examples=100, deadline=None)
@given(_VERSION, st.sampled_from(["version ", "v", "Version ", "build ", "release ", "firmware "]))
def test_dotted_quad_after_version_word_survives(quad, word):
    assert Pii().spans(f"Install {word}{quad} now.") == []


@settings(max_examples=100, deadline=None)
@given(st.dates(), st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d"]))
def test_dates_survive(date, fmt):
    assert Pii().spans(f"The meeting on {date.strftime(fmt)} was cancelled.") == []


@settings(max_examples=100, deadline=None)
@given(_VERSION)
def test_bare_dotted_quad_is_an_address(quad):
    assert [k for _, _, k in Pii().spans(f"Traffic from {quad} was blocked.")] == ["ipv4"]


def test_placeholders_keep_the_text_around_them():
    text = " ".join(t for t, _ in LABELLED)
    out = Pii()(Document("p", text)).text
    assert re.sub(r"<(EMAIL|PHONE|IP_ADDRESS)>", "", out).count("@") == 0
    assert "version 10.2.0.1" in out and "ISBN 978-3-16-148410-0" in out and "2024-01-15" in out
