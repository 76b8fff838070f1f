"""Phrasings of page furniture seen across many sites and languages, one compiled pattern per class.

Two kinds of pattern per class: ``LINE`` patterns match a whole short line ("Share", "Leave a
reply", "Todos os direitos reservados"); ``TEXT`` patterns match inside a line of any length and
carry a class that a long line can belong to (a disclaimer paragraph, a copyright footer).  No
pattern names a site: every phrase here is one that many unrelated publishers print.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate, chain, filterfalse
from operator import itemgetter

from ..tokens import CJK_RE

# a line at most this long can be matched by a LINE pattern (words); longer lines only by TEXT ones
SHORT_WORDS = 12

_I = re.IGNORECASE | re.UNICODE
_WORDS = re.compile(r"\w+")


def _line(*alts: str) -> str:
    """The body of a whole-line pattern: one of ``alts`` (wrapped by :data:`LINE_ALL`)."""
    return "|".join(alts)


# classes whose LINE pattern is a list of whole-line phrasings (a string) or a pattern of its own
_LINE_SPEC: dict[str, str | re.Pattern] = {
    "share": _line(
        r"share(?: (?:this|on|via|the|article|story|post|page|it)\b.*)?", r"shares?", r"tweet(?: this)?", r"pin(?: it)?",
        r"e-?mail(?: this)?(?: article| story)?", r"print(?: this)?(?: article| page| story)?", r"copy(?: the)? link.*",
        r"link copied.*", r"click to (?:share|email|print).*",
        r"facebook|twitter|linkedin|whatsapp|reddit|telegram|pinterest|messenger|flipboard|tumblr|vk|viber|line|x",
        r"compartilh(?:e|ar)(?: .*)?", r"compart(?:ir|e)(?: .*)?", r"teilen(?: .*)?", r"partager(?: .*)?",
        r"condividi(?: .*)?", r"поделиться.*", r"bagikan(?: .*)?", r"シェア.*", r"ツイート", r"分享.*", r"udostępnij.*",
        r"sdílet.*", r"paylaş.*", r"delen", r"dela", r"del", r"jaa",
    ),
    "newsletter": _line(
        r"(?:sign up|subscribe|register|signup)(?: (?:now|today|here|for|to)\b.*)?", r"subscribe.*newsletter.*",
        r"(?:our|the|daily|weekly|free) newsletters?.*", r"newsletters?", r"get (?:our|the) .{0,40}(?:newsletter|inbox).*",
        r".{0,60}\b(?:in|to) your inbox.*", r"inscreva-se.*", r"assine.*", r"suscríbete.*", r"abonnieren.*",
        r"newsletter abonnieren", r"abonnez-vous.*", r"подпи(?:сат|шит)ь?с[яь].*", r"berlangganan.*", r"メルマガ.*",
        r"enter your e-?mail(?: address)?.*", r"your e-?mail(?: address)?", r"e-?mail address", r"thank you for subscribing.*",
    ),
    "login": _line(
        r"log ?in", r"log ?out", r"sign ?in", r"sign ?out", r"register", r"create (?:an |your )?account", r"my account",
        r"account", r"profile", r"entrar", r"sair", r"iniciar sesión", r"anmelden", r"abmelden", r"connexion",
        r"se connecter", r"войти", r"выйти", r"регистрация", r"masuk", r"daftar", r"ログイン", r"新規登録", r"登录", r"注册",
        r"forgot (?:your )?password\??", r"password", r"username", r"remember me",
    ),
    "comments": _line(
        r"comments?", r"no comments?(?: yet)?", r"\d+ comments?", r"comments? \(\d+\)", r"(?:leave|post|add|write|submit) a (?:reply|comment|response).*",
        r"(?:leave|post|add|write) (?:your|a) comment.*", r"reply", r"responder", r"report(?: abuse| comment)?", r"like|dislike",
        r"cancel reply", r"join the (?:discussion|conversation).*", r"(?:show|view|read|load|see) (?:all |more )?comments.*",
        r"(?:be the first to|you must be logged in to) (?:comment|post a comment).*", r"comment policy.*",
        r"your e-?mail address will not be published.*", r"required fields are marked.*", r"name\s*\*?", r"e-?mail\s*\*",
        r"website", r"save my name, email.*", r"notify me of .*", r"this site uses akismet.*",
        r"comentários?", r"nenhum comentário.*", r"sem comentários", r"deixe (?:um|seu) comentário.*", r"comentarios?",
        r"deja (?:un|tu) comentario.*", r"kommentare?", r"kommentar schreiben", r"commentaires?", r"laisser un commentaire.*",
        r"commenti", r"комментари[йия]\w*", r"оставить комментарий.*", r"нет комментариев", r"komentar", r"tinggalkan komentar.*",
        r"tulis komentar.*", r"belum ada komentar.*", r"コメント.*", r"评论.*", r"komentarze?",
        r"\d+ (?:responses?|replies|respostas|respuestas|kommentare|commentaires|комментари\w*)(?: (?:to|on|for) .*)?",
        r"\S.{0,40} (?:says|said|wrote|commented|disse|escreveu|dice|schreibt|написал\w*|berkata)\s*:",
        r"(?:on )?(?:\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}),? (?:at )?\d{1,2}:\d\d(?: ?[ap]m)?",
        r"log in to (?:reply|comment)", r"\d+ (?:points?|likes?|replies)", r"(?:load|show|view) (?:more )?replies",
    ),
    "related": _line(
        r"related(?: (?:articles?|posts?|stories|story|topics?|news|content|coverage|links|reading|videos?|items))?",
        r"read (?:more|also|next|this next)(?: .{0,60})?", r"more (?:from|on|in|about|stories|news|articles|headlines|like this|to explore|videos?)\b.{0,60}",
        r"see (?:also|more)", r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in).*", r"recommended(?: for you| stories| reading)?",
        r"(?:most )?(?:popular|read|viewed|shared|commented)(?: (?:now|today|this week|stories|articles|posts))?",
        r"(?:most|top|latest|trending|featured|breaking|recent|editor'?s) (?:news|stories|posts|articles|picks|videos|headlines|topics)",
        r"trending(?: now)?", r"up next", r"what to read next", r"don'?t miss.*", r"also read.*", r"further reading",
        r"around the web", r"from the web", r"promoted (?:stories|links|content)", r"sponsored (?:stories|links|content)",
        r"previous(?: (?:article|post|story))?", r"next(?: (?:article|post|story))?", r"older posts?", r"newer posts?",
        r"leia (?:também|mais).*", r"veja (?:também|mais).*", r"artigos relacionados", r"posts relacionados", r"notícias relacionadas",
        r"lea también.*", r"artículos relacionados", r"noticias relacionadas", r"mehr zum thema.*", r"lesen sie auch.*",
        r"weitere artikel", r"à lire aussi.*", r"lire aussi.*", r"articles similaires", r"sur le même sujet",
        r"читайте также.*", r"по теме", r"похожие (?:статьи|новости|записи)", r"другие новости", r"новости по теме",
        r"baca juga.*", r"lihat juga.*", r"artikel terkait", r"berita terkait", r"berita lainnya", r"関連記事.*", r"関連ニュース",
        r"人気記事.*", r"おすすめ記事.*", r"相关(?:文章|新闻|阅读)", r"推荐阅读",
    ),
    "ad": _line(
        r"advertisements?", r"advertising", r"sponsored", r"ad", r"ads", r"promoted", r"paid (?:content|post|partner)",
        r"story continues below(?: advertisement)?", r"article continues below.*", r"scroll (?:down )?to continue.*",
        r"continue reading(?: (?:below|the main story|the article))?", r"anzeige", r"werbung", r"publicidade", r"publicidad",
        r"publicité", r"pubblicità", r"реклама", r"iklan", r"広告", r"スポンサーリンク", r"广告",
    ),
    "credit": re.compile(
        r"^[(\[]?(?:photo|image|picture|pic|video|credit|foto|fotos|imagem|imagen|bild|фото|gambar|写真|画像|source|"
        r"illustration|graphic|file photo)s?(?: credits?| by| courtesy(?: of)?| via)?\s*[:/|©-].{0,120}$|"
        r"(?:/|\|)\s*(?:getty images|ap photo|afp|reuters|shutterstock|istock\w*|epa(?:-efe)?|alamy|xinhua|bloomberg)\b.{0,40}$|"
        r"^\(?(?:ap|afp|reuters|getty|epa) photo\b.{0,80}\)?$|^(?:getty images|shutterstock|istockphoto)(?: .{0,40})?$",
        _I,
    ),
    "byline": re.compile(
        r"^(?:by|written by|posted by|published by|words by|reporting by|author|autor|autora|por|von|par|di|oleh|автор|"
        r"penulis|文|記者)\s*:?\s+\S.{0,60}$|^(?:about the author|sobre o autor|über den autor|à propos de l'auteur|об авторе|"
        r"tentang penulis)$",
        _I,
    ),
    "nav": _line(
        r"home(?:page)?", r"menu", r"main menu", r"search", r"search for.*", r"skip to (?:main )?(?:content|navigation|search|footer)",
        r"(?:back|go) to top", r"top", r"contact(?: us)?", r"about(?: us)?", r"(?:privacy|cookie) (?:policy|notice|settings)",
        r"privacy", r"terms(?: (?:of (?:use|service)|and conditions|& conditions))?", r"sitemap|site map", r"careers", r"jobs",
        r"advertise(?: with us)?", r"faq", r"help", r"support", r"more", r"close", r"open", r"toggle navigation", r"navigation",
        r"sections", r"categories", r"archives?", r"view all", r"see all", r"show more", r"load more", r"all", r"latest", r"news",
        r"home page", r"accessibility(?: help| links)?", r"subscriptions?", r"notifications?", r"rss(?: feeds?)?",
        r"follow us.*", r"follow(?: @\w+)?", r"find us on.*", r"connect with us.*", r"contact information",
        r"início", r"página inicial", r"pesquisar", r"buscar", r"inicio", r"contacto", r"contato", r"startseite", r"suche",
        r"kontakt", r"impressum", r"datenschutz(?:erklärung)?", r"accueil", r"recherche", r"mentions légales", r"главная",
        r"поиск", r"контакты", r"о нас", r"beranda", r"cari", r"kontak", r"tentang kami", r"ホーム", r"トップ(?:ページ)?",
        r"お問い合わせ", r"サイトマップ", r"プライバシーポリシー", r"首页", r"搜索", r"联系我们",
    ),
    "tags": re.compile(
        r"^(?:tags?|tagged|topics?|filed under|categor(?:y|ies)|posted in|keywords|etiquetas|marcadores|tópicos|"
        r"schlagwörter|themen|mots-clés|теги|метки|рубрики?|label|kategori|タグ|カテゴリー?|标签)\s*[:：]",
        _I,
    ),
}

# classes a line of any length belongs to when one of these phrasings occurs in it
TEXT: dict[str, re.Pattern] = {
    "copyright": re.compile(
        r"©|\(c\) ?(?:19|20)\d\d|\bcopyright (?:©|\(c\)|(?:19|20)\d\d)|^copyright\b|\ball rights reserved\b|\btodos os direitos reservados\b|"
        r"\btodos los derechos reservados\b|\balle rechte vorbehalten\b|\btous droits réservés\b|\btutti i diritti riservati\b|"
        r"\bвсе права защищены\b|\bhak cipta\b|\bdilindungi undang-undang\b|無断転載|著作権|版权所有|\ball right reserved\b",
        _I,
    ),
    "disclaimer": re.compile(
        r"\bdisclaimer\b|\bwithout warrant(?:y|ies)\b|\bprovides? the (?:information|content) [\"“”']?as is\b|"
        r"\bdo(?:es)? not necessarily (?:reflect|represent)\b|\bviews (?:and opinions )?expressed (?:here|in this|by)\b|"
        r"\b(?:was|were|is) (?:originally|first) published (?:on|in|by|at)\b|\bthis (?:content|article|post|story) (?:is|was) "
        r"(?:provided|produced|written|sponsored|paid for|brought to you) by\b|\bnot responsible for the content\b|"
        r"\bfor (?:general )?informational purposes only\b|\bdoes not constitute (?:investment|financial|legal|medical) advice\b|"
        r"\bnot (?:intended as|a substitute for) (?:professional )?(?:medical |financial |legal )?advice\b|"
        r"\b(?:we|i) may (?:earn|receive) (?:a )?(?:small )?(?:commission|compensation)|\baffiliate (?:links?|commission)\b|"
        r"\bmay not be (?:published|reproduced|redistributed|rewritten|broadcast)\b|\bno part of this (?:publication|article)\b|"
        r"\bthis material may not be\b|\baviso legal\b|\bisenção de responsabilidade\b|\bhaftungsausschluss\b|"
        r"\bотказ от ответственности\b|\bpress release distributed by\b",
        _I,
    ),
}

# all whole-line phrasings in one pattern, a named group per class (one search per short line), with
# optional counts, bullets and colons around the phrase; the classes with patterns of their own after it
LINE_ALL = re.compile(
    r"^[\W\d_]*(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _LINE_SPEC.items() if isinstance(v, str))
    + r")[\s\W\d_]*$", _I)
LINE_OWN = {k: v for k, v in _LINE_SPEC.items() if not isinstance(v, str)}


def _line_patterns() -> dict[str, re.Pattern]:
    """``LINE``: every class's whole-line pattern on its own (the definition :data:`LINE_ALL` joins;
    compiled on first use, by the module's ``__getattr__``, as the rules use LINE_ALL)."""
    return {k: (re.compile(rf"^[\W\d_]*(?:{v})[\s\W\d_]*$", _I) if isinstance(v, str) else v)
            for k, v in _LINE_SPEC.items()}


# classes a line of up to MEDIUM_WORDS words belongs to when one of these occurs in it
MEDIUM_WORDS = 60
MEDIUM: dict[str, re.Pattern] = {
    "cookie": re.compile(
        r"\bcookies?\b.{0,80}\b(?:use|uses|using|accept|policy|settings|consent|preferences|experience|browsing)\b|"
        r"\b(?:we|this (?:site|website)) uses? cookies|\baccept (?:all )?cookies|\bcookie (?:policy|settings|notice)|"
        r"\butiliz(?:amos|a) cookies|\busamos cookies|\bverwende[tn]? cookies|\bnous utilisons des cookies|"
        r"\bиспольз\w* (?:файлы )?cookie|\bmenggunakan cookie|クッキー|\bcookie-?(?:richtlinie|hinweis)|"
        r"\bpolítica de cookies|\bpolitique (?:de|relative aux) cookies|^(?:accept(?: all)?|i agree|got it|ok, got it|"
        r"reject all|manage (?:cookies|preferences)|aceitar|aceptar|akzeptieren|принять)$",
        _I,
    ),
    "newsletter": re.compile(
        r"\b(?:subscribe|sign up|sign-up|register)\b.{0,40}\b(?:newsletters?|updates|alerts|mailing list)\b|"
        r"\bnewsletters?\b.{0,40}\b(?:subscribe|sign up|inbox)\b|\bdelivered (?:straight )?to your inbox\b|"
        r"\b(?:assine|inscreva-se|suscríbete|abonnieren|abonnez-vous|berlangganan)\b.{0,40}\b(?:newsletter|boletim|berita)",
        _I,
    ),
}

# a heading that introduces the furniture under it ("Legal Disclaimer:", "About the author", "Comments")
HEADING = re.compile(
    r"^(?:legal )?(?:disclaimers?|disclosures?|notes? to editors?|about (?:the author|us|this)|comments?|"
    r"related|share|tags?|topics?|aviso legal|haftungsausschluss)\s*[:：]?$",
    _I,
)

# a line that opens a comment section: everything after it, below the article, is the section
COMMENTS_START = re.compile(
    r"^[\W\d_]*(?:\d+ (?:comments?|responses?|replies|thoughts? on|respostas|comentários|comentarios|kommentare|"
    r"commentaires|комментари\w*|komentar)\b.*|comments? \(\d+\)|(?:leave|post|add|write) a (?:reply|comment|response)\b.*|"
    r"join the (?:discussion|conversation)\b.*|(?:show|view|read|load|see) (?:all )?(?:\d+ )?comments\b.*|"
    r"(?:what|share) (?:do )?(?:you think|your thoughts)\b.*|deixe (?:um|seu) comentário.*|deja (?:un|tu) comentario.*|"
    r"kommentar schreiben|laisser un commentaire.*|оставить комментарий.*|tinggalkan komentar.*|"
    r"conversation|discussion|comments?|comentários|comentarios|kommentare|commentaires|комментарии|komentar|コメント)"
    r"[\W_]*$",
    _I,
)

CLASSES = tuple(_LINE_SPEC) + tuple(MEDIUM) + tuple(TEXT)

# the first three letters of the words that COMMENTS_START's alternatives not starting with a digit start with
_COMMENTS_FIRST = frozenset(w[:3] for w in (
    "comment", "coment", "kommentar", "komentar", "leave", "post", "add", "write", "join", "show", "view", "read",
    "load", "see", "what", "share", "deixe", "deja", "laisser", "tinggalkan", "conversation", "discussion"))
_FIRST3 = itemgetter(slice(0, 3))


def comments_candidates(lows: list[str]) -> list[bool]:
    r"""Per line (``lows``: the lines lowercased), whether :data:`COMMENTS_START` may match it.

    A line whose lowercase starts with an ASCII letter, its first three characters ASCII, has nothing
    for the pattern's leading ``[\W\d_]*`` to pass over, so an alternative that does not start with a
    digit starts there, with a word of three letters or more: its first three are those characters (the
    pattern ignores case; the only characters whose lowercase is ASCII are ASCII, the Kelvin sign,
    lowercased ``k``, which the pattern's ``k`` matches, and "İ", lowercased ``i`` and a dot above, which
    is not ASCII): only the lines that start otherwise, or with the first three letters of one of those
    words, may match."""
    return [x in _COMMENTS_FIRST or not (x.isascii() and x[:1].isalpha()) for x in map(_FIRST3, lows)]


def comments_start(lines: list[str], cand: list[bool], lo: int) -> int:
    """The first line from ``lo`` on that :data:`COMMENTS_START` matches, or ``len(lines)``: only the
    lines that ``cand`` (:func:`comments_candidates`) admits are matched."""
    j = lo
    while True:
        try:
            j = cand.index(True, j)
        except ValueError:
            return len(lines)
        if COMMENTS_START.match(lines[j]):
            return j
        j += 1


def _case_sensitive(pat: re.Pattern) -> re.Pattern:
    return re.compile(pat.pattern, pat.flags & ~re.IGNORECASE)


# the patterns again without IGNORECASE, for ASCII lines lowercased: no letter of a pattern is a capital
# and none outside ASCII folds to an ASCII one, so each finds in such a line what the pattern itself
# finds in the line as written (faster: the letters compared as they are)
_LINE_ALL_LOWER = _case_sensitive(LINE_ALL)
_LINE_OWN_LOWER = {k: _case_sensitive(v) for k, v in LINE_OWN.items()}
_TEXT_LOWER = {k: _case_sensitive(v) for k, v in TEXT.items()}
_MEDIUM_LOWER = {k: _case_sensitive(v) for k, v in MEDIUM.items()}


# cheap substring tests, one per class of TEXT and MEDIUM: the class's pattern runs only on lines that
# contain one of them (every alternative of the pattern contains one), which keeps long lines fast
TRIGGERS: dict[str, tuple[str, ...]] = {
    "copyright": ("©", "(c)", "copyright", "rights reserved", "right reserved", "direitos reservados",
                  "derechos reservados", "rechte vorbehalten", "droits réservés", "diritti riservati",
                  "права защищены", "hak cipta", "dilindungi", "無断転載", "著作権", "版权所有"),
    "disclaimer": ("disclaimer", "warrant", "as is", "necessarily", "expressed", "published", "provided", "produced",
                   "written", "sponsored", "paid for", "brought to you", "responsible for", "informational",
                   "constitute", "advice", "commission", "compensation", "affiliate", "may not be", "no part of",
                   "aviso legal", "isenção", "haftungsausschluss", "отказ от", "press release"),
    "cookie": ("cookie", "クッキー", "accept", "agree", "got it", "reject", "manage", "aceitar", "aceptar",
               "akzeptieren", "принять"),
    "newsletter": ("subscribe", "sign up", "sign-up", "register", "newsletter", "inbox", "assine", "inscreva",
                   "suscríbete", "abonnieren", "abonnez", "berlangganan"),
}



@functools.cache
def _trigger_re() -> dict[str, re.Pattern]:
    """Per class, its triggers in one pattern (for :func:`line_class` called without the classes)."""
    return {k: re.compile("|".join(re.escape(t) for t in v)) for k, v in TRIGGERS.items()}



def line_class(line: str, n_words: int, classes: frozenset[str] | None = None) -> str:
    """The furniture class a line's phrasing belongs to, or '' when it has none.

    ``classes``: the TEXT and MEDIUM classes whose triggers the caller found in the line (one of them
    is a word of the line), whose patterns are the only ones worth running; None to test every class's
    triggers here.
    """
    low = line.lower()
    triggers = _trigger_re() if classes is None else {}
    if line.isascii():
        subject, text, medium, line_all, own = low, _TEXT_LOWER, _MEDIUM_LOWER, _LINE_ALL_LOWER, _LINE_OWN_LOWER
    else:
        subject, text, medium, line_all, own = line, TEXT, MEDIUM, LINE_ALL, LINE_OWN
    for name, pat in text.items():
        if (name in classes if classes is not None else triggers[name].search(low)) and pat.search(subject):
            return name
    if n_words <= MEDIUM_WORDS:
        for name, pat in medium.items():
            if (name in classes if classes is not None else triggers[name].search(low)) and pat.search(subject):
                return name
    if n_words <= SHORT_WORDS:
        m = line_all.search(subject)
        if m:
            return m.lastgroup or ""
        return own_class(subject, own)
    return ""


def own_class(subject: str, own: dict[str, re.Pattern]) -> str:
    """The first class of ``own`` (:data:`LINE_OWN` or its lowercase twin) whose pattern finds a match
    in ``subject``, or ''.  The credit pattern's only alternative not anchored at the start begins with
    ``/`` or ``|``: in a line holding neither, matching at the start decides (faster than a search)."""
    for name, pat in own.items():
        if name == "credit":
            if pat.match(subject) or (("/" in subject or "|" in subject) and pat.search(subject)):
                return name
        elif pat.search(subject):
            return name
    return ""


# every trigger of every TEXT and MEDIUM class in one pattern: one scan of a document finds the lines
# worth running those classes' patterns on
_ALL_TRIGGERS = sorted({t for v in TRIGGERS.values() for t in v})
# a trigger inside a class's match starts at a word boundary, so its first word (or that word's plural)
# is a token of the line; "cookie" and "warrant" also start longer words there ("cookiehinweis",
# "warranty") and, like triggers not starting with a letter and those in scripts written without
# spaces, are found by substring tests
_KEYED: dict[str, list[str]] = {}
_BARE: list[str] = []
for _t in _ALL_TRIGGERS:
    _m = re.match(r"\w+", _t)
    if _m and not _t.startswith(("cookie", "warrant")) and not re.search(r"[\u3040-\u30ff\u3400-\u9fff]", _t):
        for _k in (_m.group(0), _m.group(0) + "s"):
            _KEYED.setdefault(_k, []).append(_t)
    else:
        _BARE.append(_t)
_BARE_NOT_CJK = [t for t in _BARE if not CJK_RE.search(t)]  # the others can only occur in text with CJK characters
# each trigger's classes
_TRIGGER_CLASSES: dict[str, frozenset[str]] = {
    t: frozenset(k for k, v in TRIGGERS.items() if t in v) for t in _ALL_TRIGGERS}


def lines_holding(needles, joined: str, lines: list[str]) -> list[bool]:
    """Per line of ``joined`` (``lines``), whether one of ``needles`` occurs in it: one substring test
    of the whole text per needle, and of each line only for the needles the text holds."""
    hit = [False] * len(lines)
    for t in needles:
        if t in joined:
            hit = [h or t in x for h, x in zip(hit, lines)]
    return hit


def line_classes(lines: list[str], n_words: list[int], lows: list[str] | None = None,
                 tokens: list[list[str]] | None = None, cjk: bool = True, parts: list[str] | None = None) -> list[str]:
    """:func:`line_class` of every line (``lows``: the lines lowercased; ``tokens``: their words;
    ``cjk``: False when the lines hold no CJK character; ``parts``: the parts between the apostrophes
    and hyphens of those words, when known).

    The same classes as line by line, but the TEXT and MEDIUM patterns run only on lines holding one
    of the triggers that the document's words admit, found by substring tests, and only those of the
    classes of the triggers found in the line.
    """
    if lows is None:
        lows = [x.lower() for x in lines]
    if tokens is None:
        tokens = [_WORDS.findall(x) for x in lows]
    keys = _KEYED.keys() & chain.from_iterable(tokens)  # tokens in line order: faster than a set's
    # the words inside words joined by an apostrophe or a hyphen count too ("non-disclaimer"): a token
    # other than letters and digits holds one of those (or "_", which leaves it whole), so only lines
    # with one of them are searched
    if parts is not None:
        keys |= _KEYED.keys() & parts
    elif joined_words := [t for x, t in zip(lows, tokens) if "-" in x or "'" in x or "’" in x]:
        keys |= _KEYED.keys() & _WORDS.findall(" ".join(filterfalse(str.isalnum, chain.from_iterable(joined_words))))
    joined = "\n".join(lows)
    cands = [t for h in keys for t in _KEYED[h] if t in h or t in joined]  # h is in the text
    cands += [t for t in (_BARE if cjk else _BARE_NOT_CJK) if t in joined]
    found: list[frozenset[str] | None] = [None] * len(lows)  # per line, the classes of the triggers in it
    if cands:  # each line holding a trigger, found by str.find in the text (no trigger holds a newline)
        starts = list(accumulate([len(x) + 1 for x in lows], initial=0))  # starts[k]: where line k starts
        for t in cands:
            classes = _TRIGGER_CLASSES[t]
            i = joined.find(t)
            while i >= 0:
                k = bisect_right(starts, i) - 1
                found[k] = classes if found[k] is None else found[k] | classes
                i = joined.find(t, starts[k + 1])  # from the next line on
    out = []
    for line, low, nw, classes in zip(lines, lows, n_words, found):
        if classes is not None:
            out.append(line_class(line, nw, classes))
        elif nw <= SHORT_WORDS:
            subject, line_all, own = (low, _LINE_ALL_LOWER, _LINE_OWN_LOWER) if line.isascii() \
                else (line, LINE_ALL, LINE_OWN)
            m = line_all.match(subject)
            if m:
                out.append(m.lastgroup or "")
                continue
            out.append(own_class(subject, own))
        else:
            out.append("")
    return out


def __getattr__(name: str):
    if name == "LINE":
        line = globals()["LINE"] = _line_patterns()
        return line
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
