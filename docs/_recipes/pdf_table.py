"""Read the self-evaluation tables of a PDF file with a text layer (pip install pdfplumber)."""

import pdfplumber

import perfeval

LABELS = ("项目名称", "年度资金总额")
#: A row that starts a table: its title, or the header's first label.
HEADINGS = ("自评表", "项目名称")


def pdf_grids(path):
    """Every table of the PDF as rows of cells; a table that goes on over pages is one.

    pdfplumber gives a merged cell's text in its top-left cell and None in the others.
    The lines of a cell's text are joined without a space, as Chinese text is written.
    The first table of a page continues the last one of the page before when it has as
    many columns and its first row is not a heading.
    """
    grids = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for number, table in enumerate(page.extract_tables()):
                rows = [
                    [None if text is None else text.replace("\n", "") for text in row]
                    for row in table
                ]
                heading = any(word in (text or "") for text in rows[0] for word in HEADINGS)
                if number == 0 and grids and len(rows[0]) == len(grids[-1][0]) and not heading:
                    grids[-1].extend(rows)
                else:
                    grids.append(rows)
    return grids


def read_pdf_tables(path):
    """A report for every table of the PDF that holds 项目名称 or 年度资金总额."""
    reports = [
        perfeval.read_table(grid)
        for grid in pdf_grids(path)
        if any((text or "").strip() in LABELS for row in grid for text in row)
    ]
    if not reports:
        raise ValueError(f"{path}: no self-evaluation table (a scanned PDF needs OCR first)")
    return reports
