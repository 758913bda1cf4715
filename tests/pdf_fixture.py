"""A two-page PDF statement written with fpdf2, with the furniture real PDFs carry.

Every page has a running header and a "Page N of M" footer; paragraph 3
runs across the page break. The text is invented for the tests.
"""

from __future__ import annotations

from pathlib import Path

HEADER = "Ministry of Foreign Affairs of Norvand - Official Documents"
TITLE = "Norvand-Estoria Arctic Research Agreement: Summary"
DATE = "21 October 2024"
PARAGRAPHS = [
    "1. The Science Ministers of Norvand and Estoria signed an agreement on joint research stations "
    "on the Kolva archipelago.",
    "2. The two countries will share the cost of an ice-class research vessel, to be launched in 2027 "
    "from the shipyard at Port Keldan.",
    "3. Data on sea ice, permafrost and migrating whales gathered at the stations will be published "
    "openly within one year of collection. Both governments will fund a data centre in Holmstad to keep "
    "the records safe for future generations. Researchers from third countries may apply to use the "
    "stations through an open call held every spring. Each station will have room for twelve "
    "scientists in winter and thirty in summer. Supplies will reach the islands by ship in summer and by "
    "aircraft on the frozen lagoon in winter. The stations will run on wind and solar power with "
    "batteries, so that no diesel is burnt on the archipelago after 2030.",
    "4. A steering committee of six scientists will meet twice a year to set the research programme.",
    "5. The committee will report each year to both parliaments on the results of the research and on "
    "the state of the stations.",
    "6. Indigenous communities of the northern coast will be consulted before any new station is built, "
    "and their knowledge of the ice will be recorded with their consent.",
    "7. The agreement enters into force on the first day of the month after both countries have ratified it, "
    "and it will run for fifteen years. It may be extended by an exchange of notes for further periods of "
    "five years. Disputes over its meaning will be settled by consultation between the two ministries.",
    "8. Either country may end the agreement with one year's notice in writing.",
]


def write_pdf(path: Path) -> Path:
    """Write the statement to ``path`` and return it."""
    from fpdf import FPDF

    class StatementPDF(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, HEADER, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = StatementPDF(format=(148, 210))
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, TITLE)
    pdf.ln(2)
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, DATE)
    pdf.ln(4)
    for paragraph in PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph.strip())
        pdf.ln(3)
    pdf.output(str(path))
    return path
