"""Tests for broadsheet.evaluate: every expected number below is worked out by hand.

The two-article gold page used throughout (word indices in the page's gold
word sequence, 25 words, 156 characters when joined by single spaces):

    A  headline "Mayor opens bridge", byline "Jane Roe", dateline "Springfield"
       p1  0-6    The new bridge opened on Monday morning.          (34 letters)
       p2  7-11   Crowds lined the river banks.                     (25 letters)
    B  headline "Rain expected", no byline, no dateline
       p1  12-20  Forecasters expect heavy rain across the region this week.  (50)
       p2  21-24  Farmers welcomed the news.                        (23 letters)

    characters: 34 + 25 + 50 + 23 = 132 letters + 24 spaces = 156
    gold paragraph starts counted: {7, 12, 21} (index 0 is not counted)
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from broadsheet.evaluate import (
    CorpusReport,
    SampleScore,
    aggregate,
    baseline_predict,
    evaluate_corpus,
    extractor_of,
    iter_corpus,
    normalize_field,
    score_sample,
)

A_P1 = "The new bridge opened on Monday morning."
A_P2 = "Crowds lined the river banks."
B_P1 = "Forecasters expect heavy rain across the region this week."
B_P2 = "Farmers welcomed the news."


def article(
    paragraphs: list[str],
    headline: str | None = None,
    byline: str | None = None,
    dateline: str | None = None,
) -> dict[str, Any]:
    return {
        "headline": headline,
        "byline": byline,
        "dateline": dateline,
        "paragraphs": paragraphs,
        "pull_quotes": [],
        "captions": [],
    }


def page(*articles: dict[str, Any], sample_id: str = "t-0001-fake") -> dict[str, Any]:
    return {
        "sample_id": sample_id,
        "articles": list(articles),
        "furniture": [],
        "meta": {"extractor": "fake"},
    }


def article_a(paragraphs: list[str] | None = None) -> dict[str, Any]:
    return article(
        paragraphs or [A_P1, A_P2], "Mayor opens bridge", "Jane Roe", "Springfield"
    )


def article_b(paragraphs: list[str] | None = None) -> dict[str, Any]:
    return article(paragraphs or [B_P1, B_P2], "Rain expected")


GOLD = page(article_a(), article_b())


def gold() -> dict[str, Any]:
    return copy.deepcopy(GOLD)


def test_perfect_prediction() -> None:
    s = score_sample(gold(), GOLD)
    assert (s.word_edits, s.gold_words, s.char_edits, s.gold_chars) == (0, 25, 0, 156)
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 3, 3)
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (2, 2, 2)
    assert (s.gold_articles, s.pred_articles) == (2, 2)
    assert s.wer == 0.0
    assert s.cer == 0.0
    assert s.para_f1 == 1.0
    assert (s.head, s.byline, s.dateline, s.artcount) == (1.0, 1.0, 1.0, 1.0)
    assert s.sample_id == "t-0001-fake"
    assert s.extractor == "fake"
    assert s.error is None


def test_dropped_word() -> None:
    pred = page(article_a(["The bridge opened on Monday morning.", A_P2]), article_b())
    s = score_sample(pred, GOLD)
    # One deletion; "new " is 4 characters.  Starts still land on gold 7, 12, 21.
    assert (s.word_edits, s.char_edits) == (1, 4)
    assert s.wer == pytest.approx(1 / 25)
    assert s.cer == pytest.approx(4 / 156)
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 3, 3)
    assert s.para_f1 == 1.0
    assert s.artcount == 1.0


def test_inserted_caption_inside_a_paragraph() -> None:
    # The caption splits A p2: predicted words 7-9 "Crowds lined the",
    # 10-13 the caption, 14-15 "river banks.", then B at 16 and 25.
    pred = page(
        article_a([A_P1, "Crowds lined the", "Photo: Jane at dawn", "river banks."]),
        article_b(),
    )
    s = score_sample(pred, GOLD)
    # 4 inserted words; "Photo: Jane at dawn " is 20 characters.
    assert (s.word_edits, s.char_edits) == (4, 20)
    assert s.wer == pytest.approx(4 / 25)
    assert s.cer == pytest.approx(20 / 156)
    # Predicted starts map to gold {7, 10, 12, 21}: the caption start (an
    # inserted word) maps to the next aligned gold word, "river" at 10, which
    # is also where "river banks." maps; 10 is a false positive, counted once.
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 4, 3)
    assert s.para_f1 == pytest.approx(6 / 7)
    assert s.head == 1.0


def test_inserted_caption_paragraph_before_a_start_costs_words_only() -> None:
    pred = page(article_a([A_P1, "Photo: Jane at dawn", A_P2]), article_b())
    s = score_sample(pred, GOLD)
    assert s.word_edits == 4
    # Both the caption start and the "Crowds" start map onto gold 7.
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 3, 3)


def test_split_article() -> None:
    # A is split in two; the second half (no headline) is an unmatched
    # article and is appended after B.
    pred = page(
        article([A_P1], "Mayor opens bridge", "Jane Roe", "Springfield"),
        article_b(),
        article([A_P2]),
    )
    s = score_sample(pred, GOLD)
    # Predicted words: A p1 0-6, B 7-19, A p2 20-24.  Best alignment deletes
    # gold A p2 (5) and inserts it at the end (5).
    assert s.word_edits == 10
    assert s.wer == pytest.approx(10 / 25)
    # Starts map to gold 12 (B p1), 21 (B p2) and 25 (past the end): 2 of 3.
    assert (s.para_tp, s.para_pred, s.para_gold) == (2, 3, 3)
    assert s.para_f1 == pytest.approx(2 / 3)
    # The first half carries A's fields and is matched to A.
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (2, 2, 2)
    assert (s.pred_articles, s.artcount) == (3, 0.0)


def test_merged_article() -> None:
    merged = article(
        [A_P1, A_P2, B_P1, B_P2], "Mayor opens bridge", "Jane Roe", "Springfield"
    )
    s = score_sample(page(merged), GOLD)
    # Same words and paragraph starts in the same order: no body cost.
    assert s.word_edits == 0
    assert s.char_edits == 0
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 3, 3)
    # One prediction can match one gold article only.  It shares all 12
    # bigrams of B (Dice 24/36) but only 11 of A (Dice 22/35), so it is
    # matched to B: A is unmatched (a miss) and B's fields differ
    # (headline; byline "Jane Roe" vs null; dateline "Springfield" vs null).
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (0, 0, 0)
    assert (s.pred_articles, s.artcount) == (1, 0.0)


def test_extra_invented_article() -> None:
    invented = article(["Buy two get one free today."], "Advertisement")
    s = score_sample(page(invented, article_a(), article_b()), GOLD)
    # Unmatched, so its 6 words go after all gold-ordered text:
    # " Buy two get one free today." is 28 characters.
    assert (s.word_edits, s.char_edits) == (6, 28)
    assert s.wer == pytest.approx(6 / 25)
    assert s.cer == pytest.approx(28 / 156)
    # Its start maps past the last gold word: a false positive.
    assert (s.para_tp, s.para_pred, s.para_gold) == (3, 4, 3)
    assert s.para_f1 == pytest.approx(6 / 7)
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (2, 2, 2)
    assert (s.pred_articles, s.artcount) == (3, 0.0)


def test_wrong_headline_and_whitespace_normalisation() -> None:
    pred = gold()
    pred["articles"][0]["headline"] = "Mayor opens new bridge"
    pred["articles"][1]["headline"] = "  Rain\n   expected "
    s = score_sample(pred, GOLD)
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (1, 2, 2)
    assert s.head == 0.5
    assert s.wer == 0.0


def test_null_equals_null() -> None:
    pred = gold()
    pred["articles"][0]["byline"] = None  # gold "Jane Roe": miss
    pred["articles"][1]["byline"] = ""  # gold null: blank counts as null
    pred["articles"][1]["dateline"] = "  \n"  # gold null
    s = score_sample(pred, GOLD)
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (2, 1, 2)
    assert s.byline == 0.5
    assert normalize_field(None) is None
    assert normalize_field(" a \t b\n") == "a b"


def test_unmatched_gold_article_is_a_miss_and_deleted() -> None:
    s = score_sample(page(article_a()), GOLD)
    # B (13 words) is missing: 13 deletions; B's null byline/dateline do not
    # count as right because B has no matched prediction.
    assert s.word_edits == 13
    assert (s.head_ok, s.byline_ok, s.dateline_ok) == (1, 1, 1)
    assert (s.para_tp, s.para_pred, s.para_gold) == (1, 1, 3)
    assert s.para_f1 == pytest.approx(2 / 4)


def test_empty_prediction() -> None:
    s = score_sample({"articles": []}, GOLD)
    assert (s.word_edits, s.char_edits) == (25, 156)
    assert (s.wer, s.cer) == (1.0, 1.0)
    assert (s.para_tp, s.para_pred, s.para_gold) == (0, 0, 3)
    assert s.para_f1 == 0.0
    assert (s.head, s.byline, s.dateline, s.artcount) == (0.0, 0.0, 0.0, 0.0)


def test_micro_not_macro_average() -> None:
    long_sample = score_sample(
        page(article_a(["The bridge opened on Monday morning.", A_P2]), article_b()),
        GOLD,
    )
    short_gold = page(
        article(["Markets closed higher today."]), sample_id="t-0002-fake"
    )
    short_sample = score_sample(
        page(article(["Markets closed higher today!"])), short_gold
    )
    assert (long_sample.word_edits, long_sample.gold_words) == (1, 25)
    assert (short_sample.word_edits, short_sample.gold_words) == (1, 4)
    assert short_sample.wer == pytest.approx(0.25)
    # "today." -> "today!" is 1 character of 28 (7 + 6 + 6 + 6 letters, 3 spaces).
    assert (short_sample.char_edits, short_sample.gold_chars) == (1, 28)

    result = aggregate([long_sample, short_sample])
    assert result["wer"] == pytest.approx(2 / 29)  # not (1/25 + 1/4) / 2 = 0.145
    assert result["wer"] != pytest.approx((1 / 25 + 1 / 4) / 2)
    assert result["cer"] == pytest.approx(5 / 184)
    # Paragraphs: 3/3/3 and 0/0/0 -> 1.0; fields: 2+1 of 2+1 gold articles.
    assert result["para_f1"] == 1.0
    assert (result["head"], result["byline"], result["dateline"]) == (1.0, 1.0, 1.0)
    assert result["artcount"] == 1.0
    assert result["samples"] == 2.0


def test_micro_average_of_fields_and_artcount() -> None:
    wrong_head = gold()
    wrong_head["articles"][0]["headline"] = None
    first = score_sample(wrong_head, GOLD)  # 1 of 2 headlines, right count
    second = score_sample(
        page(article(["Markets closed higher today."], "Markets")),
        page(article(["Markets closed higher today."], "Markets"), article([B_P1])),
    )  # 1 of 2 headlines, 1 article for 2
    result = aggregate([first, second])
    assert result["head"] == pytest.approx(2 / 4)
    assert result["artcount"] == pytest.approx(1 / 2)


def test_first_word_of_page_not_counted() -> None:
    one = page(article(["Alpha beta gamma.", "Delta epsilon."]))
    # Gold starts at 0 and 3; only 3 counts.  A prediction that merges the
    # paragraphs has only the uncounted start at 0.
    merged = score_sample(page(article(["Alpha beta gamma. Delta epsilon."])), one)
    assert (merged.para_tp, merged.para_pred, merged.para_gold) == (0, 0, 1)
    assert merged.para_f1 == 0.0
    # A running head before the text: its start is predicted index 0 and
    # "Alpha" (predicted index 2) maps onto gold index 0, so neither counts.
    with_head = score_sample(
        page(article(["Page 8", "Alpha beta gamma.", "Delta epsilon."])), one
    )
    assert with_head.word_edits == 2
    assert (with_head.para_tp, with_head.para_pred, with_head.para_gold) == (1, 1, 1)
    assert with_head.para_f1 == 1.0
    # One paragraph on both sides: nothing to count, vacuously perfect.
    single = page(article(["Alpha beta gamma."]))
    s = score_sample(single, single)
    assert (s.para_tp, s.para_pred, s.para_gold, s.para_f1) == (0, 0, 0, 1.0)


def test_lenient_input() -> None:
    # Missing keys and null lists are read as absent.
    s = score_sample(
        {"articles": [{"paragraphs": None}, {}]}, page(article(["One two."]))
    )
    assert (s.word_edits, s.gold_words, s.pred_articles) == (2, 2, 2)
    assert s.head == 0.0
    # A two-word article has a single bigram, which is enough to match.
    tiny = page(article(["One two."]))
    assert score_sample(tiny, tiny).head == 1.0


def test_aggregate_of_nothing_is_nan() -> None:
    result = aggregate([])
    assert result["samples"] == 0.0
    assert math.isnan(result["wer"])


def test_extractor_of() -> None:
    assert (
        extractor_of({"meta": {"extractor": "pymupdf"}}, "dev-0001-pdfminer")
        == "pymupdf"
    )
    assert extractor_of({}, "dev-0001-pdftotext-raw") == "pdftotext-raw"
    assert extractor_of({"sample_id": "x-0420-ocr"}) == "ocr"
    assert extractor_of({}, "no-number") == "unknown"


def test_baseline_predict() -> None:
    text = "Page 8\n\nRain is\nex-\npected soon.\n  \n\nWell-\nKnown fact\n"
    pred = baseline_predict(text)
    [only] = pred["articles"]
    assert only["headline"] is None
    assert only["byline"] is None
    assert only["dateline"] is None
    assert only["paragraphs"] == ["Page 8", "Rain is expected soon.", "WellKnown fact"]
    plain = baseline_predict(text, dehyphenate=False)
    assert plain["articles"][0]["paragraphs"] == [
        "Page 8",
        "Rain is ex- pected soon.",
        "Well- Known fact",
    ]
    assert baseline_predict("")["articles"][0]["paragraphs"] == []


def _write_sample(
    root: Path, sample_id: str, gold_doc: dict[str, Any] | None, text: str
) -> None:
    folder = root / sample_id
    folder.mkdir()
    (folder / "page.txt").write_text(text, encoding="utf-8")
    if gold_doc is not None:
        (folder / "gold.json").write_text(json.dumps(gold_doc), encoding="utf-8")


def test_corpus_evaluation(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    short_gold = {"articles": [article(["Markets closed higher today."])]}  # no meta
    _write_sample(corpus, "c-0002-beta", short_gold, "Markets closed higher today.\n")
    _write_sample(corpus, "c-0001-alpha", GOLD, "boom")
    _write_sample(corpus, "c-0003-beta", None, "no gold here")
    (corpus / "notes.txt").write_text("not a sample", encoding="utf-8")

    listed = list(iter_corpus(corpus))
    assert [sid for sid, _, _ in listed] == ["c-0001-alpha", "c-0002-beta"]
    assert listed[0][1] == corpus / "c-0001-alpha" / "page.txt"
    assert listed[1][2] == short_gold

    def predict(path: Path) -> dict[str, Any]:
        text = path.read_text(encoding="utf-8")
        if text == "boom":
            raise RuntimeError("cannot parse")
        return baseline_predict(text)

    report = evaluate_corpus(corpus, predict)
    assert isinstance(report, CorpusReport)
    first, second = report.scores
    assert (first.sample_id, first.extractor) == ("c-0001-alpha", "fake")
    assert first.error == "RuntimeError: cannot parse"
    assert (first.word_edits, first.gold_words, first.pred_articles) == (25, 25, 0)
    assert (second.sample_id, second.extractor, second.error) == (
        "c-0002-beta",
        "beta",
        None,
    )
    assert (second.word_edits, second.gold_words) == (0, 4)
    assert second.head == 1.0  # null == null
    assert report.errors() == {"c-0001-alpha": "RuntimeError: cannot parse"}

    overall = report.overall()
    assert overall["wer"] == pytest.approx(25 / 29)
    assert overall["artcount"] == 0.5
    by_extractor = report.by_extractor()
    assert list(by_extractor) == ["beta", "fake"]
    assert by_extractor["beta"]["wer"] == 0.0
    assert by_extractor["fake"]["wer"] == 1.0
    assert by_extractor["fake"]["samples"] == 1.0

    tsv = tmp_path / "scores.tsv"
    report.write_tsv(tsv)
    header, *rows = tsv.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    assert columns[:3] == ["sample_id", "extractor", "word_edits"]
    assert {"wer", "para_f1", "error"} <= set(columns)
    assert len(rows) == 2
    row = dict(zip(columns, rows[0].split("\t"), strict=True))
    assert row["error"] == "RuntimeError: cannot parse"
    assert float(row["wer"]) == 1.0

    jsonl = tmp_path / "scores.jsonl"
    report.write_jsonl(jsonl)
    records = [
        json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()
    ]
    assert [r["sample_id"] for r in records] == ["c-0001-alpha", "c-0002-beta"]
    assert records[1]["gold_words"] == 4
    assert records[1]["error"] is None
    assert records[0]["wer"] == 1.0


def test_sample_score_metrics_match_aggregate() -> None:
    s = SampleScore(
        "x", "y", word_edits=3, gold_words=10, para_tp=1, para_pred=2, para_gold=2
    )
    assert s.metrics()["wer"] == pytest.approx(0.3)
    assert s.para_f1 == 0.5
    # No gold words but something predicted: everything is wrong.
    assert SampleScore("x", "y", word_edits=4).wer == 1.0
