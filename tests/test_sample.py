"""The bundled sample page: every feature it was written to exercise comes out right.

The sample (``src/broadsheet/samples/sample_page.txt``) is an invented two-article
page as pdftotext prints it.  These are end-to-end expectations of the engine on it;
a failure here is an engine regression.
"""

from __future__ import annotations

import pytest

from broadsheet import Document, rebuild_text
from broadsheet.cli import sample_text

FERRY = "Town votes to bring back the night ferry"
LIBRARY = "Library opens its doors to night owls"
PULL_QUOTE = '"People who clean our wards and cook our meals have been walking two miles to the bridge in the dark."'
CAPTION = "The restored ferry at the old stone pier on Tuesday. Photo: Ilse Marten"


@pytest.fixture(scope="module")
def doc() -> Document:
    return rebuild_text(sample_text())


def _body(doc: Document) -> str:
    return "\n".join(p.text for a in doc.articles for p in a.paragraphs)


def test_sample_is_package_data() -> None:
    text = sample_text()
    assert "long-\nterm" in text
    assert "LONDON — " in text
    assert "Continued on page 5" in text


def test_two_articles_with_headlines_and_bylines(doc: Document) -> None:
    assert [a.headline.text if a.headline else None for a in doc.articles] == [FERRY, LIBRARY]
    assert [a.byline.text if a.byline else None for a in doc.articles] == ["Nadia Okonkwo", "Samuel Achterberg"]


def test_inline_dateline(doc: Document) -> None:
    first = doc.articles[0]
    assert first.dateline is not None and first.dateline.text == "LONDON"
    assert first.paragraphs[0].text.startswith("Councillors in the riverside town of Marlow Reach")
    assert doc.articles[1].dateline is None


def test_syllable_breaks_joined(doc: Document) -> None:
    body = _body(doc)
    for word in ("riverside", "until", "refurbished", "sailing", "review", "Volunteers", "society", "somewhere"):
        assert f" {word} " in f" {body} ".replace(",", " ").replace(".", " ")
    assert "un- til" not in body and "soci-ety" not in body


def test_real_compound_keeps_its_hyphen(doc: Document) -> None:
    body = _body(doc)
    assert "long-term lease" in body
    assert "longterm" not in body


def test_pull_quote_found_and_not_in_body(doc: Document) -> None:
    ferry = doc.articles[0]
    assert [q.text for q in ferry.pull_quotes] == [PULL_QUOTE]
    assert all(not p.text.startswith('"People who clean') or "said Tomasz" in p.text for p in ferry.paragraphs)


def test_caption(doc: Document) -> None:
    assert [c.text for c in doc.articles[0].captions] == [CAPTION]
    assert "Photo:" not in _body(doc)


def test_furniture(doc: Document) -> None:
    furniture = [f.text for f in doc.furniture]
    assert "The Harbour Gazette | Thursday, March 6, 2025" in furniture
    assert "Page 3" in furniture
    assert "Continued on page 5" in furniture
    body = _body(doc)
    assert "Harbour Gazette" not in body and "Continued on" not in body and "Page 3" not in body
    assert doc.unassigned == []


def test_paragraphs(doc: Document) -> None:
    library = doc.articles[1]
    assert len(library.paragraphs) == 3
    assert library.paragraphs[-1].text.endswith("said the head librarian, Ruth Okafor.")
