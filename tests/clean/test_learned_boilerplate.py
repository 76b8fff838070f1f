"""learned_boilerplate: lines recurring across a source's pages go; articles and lone pages stay."""

from __future__ import annotations

import orjson
import zstandard

from thresher.clean.learned_boilerplate import normalize_line, registered_domain
from thresher.config import Config
from thresher.runner import run

ARTICLES = [
    "The river authority opened the new flood gates on Monday after four years of construction work.",
    "Farmers in the valley said the spring harvest had been the best in a decade despite the late frost.",
    "A local choir won the national competition with a programme of folk songs from the northern islands.",
    "The museum will close for three months while engineers repair the roof damaged in the winter storms.",
    "Students at the technical college built a solar car that finished third in the regional race.",
    "The council agreed to plant two thousand trees along the ring road before the end of the year.",
    "A bakery on the main square celebrated its hundredth anniversary with free bread for every visitor.",
    "Fishermen reported the largest catch of herring since records began, to the surprise of scientists.",
]
FOOTER = "Valley Echo is published by Echo Media Group. Reproduction without permission is prohibited."


def site_pages(n: int, domain: str) -> list[dict]:
    pages = []
    for i in range(n):
        body = [ARTICLES[i % 8] + f" Story number {i} has its own details, quotes and figures to report."] + [
            f"Paragraph {k} of story {i} goes on with ordinary reporting about the people involved in it." for k in range(3)]
        text = "\n".join([f"Headline of story {i} in the valley"] + body + [
            f"Printed edition page {i % 5 + 1}, updated 2024-03-{i % 28 + 1:02d}", FOOTER])
        pages.append({"id": f"{domain}/{i}", "url": f"https://www.{domain}/news/{i}", "text": text})
    return pages


def output(out) -> dict[str, dict]:
    rows = {}
    for p in sorted((out / "kept").glob("*.zst")):
        for line in zstandard.ZstdDecompressor().stream_reader(p.read_bytes()).read().splitlines():
            r = orjson.loads(line)
            rows[r["id"]] = r
    return rows


def write(tmp_path, records):
    src = tmp_path / "src"
    src.mkdir()
    with open(src / "pages.jsonl", "wb") as f:
        f.writelines(orjson.dumps(r) + b"\n" for r in records)
    return src


def test_normalize_line_and_domain():
    assert normalize_line("  © 2024 Valley Echo.  ") == "0 valley echo"
    assert normalize_line("Page 3 of 12") == normalize_line("Page 7 of 9")
    assert registered_domain("https://news.example.co.uk/a") == "example.co.uk"


def test_template_lines_removed_with_counts_articles_kept(tmp_path):
    src = write(tmp_path, site_pages(12, "valleyecho.com") + site_pages(1, "lonely.org"))
    run([str(src)], tmp_path / "o", Config(), workers=1, show_progress=False)
    rows = output(tmp_path / "o")
    page = rows["valleyecho.com/3"]
    assert FOOTER not in page["text"] and "Printed edition page" not in page["text"]
    assert page["text"].startswith("Headline of story 3 in the valley\n" + ARTICLES[3])
    learned = [r for r in page["metadata"]["removed"] if r[2] == "learned_boilerplate"]
    assert any(r[3] == "on 12 of 12 pages of valleyecho.com" for r in learned)
    # a source with a single page learns nothing
    assert FOOTER in rows["lonely.org/0"]["text"]


def test_disabled_by_config_and_chunked_counts_agree(tmp_path):
    src = write(tmp_path, site_pages(10, "valleyecho.com"))
    run([str(src)], tmp_path / "off", Config.from_dict({"rules": {"learned_boilerplate": {"enabled": False}}}),
        workers=1, show_progress=False)
    assert FOOTER in output(tmp_path / "off")["valleyecho.com/0"]["text"]
    run([str(src)], tmp_path / "big", Config(), workers=1, show_progress=False)
    # tiny spill chunks: many sorted runs on disk, merged in fit: the same result
    run([str(src)], tmp_path / "small", Config.from_dict({"rules": {"learned_boilerplate": {"chunk_keys": 7}}}),
        workers=1, show_progress=False)
    assert output(tmp_path / "big") == output(tmp_path / "small")
