"""broadsheet: rebuild clean, structured articles from the broken text of news pages."""

from __future__ import annotations

from .engine import rebuild, rebuild_text
from .errors import BroadsheetError
from .model import Article, Document, Label, Line, Page, Paragraph, Repair, TextItem

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BroadsheetError",
    "Document",
    "Label",
    "Line",
    "Page",
    "Paragraph",
    "Repair",
    "TextItem",
    "__version__",
    "rebuild",
    "rebuild_text",
]
