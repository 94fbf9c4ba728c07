"""Read the self-evaluation tables of a Word (.docx) file (pip install python-docx)."""

import docx

import perfeval

LABELS = ("项目名称", "年度资金总额")


def docx_grid(table):
    """The table's cells as rows of text, a merged cell's text in its top-left cell only.

    python-docx gives a merged cell once for every grid position it covers (the same
    <w:tc> element each time); a position repeating the element on its left or above
    is blank here, as read_table expects.
    """
    grid, above = [], []
    for row in table.rows:
        cells = [None] * row.grid_cols_before + list(row.cells) + [None] * row.grid_cols_after
        elements = [None if cell is None else cell._tc for cell in cells]
        texts = []
        for i, cell in enumerate(cells):
            left = elements[i - 1] if i > 0 else None
            up = above[i] if i < len(above) else None
            spanned = elements[i] is not None and elements[i] in (left, up)
            texts.append("" if cell is None or spanned else cell.text)
        grid.append(texts)
        above = elements
    return grid


def read_docx_tables(path):
    """A report for every table of the file that holds 项目名称 or 年度资金总额."""
    grids = [docx_grid(table) for table in docx.Document(path).tables]
    return [
        perfeval.read_table(grid)
        for grid in grids
        if any(text.strip() in LABELS for row in grid for text in row)
    ]
