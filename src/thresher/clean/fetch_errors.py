"""Rule ``fetch_errors``: HTTP status lines and error-page text at the edges of a document.

A crawler stores whatever the server sent: a ``403`` line and "the page you were looking for
doesn't exist" above the article, a Cloudflare challenge, "please enable JavaScript", a
maintenance notice.  The rule scores each short line by how much of it is error-page talk (status
codes, soft-404 / access-denied / captcha / browser / rate-limit / maintenance phrases in several
languages, and the filler around them: "Sorry!!", "Go back home", "Ray ID: …") and removes the
run of such lines at the top or bottom of the document.  A document with almost nothing else is
dropped with reason ``fetch_error``.  Long sentences are never touched, so an article *about* a
404 error, or quoting "access denied", comes through unchanged.

>>> from thresher.document import Document
>>> doc = FetchErrors()(Document("d", "404\\nPage not found\\n" + "A real paragraph of text. " * 20))
>>> doc.text.startswith("A real paragraph"), doc.removed[0].detail
(True, 'status 404 + "page not found"')
"""

from __future__ import annotations

import re
import sys
import unicodedata
from itertools import repeat

import numpy as np

from .._cache import cached_arrays
from .._prefilter import Prefilter, Scanner
from ..document import Document
from ..registry import register
from ..step import Rule
from ..tokens import GENERAL_PUNCTUATION_UTF8 as _PUNCTUATION_START
from ..tokens import LINE_TOKEN_RE as _TOKEN
from ..tokens import nonblank_index


def _rx(*alternatives: str) -> re.Pattern:
    """One case-insensitive alternation; a space in a pattern matches any run of whitespace (line breaks too)."""
    body = "|".join(f"(?:{a})" for a in alternatives).replace(" ", r"\s+")
    # try matches only where a word starts (or at non-ASCII text, for scripts without spaces):
    # the same matches, found without attempting every alternative inside every word
    # patterns are lowercase and run on lowercased text (see _lower): without IGNORECASE, Python's
    # re is three times faster on these alternations
    return re.compile(rf"(?:\b|(?=[^\x00-\x7f]))(?:{body})")


def _lower(text: str) -> str:
    """``text`` lowercased with every character kept in place (the few that lengthen stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_A = "['’]"  # apostrophe, straight or curly
_THING = r"(?:the |this |that )?(?:page|url|link|file|resource|document|content|article|post|site|webpage|entry)s?"
_YOU = r"(?: (?:that )?you(?:['’]re| are| were| have)? (?:were |are )?(?:looking for|requested|requesting|searching for|searched for|asked for|wanted|followed|clicked(?: on)?|visited|entered|tried to \w+|trying to \w+)(?: to \w+)?)?"

# phrases that on their own show an error page (strong evidence)
_STRONG = _rx(
    # soft 404, English
    rf"{_THING}{_YOU},? (?:(?:is|was|has|have|may|might|could|can|cannot|does|did|seems to|appears to|will)(?:n{_A}t| not| no longer)|(?:doesn|isn|wasn|hasn|can|couldn|won){_A}t|no longer|cannot)(?: (?:have|be|been|to|longer|not))* (?:found|exist|exists|available|located|accessible|displayed)",
    rf"{_THING}{_YOU},? (?:has|have|may have|might have|had|was|is) (?:been |either been )?(?:moved|removed|deleted|renamed|taken down|expired)",
    r"(?:page|file|url|resource|document|article|post|content|object|entry)s? (?:was |is |were )?not found",
    rf"(?:(?:we|i) )?(?:could\s*n{_A}?o?t|can\s*n{_A}?o?t|can{_A}t|were unable to|are unable to|weren{_A}t able to|can{_A}t seem to|couldn{_A}t seem to) (?:find|locate) (?:{_THING}{_YOU}|anything|what you(?:{_A}re| are| were) looking for)",
    r"(?:it (?:looks|seems) like )?nothing (?:was )?found (?:here|at this location|for (?:the|your) request)",
    r"the requested (?:url|page|resource|document)(?: \S+)? (?:was not|could not be|cannot be|is not|is no longer) (?:found|available)(?: on this server)?",
    rf"that{_A}s an error",
    # access denied, bot walls, captcha
    r"access (?:is )?denied|access to this (?:page|resource|site|website|content) (?:is|has been) (?:denied|forbidden|restricted|blocked)",
    rf"you (?:don{_A}t|do not|doesn{_A}t) have (?:the )?(?:permission|access|authori[sz]ation)(?: to (?:access|view))?(?: \S+ on this server)?|you are not (?:allowed|authori[sz]ed|permitted) to (?:access|view)",
    rf"you(?: have been|{_A}ve been| are| were) (?:temporarily )?blocked|why (?:have i been|am i) blocked|you are unable to access(?: \S+)?",
    r"attention required!? \| cloudflare|checking (?:your browser|if the site connection is secure)(?: before accessing(?: \S+)?)?|this process is automatic|your browser will redirect to your requested content(?: shortly)?|please allow up to \d+ seconds|just a moment\.\.\.|ddos protection by",
    r"(?:please )?(?:verify|confirm|prove) (?:that )?you(?:['’]re| are) (?:a )?human|are you a (?:robot|human)|i['’]?m not a robot|captcha|press (?:&|and) hold(?: to confirm you are (?:a )?human)?|\(?(?:and )?not a (?:ro)?bot\)?",
    r"(?:please )?complete the security check|one more step|pardon (?:our|the) interruption|request unsuccessful|incapsula incident|unusual traffic from your (?:computer )?network",
    r"this website is using a security service to protect itself from online attacks|the action you just performed triggered the security solution|several actions that could trigger this block[^.]*\.?|you can email the site owner to let them know you were blocked|please include what you were doing when this page came up[^.]*\.?|performance (?:&|and) security by cloudflare|cloudflare ray id",
    # browser / JavaScript walls
    r"(?:please |you (?:need|must|have) to )?(?:enable|turn on|activate|allow) javascript(?: (?:in your browser|and (?:cookies|reload|refresh)[^.!\n]{0,30}|to (?:view|continue|use|see|run|access)[^.!\n]{0,60}))?",
    r"javascript (?:is|must be|seems to be|appears to be) (?:disabled|required|turned off|not enabled|enabled)(?: in (?:your|this) browser)?|(?:this|the) (?:site|page|website|app) requires javascript",
    rf"your (?:web )?browser (?:does not|doesn{_A}t|is not|isn{_A}t) (?:support(?:ed)?|compatible)[^.!\n]{{0,40}}|your browser is (?:out of date|outdated|not supported)|please (?:upgrade|update) your browser|(?:please )?(?:update|upgrade|switch) to a (?:modern|newer|supported|different) browser|(?:please )?enable cookies",
    rf"we{_A}ve detected (?:that )?you(?:{_A}re| are) (?:using |on )(?:an? )?(?:internet explorer|unsupported browser|outdated browser|old(?:er)? browser|ad ?blocker)|for the best [\w.]+ experience,? please (?:update|upgrade|use|switch)[^.!\n]{{0,40}}",
    # rate limits, server errors, maintenance, parked
    r"too many requests|rate limit(?:ed| exceeded)?|you have (?:exceeded|reached) (?:the|your) (?:rate |request )?limit",
    r"internal server error|bad gateway|service (?:temporarily )?unavailable|gateway time-?out|the server (?:is temporarily unable|encountered an (?:internal )?error)[^.\n]{0,80}|web server is (?:down|returning an unknown error)|origin is unreachable",
    rf"(?:site|website|page|server|service|we)(?: is| are|{_A}re| will be|{_A}ll be)? (?:currently |temporarily |briefly )?(?:down for|under(?:going)?|unavailable for|performing|doing) (?:some )?(?:scheduled |planned )?maintenance|we{_A}ll be back (?:soon|shortly)|error establishing a database connection|(?:this )?account (?:has been )?suspended",
    # German, French, Spanish, Portuguese, Italian, Dutch, Polish, Russian, Japanese, Chinese, Korean
    r"seite (?:wurde |konnte )?nicht gefunden(?: werden)?|die (?:angeforderte|gesuchte|aufgerufene) seite (?:existiert nicht|(?:wurde |konnte )?nicht gefunden(?: werden)?)|zugriff verweigert|bitte aktivieren sie javascript|wartungsarbeiten",
    r"page (?:introuvable|non trouvée|inexistante)|la page (?:que vous (?:recherchez|cherchez|demandez) )?(?:n['’]existe pas|est introuvable|n['’]a pas été trouvée)|accès refusé|veuillez activer (?:le )?javascript|en maintenance",
    r"página no encontrada|la página (?:que (?:buscas|busca|solicitaste|has solicitado) )?no (?:existe|(?:ha podido ser |pudo ser |fue )?encontrada|se encuentra)|acceso denegado|(?:activa|habilita) (?:el )?javascript|en mantenimiento",
    r"página não encontrada|a página (?:que (?:você )?(?:procura|está procurando) )?não (?:existe|foi encontrada)|acesso negado|ative o javascript|em manutenção",
    r"pagina non trovata|pagina niet gevonden|nie znaleziono strony|strona nie została znaleziona",
    r"страница не найдена|(?:запрашиваемая )?страница (?:не существует|удалена)|доступ запрещ[её]н|включите javascript|технические работы",
    r"(?:お探しの|指定された|該当)?ページ(?:は|が)?(?:見つかりません(?:でした)?|存在しません|削除された可能性があります)|アクセス(?:が拒否されました|権がありません)|javascriptを有効にして(?:ください)?|メンテナンス中",
    r"(?:页面|网页)(?:不存在|未找到|找不到)|找不到(?:页面|网页)|페이지를 찾을 수 없습니다",
)
# a status code, strong when named as one ("HTTP/1.1 503", "Error 500", "410 Gone", "Error 1020")
_CODE = r"(?:4(?:0\d|1\d|2\d|31|44|51|99)|5(?:0\d|1\d|2\d|30))"
_REASON = (r"bad request|unauthori[sz]ed|payment required|forbidden|not found|method not allowed|not acceptable|"
           r"request time-?out|conflict|gone|length required|precondition failed|payload too large|uri too long|"
           r"too many requests|unavailable for legal reasons|internal server error|not implemented|bad gateway|"
           r"service (?:temporarily )?unavailable|gateway time-?out|page not found|server error|access denied|error")
_STATUS = _rx(
    rf"http/\d(?:\.\d)? {_CODE}\b|\b(?:error|erreur|fehler|ошибка|status(?: code)?|code)[\s:#]*(?:{_CODE}|10\d\d)\b|\b{_CODE}\b\s*[-:–—.|]?\s*(?:{_REASON})\b",
)
_CODE_IN = re.compile(rf"\b{_CODE}\b")
# words that surround error text: counted as covered, never evidence on their own
_FILLER = _rx(
    r"\b(?:sorry|oops|whoops|uh-?\s*oh|ouch|error|erreur|fehler|ошибка|エラー|warning|forbidden|not found|gone|unauthori[sz]ed)\b",
    rf"we{_A}?(?:re| are) (?:very |so )?sorry|we apologi[sz]e(?: for (?:the|any) inconvenience)?|(?:please )?try again(?: later| in a (?:few|moment)\w*)?",
    r"(?:please )?(?:go|get me|take me|click here to go|return|head) back(?: (?:home|to (?:the )?(?:home\s*page|previous page|main page|front page|site)))?|(?:return|back|go) to (?:the )?(?:home\s*page|home|main page|previous page|front page|site)",
    r"\b(?:home\s*page|home|search|menu|contact us|refresh)\b|maybe try (?:a search|one of the links below)|(?:please )?check (?:the|your) (?:url|spelling|address)(?: and try again)?",
    r"(?:(?:or|and) )?(?:(?:it|this page) )?(?:(?:has|have|had|may have|might have|was|is) )?(?:been )?(?:moved|removed|deleted|renamed|taken down|temporarily unavailable|never existed)\b|if you (?:think|believe) this (?:is|was) (?:an error|a mistake)|contact (?:the )?(?:site |website )?(?:owner|administrator|webmaster|support)",
    r"(?:cloudflare )?ray id:?\s*[0-9a-f]+|your ip(?: address)?:?\s*[\d.:a-f]+|(?:incident|reference|request|event) (?:id|#|number):?\s*[\w.#-]+|(?:error )?code:?\s*\w+|that['’]s all we know",
    r"\b(?:nginx|apache|openresty|cloudflare|microsoft-iis|varnish|litespeed)(?:/[\d.]+)?(?: \([^)]*\))?(?: server at \S+ port \d+)?|\b(?:chrome|safari|firefox|google|edge|opera)\b|guru meditation|xid:\s*\d+|why do i have to complete a captcha\??|what can i do to (?:resolve|prevent) this\??",
    r"entschuldigung|zurück zur startseite|désolé|retour à l['’]accueil|lo sentimos|volver al inicio|desculpe|voltar (?:para a|à) página inicial|извините|вернуться на главную|申し訳(?:ございません|ありません)|(?:ホーム|トップページ)(?:に|へ)戻る",
)
# every _STRONG alternative contains one of these words (most at a word start): _STRONG, a slow
# alternation, runs only on the lines that hold one and the line before each (a phrase may be split)
_STRONG_TRIGGER = re.compile(
    r"\b(?:found|exist|availab|unavailab|locat|accessib|display|moved|removed|deleted|renamed|taken|expired|find|"
    r"error|denied|forbidden|restrict|block|permission|access|authori|allowed|permitted|unable|cloudflare|checking|"
    r"automatic|redirect|second|moment|ddos|human|robot|captcha|hold|bot|security|step|interruption|unsuccessful|"
    r"incapsula|unusual|trigger|owner|came|ray|javascript|browser|cookie|detected|experience|request|rate|limit|"
    r"server|gateway|unreachable|maintenance|back|database|suspend|gefunden|verweigert|wartung|introuvable|"
    r"trouvée|inexistant|refusé|encontrad|denegado|mantenimiento|negado|manuten|trovata|gevonden|znalez|найден|"
    r"существ|удален|запрещ|работы|javascript)|見つかりません|存在しません|削除|アクセス|メンテナンス|不存在|未找到|找不到|찾을",
)


def _strong_matches(text: str, data: bytes | None = None) -> list[re.Match]:
    """``_STRONG`` matches in ``text``, searched only around lines that hold a trigger word
    (``data``: the UTF-8 of ``text``, if at hand)."""
    lines = text.split("\n")
    out: list[re.Match] = []
    pos, i, n = 0, 0, len(lines)
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    # a line is hot when the trigger matches in it: no trigger match spans a newline, so these are
    # the lines where the matches over the whole text start (found with RE2 first)
    hot = [False] * n
    k = 0
    for m in _SCAN_TRIGGER.finditer(text, 0, None, data):
        a = m.start()
        while k + 1 < n and starts[k + 1] <= a:
            k += 1
        hot[k] = True
    while i < n:
        if not (hot[i] or (i + 1 < n and hot[i + 1])):
            i += 1
            continue
        j = i
        while j + 1 < n and (hot[j + 1] or (j + 2 < n and hot[j + 2])):
            j += 1
        out.extend(_SCAN_STRONG.finditer(text, starts[i], starts[j] + len(lines[j]), data))
        i = j + 1
    return out


# UTF-8 bytes mapped to classes, a character by its first byte (the continuation bytes 0x80-0xbf
# are deleted): an ASCII word character "a", any other ASCII character " ", a Cyrillic letter
# (U+0400-U+047F, first byte 0xd0 or 0xd1; all word characters) "a", any other character "x"
_CONTINUATION = bytes(range(0x80, 0xC0))
_BYTE_CLASS = bytes(
    ord("a") if b < 128 and (chr(b).isalnum() or b == ord("_")) or b in (0xD0, 0xD1) else ord(" ") if b < 128 else ord("x")
    for b in range(256)
)


def _tokens_upto(text: str, cap: int) -> int:
    """``min(len(_TOKEN.findall(text)), cap)``, mostly without making the tokens.

    The text's characters are classed (word, other, unknown) by a translation of its UTF-8 bytes,
    General Punctuation made a space first. Where a word character follows another character
    (or starts the text), a token starts: counted in C, those starts are all the tokens when no
    character is unknown, and at least as many as ``cap`` in most long lines. Other text is tokenized.
    """
    data = text.encode("utf-8", "surrogatepass")
    if len(data) != len(text):
        data = data.replace(_PUNCTUATION_START, b" ")  # its third byte, a continuation, is deleted below
    classes = data.translate(_BYTE_CLASS, _CONTINUATION)
    n = classes.count(b" a") + classes.startswith(b"a")
    if n >= cap or b"x" not in classes:  # enough, or every character classed: exact
        return min(n, cap)
    return min(len(_TOKEN.findall(text)), cap)


# _BYTE_CLASS with a newline kept, to class many lines at once; and the same with the first byte
# of U+2000-U+2FFF (0xe2) a space, for text in which every such character is General Punctuation
_ROW_CLASS = _BYTE_CLASS[:10] + b"\n" + _BYTE_CLASS[11:]
_ROW_CLASS_GP = _ROW_CLASS[:0xE2] + b" " + _ROW_CLASS[0xE3:]


def _token_counts(text: str, data: bytes, n_lines: int, cap: int, prefix: int) -> list[int] | None:
    """``_tokens_upto(line[:prefix], cap)`` for each line of ``text`` (``n_lines`` lines joined by
    newlines, ``data`` its UTF-8, lone surrogates passed), or None if ``text`` has more lines.

    The text is classed at once as ``_tokens_upto`` classes a line (each character one byte, a
    newline kept): split on the newlines, the rows are the lines' classes.
    """
    if len(data) != len(text):
        if data.count(b"\xe2") == data.count(_PUNCTUATION_START):  # (one count is the same as the other, much rarer)
            classes = data.translate(_ROW_CLASS_GP, _CONTINUATION)
        else:
            classes = data.replace(_PUNCTUATION_START, b" ").translate(_ROW_CLASS, _CONTINUATION)
    else:
        classes = data.translate(_ROW_CLASS)
    # a space before every row, so that each token start is a space and a word character
    rows = (b" " + classes.replace(b"\n", b"\n ")).split(b"\n")
    if len(rows) != n_lines:
        return None
    if len(classes) > prefix and max(map(len, rows)) > prefix + 1:  # only the first ``prefix`` characters count
        rows = [r[: prefix + 1] for r in rows]
    counts = list(map(bytes.count, rows, repeat(b" a")))
    if b"x" in classes:  # a character not classed: its line (if it may be under the cap) tokenized
        lines = None
        for k, r in enumerate(rows):
            if counts[k] < cap and b"x" in r:
                lines = lines or text.split("\n")
                counts[k] = len(_TOKEN.findall(lines[k][:prefix]))
    return list(map(min, counts, repeat(cap)))


def _changed_by_lower() -> np.ndarray:
    """The code points outside ASCII that ``str.lower`` changes (1,407 in Unicode 14), found by asking
    every code point (~0.13 s), kept in thresher's cache (keyed by Python and Unicode versions)."""
    def build() -> dict[str, np.ndarray]:
        return {"cp": np.array([c for c in range(0x80, 0x110000)
                                if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(c)], dtype=np.uint32)}

    key = f"lower-changes-py{sys.version_info[0]}.{sys.version_info[1]}-unicode{unicodedata.unidata_version}"
    return cached_arrays(key, build, family="lower-changes")["cp"]


def _class_of(cps: list[int]) -> str:
    """A character class of ``cps`` (sorted), consecutive code points as ranges."""
    runs: list[list[int]] = []
    for c in cps:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in runs) + "]"


# the characters outside ASCII that lowercasing changes
_CASED = re.compile(_class_of(_changed_by_lower().tolist()))


# where it says no, the search for strong phrases (and the trigger scan before it) is skipped
_MAY_STRONG = Prefilter(_STRONG)
# where it says no, a text with its ASCII letters lowercased holds no evidence at all (no strong
# phrase, status line or code) and no character that lowercasing would change: the same text as
# _lower makes
_MAY_EVIDENCE = Prefilter(_STRONG, _STATUS, _CODE_IN, _CASED)
# the same matches as each pattern's finditer, Python's re tried only where RE2 finds a possible start
# (bench/cleaning_speed.py: the filler search ~30x faster)
_SCAN_STRONG, _SCAN_STATUS, _SCAN_CODE, _SCAN_FILLER = map(Scanner, (_STRONG, _STATUS, _CODE_IN, _FILLER))
_SCAN_TRIGGER = Scanner(_STRONG_TRIGGER)


@register("fetch_errors")
class FetchErrors(Rule):
    """Removes error-page / status-line blocks at the document edges; drops documents that are only that."""

    def __init__(
        self,
        min_coverage: float = 0.75,  # share of a line's words that must be error talk: "404 Page Not Found Errors Explained" (4/6) stays
        max_line_words: int = 60,  # the longest error-page line we know (Cloudflare's block explanation) is ~45 words
        max_gap_words: int = 8,  # short unmatched lines (nav, "Skip to content") may sit inside an edge block
        window: int = 15,  # non-blank lines examined at each edge
        min_content_words: int = 30,  # less than this left beside the error text: the document is the error page
        #   (Gopher drops documents under 50 words anyway, Rae et al. 2021 §A.1.1; 30 keeps short real briefs)
    ):
        super().__init__()
        self.min_coverage = min_coverage
        self.max_line_words = max_line_words
        self.max_gap_words = max_gap_words
        self.window = window
        self.min_content_words = min_content_words
        # a line's word count matters up to here (short lines, gaps, content beside the error text):
        # the counts stop at it
        self.count_cap = max(max_line_words, max_gap_words, min_content_words) + 1

    def find(self, doc: Document) -> list[tuple[int, int, str]]:
        lines = doc.lines
        nonblank = nonblank_index(doc)
        if not nonblank:
            return []
        small = len(nonblank) <= 2 * self.window
        head = nonblank if small else nonblank[: self.window]
        tail = [] if small else nonblank[-self.window:]
        info = {**self._classify(lines, head), **self._classify(lines, tail)}
        if not any(v[0] for v in info.values()):  # no error line: no block, nothing to drop
            return []
        top = self._block(nonblank, info, from_top=True)
        bottom = self._block(nonblank[::-1], info, from_top=False)
        if top and bottom and top[1] >= bottom[0]:
            bottom = None
        in_block = set()
        for blk in (top, bottom):
            if blk:
                in_block.update(i for i in nonblank if blk[0] <= i <= blk[1])
        if small:
            evidence = [i for i in nonblank if info[i][0] and info[i][1] > 0]
            content = sum(info[i][2] for i in nonblank if i not in in_block and not info[i][0])
            if (top or bottom or evidence) and content < self.min_content_words:
                used = sorted(in_block | set(evidence)) or nonblank
                doc.drop("fetch_error", _detail(lines, used, info))
                return []
        if not top and not bottom:
            return []
        spans = doc.line_spans()
        out = []
        if top:
            k = nonblank.index(top[1]) + 1  # the block and the blank lines after it
            out.append((0, spans[nonblank[k]][0] if k < len(nonblank) else len(doc.text),
                        _detail(lines, range(top[0], top[1] + 1), info)))
        if bottom:
            k = nonblank.index(bottom[0]) - 1  # from the end of the last content line
            out.append((spans[nonblank[k]][1] if k >= 0 else 0, len(doc.text),
                        _detail(lines, range(bottom[0], bottom[1] + 1), info)))
        return out

    def _classify(self, lines: list[str], idx: list[int]) -> dict[int, tuple[bool, int, int, list[str]]]:
        """Line index -> (is error line, evidence level 0/1/2, word count, matched phrases) for short lines.

        Word counts stop at ``count_cap``: every count compared with a limit is below it.
        """
        # only lines short enough to be error lines are searched (the big alternations are slow on
        # article paragraphs); a line break joins them, so a phrase split over two lines still matches
        # tokens in each line's first 20 * max_line_words characters: every token of a line short
        # enough to be an error line, and what a longer line counts as content
        if not idx:
            return {}
        prefix, cap = 20 * self.max_line_words, self.count_cap
        joined = "\n".join([lines[i] for i in idx])
        try:
            data = joined.encode()
        except UnicodeEncodeError:  # a lone surrogate: Python's patterns alone
            data = None
        counts = _token_counts(joined, data or joined.encode("utf-8", "surrogatepass"), len(idx), cap, prefix)
        if counts is None:  # a line holding a newline (not a line of a document)
            counts = [_tokens_upto(lines[i][:prefix], cap) for i in idx]
        ntok = dict(zip(idx, counts))
        short = [i for i in idx if len(lines[i]) <= 12 * self.max_line_words and ntok[i] <= self.max_line_words]
        # join consecutive lines so a phrase broken over two lines still matches
        if len(short) != len(idx):
            joined = "\n".join([lines[i] for i in short])
            data = None if data is None else joined.encode()
        # RE2 rules out most texts at once, in their UTF-8 with ASCII lowercased (bytes.lower lowers
        # the ASCII letters alone; one search for the three patterns); where it cannot, Python's
        # patterns decide as before
        if data is not None and not _MAY_EVIDENCE.may_match(joined, data.lower()):
            return {i: (False, 0, ntok[i], []) for i in idx}
        text = _lower(joined)
        data = None if data is None else text.encode()
        strong = _strong_matches(text, data) if _MAY_STRONG.may_match(text, data) else []
        status = list(_SCAN_STATUS.finditer(text, 0, None, data))  # RE2's first search answers for a text without any
        codes = list(_SCAN_CODE.finditer(text, 0, None, data))  # lowercasing keeps digits and word boundaries in place
        if not strong and not status and not codes:
            # no evidence at all: no line can start or join an error block, skip the filler search
            return {i: (False, 0, ntok[i], []) for i in idx}
        spans, phrases, strong_at = [], [], []
        for rx, found in ((_STRONG, strong), (_STATUS, status), (_FILLER, _SCAN_FILLER.finditer(text, 0, None, data))):
            for m in found:
                spans.append((m.start(), m.end()))
                if rx is not _FILLER:
                    strong_at.append((m.start(), m.end()))
                if rx is _STRONG:
                    phrases.append((m.start(), m.group()))
        out: dict[int, tuple[bool, int, int, list[str]]] = {}
        pos = 0
        for i in short:
            line = lines[i]
            a, b = pos, pos + len(line)
            pos = b + 1
            n = ntok[i]  # a short line's tokens are all within the counted prefix
            here = [(x, y) for x, y in spans if x < b and y > a]
            here_codes = {(x, y) for x, y in (m.span() for m in codes) if a <= x < b}
            found = [g for p, g in phrases if a <= p < b]
            # each covered token lies in a code or inside one span: at most a token per character
            most = len(here_codes) + sum(min(y, b) - max(x, a) for x, y in here)
            if not n or n > self.max_line_words or most < self.min_coverage * n:
                out[i] = (False, 0, n, found)
                continue
            toks = [(a + m.start(), a + m.end()) for m in _TOKEN.finditer(line)]
            covered = sum(1 for t in toks if t in here_codes or any(x <= t[0] and t[1] <= y for x, y in here))
            level = 2 if any(x < b and y > a for x, y in strong_at) else 1 if here_codes else 0
            is_err = covered >= self.min_coverage * n
            out[i] = (is_err, level if is_err else 0, n, found)
        for i in idx:
            out.setdefault(i, (False, 0, ntok[i], []))
        return out

    def _block(self, order: list[int], info: dict, from_top: bool) -> tuple[int, int] | None:
        """The edge block ``(first, last)`` line index, walking ``order`` from the edge, or None."""
        last, level, gap = None, 0, 0
        for k, i in enumerate(order[: self.window]):
            is_err, lvl, n, _ = info[i]
            if is_err:
                last = k
                # a bare status code is evidence only as the very first line of the document
                level = max(level, lvl if lvl == 2 or (from_top and k == 0) else 0)
                gap = 0
            elif n <= self.max_gap_words and gap < 3:
                gap += 1
            else:
                break
        if last is None or not level:
            return None
        a, b = order[0], order[last]
        return (a, b) if from_top else (b, a)


def _detail(lines: list[str], idx, info: dict) -> str:
    """``status 404 + "page not found"``: the codes and the first phrase that matched."""
    codes, phrase = [], ""
    for i in idx:
        if i not in info:
            continue
        for m in _CODE_IN.finditer(lines[i]):
            if m.group() not in codes and info[i][0]:
                codes.append(m.group())
        for p in info[i][3]:
            if not phrase:
                phrase = " ".join(p.lower().split())[:60]
    parts = [f"status {'/'.join(codes[:3])}"] if codes else []
    if phrase:
        parts.append(f'"{phrase}"')
    return " + ".join(parts) or "error page"

