"""Lines placed against the page's pictures and frames (geometry.frames)."""

from __future__ import annotations

from broadsheet.geometry import GeoLine, GeoPage, GeoWord, frames
from broadsheet.model import BBox


def _line(text: str, x0: float, y0: float, size: float = 10.0, block: int = 0) -> GeoLine:
    box = BBox(x0, y0, x0 + 6.0 * len(text) * size / 10.0, y0 + size)
    return GeoLine([GeoWord(text, box, size)], box, size=size, block=block)


def _page(lines: list[GeoLine], images: list[BBox]) -> GeoPage:
    return GeoPage(1, 600.0, 800.0, lines=lines, images=images)


def test_line_in_a_frame_gets_the_smallest_frame() -> None:
    outer = BBox(10, 10, 400, 400)
    inner = BBox(20, 20, 300, 100)
    page = _page([_line("Garden sale", 30, 30), _line("elsewhere", 30, 200)], [outer, inner])
    box_of, under = frames(page, 10.0)
    assert box_of == [1, 0]
    assert under == [False, False]


def test_page_border_is_no_frame() -> None:
    border = BBox(5, 5, 595, 795)  # holds everything: more than half the page
    page = _page([_line("Body text", 30, 30)], [border])
    assert frames(page, 10.0)[0] == [-1]


def test_caption_under_a_picture_and_its_next_lines() -> None:
    photo = BBox(20, 100, 300, 250)
    lines = [
        _line("The harbour at dusk, seen from", 20, 255, size=8.0, block=3),
        _line("the old quay.", 20, 265, size=8.0, block=3),
        _line("Body text in another size", 20, 280, size=10.0, block=3),
        _line("Far below the photo", 20, 400, size=8.0, block=4),
        _line("Beside the photo", 320, 255, size=8.0, block=5),
    ]
    box_of, under = frames(_page(lines, [photo]), 10.0)
    assert under == [True, True, False, False, False]
    assert box_of == [-1] * 5


def test_a_box_holding_text_is_not_a_picture() -> None:
    panel = BBox(20, 100, 300, 250)
    lines = [_line("Inside the panel", 30, 110), _line("Under the panel", 30, 255, size=8.0)]
    box_of, under = frames(_page(lines, [panel]), 10.0)
    assert box_of == [0, -1]
    assert under == [False, False]  # text under a framed panel is no caption
