"""The boilerplate rule on pages written here, on the seed, and on the dev data's F1 figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from thresher.clean._boilerplate_phrases import line_class
from thresher.clean.boilerplate import Boilerplate
from thresher.document import Document

ROOT = Path(__file__).resolve().parents[2]

PARA = [
    ("The city council voted on Tuesday to extend the bicycle lanes along the river, a plan that had been "
    "debated for more than two years and that drew a large crowd to the public hearing."),
    ("Supporters said the lanes would make the daily commute safer for the thousands of people who cycle to "
    "work, while some shop owners worried that the loss of parking spaces would hurt their business."),
    ("The mayor said the first section would open in the spring, and that the city would measure traffic "
    "before and after the change so that residents could judge the results for themselves."),
    ("Work on the second section is expected to begin next year, once the budget for it has been approved "
    "by the council and the contracts have been signed with the builders."),
]


def clean(text: str) -> Document:
    return Boilerplate()(Document("t", text))


def removed_details(doc: Document) -> dict[str, str]:
    """Removed input text (stripped) -> detail, one entry per removed line (the narrowest removal naming it)."""
    out = {}
    for r in sorted(doc.removed, key=lambda r: r.end - r.start, reverse=True):
        for line in doc.input[r.start:r.end].split("\n"):
            if line.strip():
                out[line.strip()] = r.detail
    return out


def page(top: list[str], body: list[str], bottom: list[str]) -> str:
    return "\n".join(top + body + bottom)


def test_menu_share_bar_and_footer_removed_with_their_classes():
    top = ["Home", "World", "Politics", "Business", "Tech", "Sport", "Search", "Log in", "Subscribe",
           "Bike lanes to be extended along the river"]
    bottom = ["Share this article", "Facebook", "Twitter", "WhatsApp", "Related articles",
              "Council approves new budget", "Park to close for repairs", "Comments", "No comments yet",
              "About us", "Contact", "Privacy Policy", "Copyright © 2024 City News Ltd. All rights reserved."]
    doc = clean(page(top, PARA, bottom))
    assert doc.lines[0] == "Bike lanes to be extended along the river"  # headline above the lede stays
    for p in PARA:
        assert p in doc.lines
    gone = removed_details(doc)
    assert gone["Home"] == "nav" and gone["Privacy Policy"] == "nav"
    assert gone["Share this article"] == "share"
    assert gone["Copyright © 2024 City News Ltd. All rights reserved."] == "copyright"
    assert gone["Related articles"] == "related"
    assert gone["No comments yet"] == "comments"
    assert "Council approves new budget" in gone


def test_cookie_banner_and_newsletter_box_removed():
    top = ["We use cookies to give you the best experience on our website. By continuing you accept our cookie policy.",
           "Accept all", "Menu", "Bike lanes to be extended"]
    bottom = ["Get our free newsletter delivered to your inbox every morning.", "Enter your email address",
              "Sign up", "Terms of use"]
    doc = clean(page(top, PARA, bottom))
    gone = removed_details(doc)
    assert gone[top[0]] == "cookie"
    assert gone[bottom[0]] == "newsletter"
    assert all(p in doc.lines for p in PARA)


def test_disclaimer_heading_and_paragraph_at_the_end_removed():
    bottom = ["Disclaimer:", ("The views expressed in this article are those of the author and do not necessarily "
              "reflect the official policy of the publisher, which provides the information as is without warranty."),
              "This article was originally published on Example Daily and is republished with permission."]
    doc = clean(page(["Bike lanes to be extended"], PARA, bottom))
    gone = removed_details(doc)
    assert gone["Disclaimer:"] == "disclaimer"
    assert gone[bottom[1]] == "disclaimer"
    assert gone[bottom[2]] == "disclaimer"
    assert doc.lines[-1] == PARA[-1]


def test_comment_section_below_the_article_removed():
    bottom = ["3 Comments", "Leave a Reply", "jsmith says:", "March 3, 2024 at 6:34 am",
              "I ride this way every day and I think this is a great idea for everyone who lives in town, honestly.",
              "Reply", "anna_k says:", "March 3, 2024 at 7:02 am",
              "What about the parking? The shops on the river road already struggle and this will make it worse.",
              "Your email address will not be published. Required fields are marked *"]
    doc = clean(page(["Bike lanes to be extended"], PARA, bottom))
    assert doc.lines[-1] == PARA[-1]
    assert removed_details(doc)[bottom[4]] == "comments"


@pytest.mark.parametrize("lines, cls", [
    (["Compartilhe", "Leia também: Prefeitura anuncia obras", "Deixe um comentário", "Todos os direitos reservados."],
     ["share", "related", "comments", "copyright"]),
    (["Поделиться", "Читайте также", "Комментарии", "Все права защищены"], ["share", "related", "comments", "copyright"]),
    (["Bagikan", "Baca juga: Harga beras naik", "Tinggalkan komentar", "Hak Cipta 2024"],
     ["share", "related", "comments", "copyright"]),
    (["シェア", "関連記事", "コメント", "無断転載を禁じます"], ["share", "related", "comments", "copyright"]),
    (["Teilen", "Lesen Sie auch: Neue Radwege", "Kommentare", "Alle Rechte vorbehalten."],
     ["share", "related", "comments", "copyright"]),
])
def test_phrase_classes_in_several_languages(lines, cls):
    assert [line_class(x, len(x.split())) for x in lines] == cls


PT = [
    ("A prefeitura anunciou nesta terça-feira a ampliação das ciclovias ao longo do rio, um projeto que foi "
    "discutido durante mais de dois anos e que levou muitas pessoas à audiência pública."),
    ("Os defensores disseram que as novas faixas tornarão o trajeto diário mais seguro para os milhares de "
    "moradores que vão de bicicleta para o trabalho, enquanto alguns comerciantes temem perder clientes."),
    ("Segundo o prefeito, o primeiro trecho será aberto na primavera, e a cidade vai medir o trânsito antes e "
    "depois da mudança para que os moradores possam julgar os resultados."),
]


def test_portuguese_page():
    top = ["Início", "Notícias", "Esportes", "Pesquisar", "Entrar", "Prefeitura amplia ciclovias"]
    bottom = ["Compartilhe", "Facebook", "Twitter", "Leia também", "Obras no centro começam em maio",
              "Deixe um comentário", "Todos os direitos reservados © 2024"]
    doc = clean(page(top, PT, bottom))
    assert doc.lines[0] == "Prefeitura amplia ciclovias"
    assert doc.lines[1:] == PT


JA = [
    "市は火曜日、川沿いの自転車専用レーンを延長する計画を発表した。この計画は二年以上にわたって議論されてきたもので、公聴会には多くの市民が集まった。",
    "賛成する人々は、毎日自転車で通勤する数千人の市民にとって通勤がより安全になると述べた。一方で、駐車場が減ることで客足が遠のくと心配する商店主もいる。",
    "市長によると、最初の区間は春に開通する予定で、市は変更の前後で交通量を測定し、市民が結果を判断できるようにするという。",
]


def test_japanese_page():
    top = ["ホーム", "ニュース", "スポーツ", "ログイン", "自転車レーン延長へ"]
    bottom = ["シェア", "ツイート", "関連記事", "駅前の再開発が始まる", "コメント", "無断転載を禁じます"]
    doc = clean(page(top, JA, bottom))
    assert doc.lines[-3:] == JA
    assert "ホーム" not in doc.lines and "関連記事" not in doc.lines


@pytest.mark.parametrize("text", [
    "\n\n".join(PARA),
    # a heading, a list introduced by a colon, and a quote
    "How the plan works\n\n" + PARA[0] + "\n\nThe plan has three parts:\n\nNew lanes on River Road\n"
    "A bridge for cyclists\nMore parking on Mill Street\n\n" + PARA[1] + "\n\n\u201cIt is about time,\u201d she said.\n\n"
    + PARA[2],
    # Q&A
    "Q: When will the lanes open?\n\nA: " + PARA[2] + "\n\nQ: Who pays for them?\n\nA: " + PARA[3],
    # a poem
    "The river runs by the quiet town\nAnd bicycles wheel along its side\nThe morning light is soft and brown\n"
    "The lanes are new, the road is wide\n\n" + PARA[0],
    # short article
    "Bike lanes to be extended\n\n" + PARA[0],
])
def test_clean_articles_pass_unchanged(text):
    doc = clean(text)
    assert doc.text == text
    assert doc.removed == []


def test_empty_and_blank_text():
    assert clean("").text == ""
    assert clean("\n\n").removed == []


def test_seed_lines_21_to_24_removed_and_6_to_13_kept():
    seed = Path("/work/shared/seed/000_49eb4525e4a1980a.txt")
    for base in (ROOT.parent / "shared", Path("/work/shared")):
        if (base / "seed" / seed.name).is_file():
            seed = base / "seed" / seed.name
            break
    else:
        pytest.skip("shared/seed not found (next to the repository or at /work/shared)")
    import thresher

    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    out = thresher.clean(text)
    for i in range(6, 14):  # 1-based line numbers: headline and article
        assert lines[i - 1].strip() in out.text
    for i in range(21, 25):
        assert lines[i - 1].strip() not in out.text
    bp = [r for r in out.removed if r.rule == "boilerplate"]
    assert {r.detail for r in bp} >= {"disclaimer", "comments"}
    removed = "".join(text[r.start:r.end] for r in bp)
    assert "Legal Disclaimer:" in removed and "No comment" in removed


def _bench():
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_dev_data_f1_targets_hold():
    bench = _bench()
    dev = bench.data_dir()
    if dev is None:
        pytest.skip("dev data not found: shared/data/dev next to the repository, /work/shared or $THRESHER_SHARED")
    pages = bench.load_pages(dev)
    clean_fn, _ = bench.cleaner()
    raw = bench.macro(bench.evaluate(pages, clean_fn, "raw"))[2]
    gold = bench.macro(bench.evaluate(pages, clean_fn, "gold"))[2]
    assert raw >= 0.92, f"raw.txt in: F1 {raw:.3f} < 0.92"
    assert gold >= 0.995, f"gold.txt in: F1 {gold:.3f} < 0.995"


def test_line_classes_in_one_pass_match_line_by_line():
    from thresher.clean._boilerplate_phrases import line_classes

    lines = ["Home", "We use cookies to improve your browsing experience.", "The warranty was void, she said.",
             "This service is provided without warranty of any kind.", "Copyright (c) 2021 Example",
             "Get the newsletters delivered to your inbox", "A non-disclaimer paragraph about nothing",
             "Cookiehinweis", "無断転載を禁じます", "Read more", "Todos os direitos reservados.", *PARA]
    words = [len(x.split()) for x in lines]
    assert line_classes(lines, words) == [line_class(x, w) for x, w in zip(lines, words)]


def test_densest_region_is_the_maximum_sum_run():
    import numpy as np

    from thresher.clean.boilerplate import densest_region

    rng = np.random.default_rng(0)
    for _ in range(50):
        n = int(rng.integers(1, 40))
        p, words = rng.random(n), rng.integers(0, 60, n).tolist()
        v = (p - 0.5) * np.sqrt(np.array(words) + 1.0)
        a, b = densest_region(p, words)
        best = max([0.0] + [v[i:j].sum() for i in range(n) for j in range(i + 1, n + 1)])
        assert abs((v[a:b].sum() if b > a else 0.0) - best) < 1e-9


def test_large_page_stays_linear():
    import time

    from thresher.clean.boilerplate import _MODEL, Lines, keep_mask

    def cpu(n: int) -> float:
        page = (["Home", "News", "Sport"] + PARA) * (n // 7)
        t = time.process_time()
        keep_mask(Lines(page), _MODEL)
        return time.process_time() - t

    small, big = cpu(7000), cpu(70000)
    assert big < 25 * max(small, 0.01)  # ten times the lines: about ten times the time, never a hundred


def test_long_tail_of_link_lines_after_the_article_goes():
    from thresher.clean.boilerplate import Lines, trim_link_tail

    tail = ["Related Topics", "Cycling", "Follow The City Paper", "Follow on Facebook", "Follow on Twitter",
            "Follow on Instagram", "Latest news", "20 Nov 2019, 9:42am", "Council approves new budget",
            "19 Nov 2019, 9:25pm", "Park to close for repairs", "Bridge reopens after repairs"]
    lines = Lines(["Bike lanes to be extended along the river", *PARA, *tail])
    keep = trim_link_tail(lines, [True] * len(lines.text))  # as if the models had kept everything
    assert keep == [True] * (1 + len(PARA)) + [False] * len(tail)
    # an article that ends with a short list keeps it: the run is too short to be a page's tail
    short = Lines([*PARA, "Ingredients", "Two eggs", "Flour", "Milk"])
    assert trim_link_tail(short, [True] * len(short.text)) == [True] * (len(PARA) + 4)
