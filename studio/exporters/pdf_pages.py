"""The page every PDF of ours starts from: Letter paper, the shipped DejaVu fonts, a footer.

fpdf2 is pure Python (no system libraries to install on staff laptops) and embeds DejaVu, so
accented names and most scripts print as typed. A character DejaVu has no glyph for (most
emoji) is left out of the page and fpdf2 logs which code points it skipped (the characters
only, never the text around them); it never fails the document.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF

from studio.assets import assets_dir

FONT = "DejaVu"
FIXED_CREATION = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # same input, same bytes


class StudioPDF(FPDF):
    """An fpdf2 document whose footer reads ``<footer_text> · page/pages``."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def new_pdf(title: str, footer: str, *, created: dt.datetime = FIXED_CREATION,
            landscape: bool = False) -> StudioPDF:
    """A document with its first page open, fonts loaded and body text at 11 pt."""
    fonts = assets_dir() / "fonts"
    pdf = StudioPDF(orientation="landscape" if landscape else "portrait", format="Letter")
    pdf.footer_text = footer
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_creator("Patient Story Studio")
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    pdf.set_font(FONT, size=11)
    return pdf
