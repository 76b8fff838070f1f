"""Rule ``pii``: e-mail addresses, phone numbers and IP addresses replaced by placeholders.

Each replacement is recorded as a removal of the input span under rule ``pii`` with the kind as
its detail (``email``, ``phone``, ``ipv4``, ``ipv6``) and counted in stats as ``pii.<kind>``.

Numbers that only look like PII stay: a dotted quad after "version", "v", "build", "section"…
is a version or a section number; dates (2024-01-15, 12.03.2024, 01/02/2024), year ranges,
ISBNs, prices and plain figures are not phone numbers.  A phone number needs a shape that phones
have: an international ``+`` prefix, a trunk ``0`` with separated groups, a North American
``(555) 123-4567`` layout, or a "tel"/"phone" label right before it.

>>> from thresher.document import Document
>>> Pii()(Document("d", "Mail jane.doe@example.org or call +44 20 7946 0958 (v 1.2.3.4).")).text
'Mail <EMAIL> or call <PHONE> (v 1.2.3.4).'
"""

from __future__ import annotations

import ipaddress
import re

from ..document import Document
from ..registry import register
from ..step import Step

KINDS = ("email", "ipv4", "ipv6", "phone")

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w-])"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.])(?<!\d\.){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)(?![\w])")
# candidate IPv6 text (validated by the ipaddress module): hex groups and colons, maybe a v4 tail
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:|:)(?::|[0-9A-Fa-f]{1,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|:|"
    r"(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])"
)
# words before a dotted quad that make it a version or a section number, not an address
_VERSION_CONTEXT = re.compile(
    r"(?:\b(?:version|versions|ver|v|release|build|firmware|update|patch|rev|revision|section|"
    r"chapter|clause|rule|article|art|sec|§|item|step|figure|fig|table)\.?\s*(?:number\s*|no\.?\s*|#\s*)?|\bv)$",
    re.IGNORECASE,
)
# a phone candidate: optional +CC, then groups of digits joined by one space, dot, dash or slash;
# an area code may sit in parentheses, a trunk zero as "(0)"
_PHONE = re.compile(
    r"(?<![\w+.,/-])(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?|\(\d{2,5}\)[ .-]?)?\d{1,12}(?:[ .\-/]\d{1,8}){0,5}"
    r"(?![\w]|[.,/-]\d)"
)
_PHONE_LABEL = re.compile(
    r"(?:tel|tél|phone|telephone|telefon|téléphone|fax|mobile|mob|cell|call|ph|whatsapp|hotline|"
    r"contact|numéro|nummer|número)\b\.?\s*(?:\(\w+\)\s*)?(?:number\s*)?(?:no\.?\s*)?[:#]?\s*$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^(?:(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|[12]\d|3[01])[-./](?:19|20)?\d\d)$"
)
_YEARS = re.compile(r"^(?:(?:1[5-9]|20)\d\d)(?:[ -/](?:(?:1[5-9]|20)\d\d))+$")
_NANP = re.compile(r"^(?:\+?1[ .-]?)?(?:\([2-9]\d\d\)[ .-]?|[2-9]\d\d[ .-])\d{3}[ .-]\d{4}$")
_DOTTED = re.compile(r"^\d{1,3}(?:\.\d{1,3}){2,3}$")  # 1.2.3 or 0.10.100.100: a version or an address
_ID_CONTEXT = re.compile(r"(?:isbn(?:-1[03])?|issn|doi|id|no|nr|#|order|invoice|ref|case|patent|[$€£¥₹])\W{0,3}$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:usd|eur|gbp|dollars?|euros?|pounds?|yen|rupees?|%|percent|million|billion)\b", re.IGNORECASE)


def _is_phone(cand: str, before: str, after: str) -> bool:
    """Whether a digit run found by ``_PHONE`` reads as a phone number in its context."""
    digits = sum(c.isdigit() for c in cand)
    if not 7 <= digits <= 15 or _DATE.match(cand) or _YEARS.match(cand):
        return False
    if _DOTTED.match(cand) or _VERSION_CONTEXT.search(before):
        return False
    if _ID_CONTEXT.search(before) or _MONEY_AFTER.match(after):
        return False
    labelled = bool(_PHONE_LABEL.search(before))
    if cand.startswith("+"):
        return digits >= 8
    if _NANP.match(cand):
        return True
    separated = bool(re.search(r"[ .\-/()]", cand))
    if cand.startswith(("0", "(0")) and separated:
        groups = re.findall(r"\d+", cand)
        # a trunk-zero number: 2+ groups, none longer than 5 digits... or a label says so
        return len(groups) >= 2 and digits >= 9 or labelled
    return labelled and digits >= 7


@register("pii")
class Pii(Step):
    """Replaces e-mail addresses, phone numbers and IPv4/IPv6 addresses with placeholders."""

    kind = "rule"

    def __init__(
        self,
        email: str | None = "<EMAIL>",
        phone: str | None = "<PHONE>",
        ipv4: str | None = "<IP_ADDRESS>",
        ipv6: str | None = "<IP_ADDRESS>",
        keep_private_ips: bool = False,
    ):
        super().__init__()
        # None turns a kind off
        self.placeholders = {"email": email, "ipv4": ipv4, "ipv6": ipv6, "phone": phone}
        self.keep_private_ips = keep_private_ips

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping ``(start, end, kind)`` of the PII in ``text``, earlier kinds winning."""
        found: list[tuple[int, int, str]] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        def add(a: int, b: int, kind: str) -> None:
            if free(a, b):
                found.append((a, b, kind))
                taken.append((a, b))

        on = self.placeholders
        if on["email"] is not None and "@" in text:
            for m in _EMAIL.finditer(text):
                add(m.start(), m.end(), "email")
        if on["ipv4"] is not None:
            for m in _IPV4.finditer(text):
                if _VERSION_CONTEXT.search(text[max(0, m.start() - 24):m.start()]):
                    continue
                if self.keep_private_ips and ipaddress.ip_address(m.group()).is_private:
                    continue
                add(m.start(), m.end(), "ipv4")
        if on["ipv6"] is not None and ("::" in text or text.count(":") >= 7):
            for m in _IPV6.finditer(text):
                try:
                    addr = ipaddress.IPv6Address(m.group())
                except ValueError:
                    continue
                if m.group().count(":") < 2 or sum(c.isalnum() for c in m.group()) < 3:
                    continue
                if not (self.keep_private_ips and addr.is_private):
                    add(m.start(), m.end(), "ipv6")
        if on["phone"] is not None:
            for m in _PHONE.finditer(text):
                cand = m.group().rstrip(" .-/")
                a, b = m.start(), m.start() + len(cand)
                if _is_phone(cand, text[max(0, a - 30):a], text[b:b + 12]):
                    add(a, b, "phone")
        return sorted(found)

    def __call__(self, doc: Document) -> Document:
        if doc.dropped is not None:
            return doc
        spans = self.spans(doc.text)
        if not spans:
            return doc
        # one recorded edit per kind; later spans shift by what earlier edits changed
        shifts: list[tuple[int, int]] = []  # (old end, length change)
        for kind in KINDS:
            mine = [(a, b) for a, b, k in spans if k == kind]
            if not mine:
                continue
            repl = self.placeholders[kind] or ""
            edits = []
            for a, b in mine:
                delta = sum(d for end, d in shifts if end <= a)
                edits.append((a + delta, b + delta, repl))
            doc.edit(edits, rule=self.name, detail=kind)
            shifts.extend((b, len(repl) - (b - a)) for a, b in mine)
            self.stats.count(f"pii.{kind}", len(mine))
        self.stats.count(f"chars_removed.{self.name}", sum(b - a for a, b, _ in spans))
        self.stats.count(f"docs_changed.{self.name}")
        return doc
