"""metadata: title, source, language, date and counts from the cleaned text."""

from __future__ import annotations

from thresher.clean.metadata import Metadata, detect_language, find_date, find_source, find_title
from thresher.document import Document


def test_title_is_a_headline_not_a_sentence_byline_or_date():
    assert find_title("Council approves new ferry line\nThe council voted on Tuesday.") == "Council approves new ferry line"
    assert find_title("The council voted on Tuesday.\nMore text.") is None
    assert find_title("By Jane Smith\nThe council voted.") is None
    assert find_title("March 3, 2024\nThe council voted.") is None
    assert find_title("Only one line") is None


def test_source_from_dateline_disclaimer_copyright_or_url():
    assert find_source("LONDON (Reuters) - Shares fell.", "", None) == "Reuters"
    assert find_source("Text.", "Text.\nMENAFN provides the information as is.", None) == "MENAFN"
    assert find_source("Text.", "Text.\n© 2024 The Crumb Diaries. All rights reserved.", None) == "The Crumb Diaries"
    assert find_source("Text.", "Text.", "https://www.example.org/a") == "example.org"


def test_language_and_score():
    assert detect_language("Der Stadtrat hat am Dienstag den Bau einer neuen Fähre beschlossen.")[0] == "de"
    assert detect_language("市議会は火曜日、新しいフェリー航路の建設を承認した。")[0] == "ja"
    assert detect_language("12345 !!! ---") == ("und", 0.0)


def test_dates():
    assert find_date("Posted on March 3, 2024 by Hanna", None) == "2024-03-03"
    assert find_date("Published 14 May 2023", None) == "2023-05-14"
    assert find_date("Updated 2022-11-19 08:00", None) == "2022-11-19"
    assert find_date("No date here.", "https://x.org/2019/11/19/story") == "2019-11-19"


def test_rule_keeps_given_values_and_counts_words():
    doc = Document("m", "Harbour ferry line approved\nThe council approved the new line on Tuesday.",
                   {"source": "Given", "url": "https://news.example.com/2024/01/02/x"})
    Metadata()(doc)
    md = doc.metadata
    assert md["source"] == "Given" and md["title"] == "Harbour ferry line approved"
    assert md["language"] == "en" and md["words"] == 12 and md["chars"] == len(doc.text)
    assert md["date"] == "2024-01-02"
