"""OCR inputs (issue 5): ALTO pages, METS issues, hOCR.

Every fixture is written by the tests themselves (``fixtures/ocrgen.py``), from
the project's generated pages or from short hand-written lines.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import broadsheet
from broadsheet.cli import app
from broadsheet.errors import EmptyInputError, MalformedInputError, UnsupportedInputError
from broadsheet.evaluate import evaluate_corpus
from broadsheet.model import LOW_CONFIDENCE
from broadsheet.readers import kind_of
from broadsheet.readers.alto import read_alto
from broadsheet.readers.hocr import read_hocr
from broadsheet.readers.ocr import rebuild_ocr
from fixtures.ocrgen import AltoBlock, MetsDiv, alto_from_text, alto_xml, hocr_from_text, mets_xml

PAGES = Path(__file__).parent / "fixtures" / "pages"

BODY = [
    "The council met on Tuesday to discuss the new bridge over the river,",
    "which has been closed to traffic since the floods of last winter. The",
    "engineers reported that the repairs would cost more than had been con¬",
    "ference estimates suggested, and the members asked for a full report.",
]


def _all_text(doc: broadsheet.Document) -> str:
    d = doc.to_dict(offsets=False)
    parts: list[str] = []
    for a in d["articles"]:
        parts += [a["headline"] or "", a["byline"] or "", a["dateline"] or ""]
        parts += a["decks"] + a["paragraphs"] + a["captions"] + a["pull_quotes"]
    parts += d["furniture"] + d["unassigned"]
    return " ".join(" ".join(parts).split())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# ALTO


@pytest.mark.parametrize("ns", ["v4", "v3", "v2", "ccs", "none"])
def test_issue_5_alto_every_namespace_reads_the_same(tmp_path: Path, ns: str) -> None:
    blocks = [AltoBlock("TB1", ["BRIDGE REPAIRS DELAYED"], style="TXT_1"), AltoBlock("TB2", list(BODY))]
    path = _write(tmp_path / f"page-{ns}.xml", alto_xml(blocks, ns=ns))
    assert kind_of(path) == "alto"
    doc = broadsheet.rebuild(path)
    text = _all_text(doc)
    assert "BRIDGE REPAIRS DELAYED" in text
    assert "more than had been conference estimates" in text
    assert doc.page_count == 1
    reference = _all_text(broadsheet.rebuild(_write(tmp_path / "ref.xml", alto_xml(blocks, ns="v4"))))
    assert text == reference


@pytest.mark.parametrize("subs_on_both", [True, False])
def test_issue_5_alto_hyphenated_word_joined_once(tmp_path: Path, subs_on_both: bool) -> None:
    lines = ["It was agreed that the meeting should be ad¬", "journed until the following week."]
    path = _write(tmp_path / "p.xml", alto_xml([AltoBlock("TB1", lines)], subs_on_both=subs_on_both))
    text = _all_text(broadsheet.rebuild(path))
    assert "be adjourned until" in text
    assert text.count("journed") == 1  # never "adjourned journed" nor "adjournedjourned"
    assert "ad-" not in text and "\u00ad" not in text


def test_issue_5_alto_compound_broken_at_its_hyphen_keeps_it(tmp_path: Path) -> None:
    lines = ["The proposal was welcomed by a well~", "known merchant of the town, who spoke."]
    path = _write(tmp_path / "p.xml", alto_xml([AltoBlock("TB1", lines)]))
    text = _all_text(broadsheet.rebuild(path))
    assert "a well-known merchant" in text
    assert text.count("known") == 1


def test_issue_5_alto_subs_content_is_not_a_silent_correction(tmp_path: Path) -> None:
    # SUBS_CONTENT differs from the printed halves (a dictionary "correction"): the printed text stays
    xml = alto_xml([AltoBlock("TB1", ["The Chancellor spoke of the Prelee¬", "tions delivered at the College."])])
    xml = xml.replace('SUBS_CONTENT="Preleetions"', 'SUBS_CONTENT="Prelections"')
    text = _all_text(broadsheet.rebuild(_write(tmp_path / "p.xml", xml)))
    assert "Prelections" not in text
    assert "Prelee" in text and text.count("tions") == 1


def test_issue_5_alto_bare_hyp_left_to_the_engine(tmp_path: Path) -> None:
    xml = alto_xml([AltoBlock("TB1", ["The rail company has made an offer of com¬", "pensation to every family."])])
    xml = xml.replace(' SUBS_TYPE="HypPart1" SUBS_CONTENT="compensation"', "")
    xml = xml.replace(' SUBS_TYPE="HypPart2" SUBS_CONTENT="compensation"', "")
    ap = read_alto(_write(tmp_path / "p.xml", xml))
    assert ap.page.lines[0].words[-1].text == "com-"  # a plain hyphen: decided from evidence
    text = _all_text(broadsheet.rebuild(tmp_path / "p.xml"))
    assert "offer of compensation to" in text


def test_issue_5_alto_word_confidences_kept_and_never_corrected(tmp_path: Path) -> None:
    lines = ["The Mayor opened the new Tovvn@0.31 Hall on Saturday afternoon", "before a large crowd@0.97 of people."]
    path = _write(tmp_path / "p.xml", alto_xml([AltoBlock("TB1", lines)]))
    doc = broadsheet.rebuild(path)
    assert "Tovvn" in _all_text(doc)  # printed form, not "Town"
    ocr = doc.to_dict()["ocr"]
    assert ocr["low_confidence_threshold"] == LOW_CONFIDENCE
    low = ocr["low_confidence_words"]
    assert [w["text"] for w in low] == ["Tovvn"]
    assert low[0]["conf"] == pytest.approx(0.31)
    assert doc.text[low[0]["start"] : low[0]["end"]] == "Tovvn"
    assert ocr["words"] == 2
    assert any("OCR word confidence" in n for n in doc.notes)


def test_issue_5_alto_without_confidences_has_no_ocr_field(tmp_path: Path) -> None:
    doc = broadsheet.rebuild(_write(tmp_path / "p.xml", alto_xml([AltoBlock("TB1", list(BODY))])))
    assert "ocr" not in doc.to_dict()


def test_issue_5_alto_reading_order_and_idnext(tmp_path: Path) -> None:
    blocks = [AltoBlock("A", ["Alpha block text here."]), AltoBlock("B", ["Beta block text here."])]
    plain = read_alto(_write(tmp_path / "plain.xml", alto_xml(blocks)))
    assert plain.page.lines[0].text.startswith("Alpha")
    ordered = read_alto(_write(tmp_path / "ro.xml", alto_xml(blocks, ns="v4", reading_order=["B", "A"])))
    assert ordered.page.lines[0].text.startswith("Beta")
    chained = [AltoBlock("A", ["Alpha block text here."]), AltoBlock("B", ["Beta block text here."], idnext="A")]
    linked = read_alto(_write(tmp_path / "idnext.xml", alto_xml(chained)))
    assert linked.page.lines[0].text.startswith("Beta")


def test_issue_5_alto_font_sizes_and_indents(tmp_path: Path) -> None:
    blocks = [
        AltoBlock("TB1", ["SHIPPING NEWS"], style="TXT_1"),
        AltoBlock(
            "TB2",
            [
                "    The schooner arrived",
                "from the north with coal",
                "and timber for the yards.",
                "    A second ship is due.",
            ],
        ),
    ]
    ap = read_alto(_write(tmp_path / "p.xml", alto_xml(blocks, font_sizes=True)))
    head, first, second = ap.page.lines[0], ap.page.lines[1], ap.page.lines[2]
    assert head.size == 18 and head.bold and first.size == 9 and not first.bold
    assert first.indent == 4 and second.indent == 0


def test_issue_5_alto_errors(tmp_path: Path) -> None:
    full = alto_xml([AltoBlock("TB1", list(BODY))])
    with pytest.raises(MalformedInputError) as exc:
        broadsheet.rebuild(_write(tmp_path / "cut.xml", full[: len(full) // 2]))
    assert exc.value.code == "B107"
    with pytest.raises(UnsupportedInputError):
        broadsheet.rebuild(_write(tmp_path / "other.xml", '<?xml version="1.0"?><root><a/></root>'))
    with pytest.raises(EmptyInputError):
        broadsheet.rebuild(_write(tmp_path / "empty.xml", alto_xml([AltoBlock("TB1", [])])))


def test_issue_5_alto_round_trip_matches_text_mode(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, alto=True)
    text = evaluate_corpus(corpus, _predict).overall()
    alto = evaluate_corpus(corpus, _predict, input_name="page.xml").overall()
    assert alto["samples"] == text["samples"] == 24
    assert alto["wer"] <= text["wer"] + 0.02, (alto, text)
    for name in ("para_f1", "head", "artcount"):
        assert alto[name] >= text[name] - 0.03, (name, alto, text)


# --------------------------------------------------------------------------
# METS


def _issue(tmp_path: Path, *, style: str = "structlink") -> tuple[Path, list[AltoBlock], list[AltoBlock]]:
    p1 = [
        AltoBlock("P1_TB1", ["THE FIXTURE GAZETTE. Saturday."]),
        AltoBlock("P1_TB2", ["HARBOUR WORKS."]),
        AltoBlock(
            "P1_TB3",
            [
                "The new pier at the harbour is nearly finished, and the contractors",
                "expect to hand it over in the spring.",
            ],
        ),
        AltoBlock("P1_TB4", ["THE CORN MARKET."]),
        AltoBlock(
            "P1_TB5",
            [
                "Wheat was dearer on Monday and barley unchanged; the supply of",
                "oats was short and prices rose by a shilling a quarter since the last re¬",
            ],
        ),
        AltoBlock("P1_TB6", ["Wanted, a steady lad for a grocer's shop. Apply within."]),
    ]
    p2 = [
        AltoBlock("P2_TB1", ["port, with every sign that the rise will hold for some weeks."]),
        AltoBlock("P2_TB2", ["LOCAL INTELLIGENCE."]),
        AltoBlock(
            "P2_TB3",
            [
                "A fire broke out in a stable behind the inn on Friday night but was",
                "put out before it reached the house.",
            ],
        ),
    ]
    _write(tmp_path / "issue_0001.xml", alto_xml(p1, page_id="P1"))
    _write(tmp_path / "issue_0002.xml", alto_xml(p2, page_id="P2"))
    divs = [
        MetsDiv("art1", "HARBOUR WORKS.", [(0, "P1_TB2", ""), (0, "P1_TB3", "")]),
        # an article running on to the next page, one area given as a word range
        MetsDiv(
            "art2", "THE CORN MARKET.", [(0, "P1_TB4", "P1_TB5"), (1, p2[0].word_ids[0][0], p2[0].word_ids[0][-1])]
        ),
        MetsDiv("art3", "LOCAL INTELLIGENCE.", [(1, "P2_TB2", ""), (1, "P2_TB3", "")]),
        MetsDiv("adv1", None, [(0, "P1_TB6", "")], type="ADVERT"),
    ]
    mets = _write(tmp_path / "issue_mets.xml", mets_xml(["issue_0001.xml", "issue_0002.xml"], divs, style=style))
    return mets, p1, p2


@pytest.mark.parametrize("style", ["structlink", "nested"])
def test_issue_5_mets_articles_reproduced(tmp_path: Path, style: str) -> None:
    mets, _, _ = _issue(tmp_path, style=style)
    assert kind_of(mets) == "mets"
    doc = broadsheet.rebuild(mets)
    assert doc.page_count == 2
    heads = [a.headline.text if a.headline else None for a in doc.articles]
    assert heads == ["HARBOUR WORKS.", "THE CORN MARKET.", "LOCAL INTELLIGENCE."]
    assert [a.page for a in doc.articles] == [1, 1, 2]
    corn = " ".join(p.text for p in doc.articles[1].paragraphs)
    assert "since the last report, with every sign" in corn  # joined across the page break, not doubled
    # the printed title line is the headline's span, not repeated in the body
    h = doc.articles[0].headline
    assert h is not None and doc.text[h.start : h.end] == "HARBOUR WORKS."
    assert "HARBOUR WORKS" not in " ".join(p.text for p in doc.articles[0].paragraphs)
    # the advert is furniture, the masthead (in no div) is kept too
    furniture = " ".join(f.text for f in doc.furniture) + " " + " ".join(u.text for u in doc.unassigned)
    assert "Wanted, a steady lad" in furniture
    assert "THE FIXTURE GAZETTE" in furniture


def test_issue_5_mets_loses_no_word(tmp_path: Path) -> None:
    mets, p1, p2 = _issue(tmp_path)
    out = _all_text(broadsheet.rebuild(mets)).replace("re port", "report")
    for blk in p1 + p2:
        for line in blk.lines:
            for word in line.split():
                assert word.rstrip("¬") in out, word


def test_issue_5_mets_title_differing_from_print_keeps_the_printed_words(tmp_path: Path) -> None:
    mets, _, _ = _issue(tmp_path)
    xml = mets.read_text(encoding="utf-8").replace("<mods:title>THE CORN MARKET.", "<mods:title>CORN MARKET.")
    doc = broadsheet.rebuild(_write(tmp_path / "trimmed_mets.xml", xml))
    corn = doc.articles[1]
    assert corn.headline is not None and corn.headline.text == "THE CORN MARKET."
    assert "'CORN MARKET.'" in corn.headline.why


def test_issue_5_mets_pages_option_and_own_segmentation(tmp_path: Path) -> None:
    mets, _, _ = _issue(tmp_path)
    doc = broadsheet.rebuild(mets, pages="2")
    assert doc.page_count == 1
    assert [a.headline.text for a in doc.articles if a.headline] == ["THE CORN MARKET.", "LOCAL INTELLIGENCE."]
    own = rebuild_ocr(mets, kind="mets", use_mets_articles=False)
    assert any("own segmentation" in n for n in own.notes)
    assert "HARBOUR WORKS" in _all_text(own)


def test_issue_5_mets_without_articles_uses_own_segmentation(tmp_path: Path) -> None:
    mets, _, _ = _issue(tmp_path)
    xml = mets.read_text(encoding="utf-8")
    xml = xml.replace('TYPE="ARTICLE"', 'TYPE="SECTION"').replace('TYPE="ADVERT"', 'TYPE="SECTION"')
    bare = _write(tmp_path / "bare_mets.xml", xml)
    doc = broadsheet.rebuild(bare)
    assert any("no ARTICLE divs" in n for n in doc.notes)
    assert "LOCAL INTELLIGENCE" in _all_text(doc)


def test_issue_5_eval_mets_cli(tmp_path: Path) -> None:
    mets, _, _ = _issue(tmp_path)
    result = CliRunner().invoke(app, ["eval-mets", str(mets), "--json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.output)
    assert d["pages"] == 2 and d["mets_articles"] == 3
    assert d["own_articles"] >= 1
    assert 0 <= d["headline_matches"] <= 3
    assert set(d["score_vs_mets"]) >= {"wer", "head", "artcount"}
    text = CliRunner().invoke(app, ["eval-mets", str(mets)])
    assert text.exit_code == 0 and "headline matches" in text.output
    missing = CliRunner().invoke(app, ["eval-mets", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 15


def test_issue_5_rebuild_cli_on_mets(tmp_path: Path) -> None:
    mets, _, _ = _issue(tmp_path)
    result = CliRunner().invoke(app, ["rebuild", str(mets), "--pages", "1"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.output)
    assert [a["headline"] for a in d["articles"]] == ["HARBOUR WORKS.", "THE CORN MARKET."]


# --------------------------------------------------------------------------
# hOCR


def _predict(path: Path) -> dict[str, object]:
    return broadsheet.rebuild(path).to_dict(offsets=False)


def _corpus(tmp_path: Path, *, alto: bool = False) -> Path:
    corpus = tmp_path / "corpus"
    for sample in sorted(p for p in PAGES.iterdir() if p.is_dir()):
        dst = corpus / sample.name
        dst.mkdir(parents=True)
        shutil.copy(sample / "gold.json", dst / "gold.json")
        shutil.copy(sample / "page.txt", dst / "page.txt")
        text = (sample / "page.txt").read_text(encoding="utf-8")
        _write(dst / "page.hocr", hocr_from_text(text, seed=len(sample.name)))
        if alto:
            _write(dst / "page.xml", alto_from_text(text))
    return corpus


def test_issue_5_hocr_round_trip_scores_like_text_mode(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    text = evaluate_corpus(corpus, _predict).overall()
    hocr = evaluate_corpus(corpus, _predict, input_name="page.hocr")
    scores = hocr.overall()
    assert not hocr.errors()
    assert scores["samples"] == 24
    # floors: the reader must not lose what text mode gets (measured: identical scores)
    assert scores["wer"] <= text["wer"] + 0.02, (scores, text)
    for name in ("para_f1", "head", "byline", "dateline", "artcount"):
        assert scores[name] >= text[name] - 0.03, (name, scores, text)
    assert scores["wer"] <= 0.3 and scores["para_f1"] >= 0.75


def test_issue_5_hocr_eval_cli(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(corpus), "--input", "hocr", "--json"])
    assert result.exit_code == 0, result.output
    d = json.loads(result.output)
    assert d["overall"]["samples"] == 24 and d["overall"]["wer"] <= 0.3


def test_issue_5_hocr_reader_details(tmp_path: Path) -> None:
    text = "MAIN HEADLINE\n\n  First line of the body\nsecond line of it.\n\fOther page text here.\n"
    path = _write(tmp_path / "p.hocr", hocr_from_text(text, seed=3, low_share=0.0))
    assert kind_of(path) == "hocr"
    pages = read_hocr(path)
    assert [p.number for p in pages] == [1, 2]
    body = pages[0].lines[1]
    assert body.indent == 2 and body.block != pages[0].lines[0].block
    assert all(w.conf is not None and w.conf >= 0.8 for w in body.words)
    doc = broadsheet.rebuild(path)
    assert doc.page_count == 2
    assert "Other page text here." in _all_text(doc)
    assert doc.to_dict()["ocr"]["words"] == 15


def test_issue_5_hocr_html_and_emphasis(tmp_path: Path) -> None:
    html = (
        "<html><head><title>x</title></head><body>"
        "<div class='ocr_page' title='bbox 0 0 1000 1000'>"
        "<span class='ocr_line' title='bbox 10 10 500 40; x_size 30'>"
        "<span class='ocrx_word' title='bbox 10 10 200 40; x_wconf 95'><strong>Bold</strong></span> "
        "<span class='ocrx_word' title='bbox 210 10 500 40; x_wconf 40'><strong>Words&nbsp;</strong></span>"
        "</span></div></body></html>"
    )
    pages = read_hocr(_write(tmp_path / "p.html", html))
    line = pages[0].lines[0]
    assert line.bold and line.size == 30
    assert [w.text for w in line.words] == ["Bold", "Words"]
    assert [w.conf for w in line.words] == [0.95, 0.40]
    with pytest.raises(MalformedInputError):
        read_hocr(_write(tmp_path / "cut.html", html[:150]))
