"""One NUL byte cannot break a page or the pack: imports refuse control characters, renderers survive them.

Versions built before the import rule may still hold such text, so every renderer (CSV, Excel, plotly
labels, PDF, PowerPoint) is also tested on it directly.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

from ld_dash.charts import literal_text
from ld_dash.spreadsheet import to_csv, to_xlsx
from ld_dash.formatting import printable
from ld_dash.ingest.batch import ImportRejected, import_batch
from tests.test_ingest import HEADER, checksum, item, write

HOSTILE = "Fin\x00ance\x1b[31m\x7f"


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\x7f"])
def test_an_import_refuses_a_control_character_and_names_the_cell(tmp_path, data_dir, character):
    text = HEADER + f"E1,,Fin{character}ance,Field,EMEA North,IC2,Sales,false,2021-06-01,,,52000\n"
    before = checksum(data_dir)
    with pytest.raises(ImportRejected) as info:
        import_batch([item(write(tmp_path, "staff.csv", text))], data_dir)
    assert checksum(data_dir) == before
    [rejection] = info.value.result.rejections
    assert (rejection.row, rejection.column) == (2, "business_unit")
    assert rejection.reason.startswith("holds a control character")
    assert rejection.value == "Fin\ufffdance"  # the report shows where, and carries no control character


def test_tabs_and_line_breaks_in_text_are_not_control_characters_here(tmp_path, data_dir):
    text = HEADER + 'E1,,"Sales\tand\nMarketing",Field,EMEA North,IC2,Sales,false,2021-06-01,,,52000\n'
    result = import_batch([item(write(tmp_path, "staff.csv", text))], data_dir)
    assert result.published and result.items[0].rows_loaded == 1


def test_every_renderer_survives_control_characters_already_in_a_version():
    frame = pd.DataFrame({"unit": [HOSTILE, "\x00=HYPERLINK(\"http://x\")"], "hours": [1.5, 2.0]})
    csv = to_csv(frame).decode("utf-8-sig")
    assert "\x00" not in csv and "\x1b" not in csv and "Fin\ufffdance\ufffd[31m\ufffd" in csv
    book = pd.read_excel(io.BytesIO(to_xlsx(frame)), dtype=str)  # openpyxl raised on a NUL before
    assert book["unit"].tolist() == ["Fin\ufffdance\ufffd[31m\ufffd", "\ufffd=HYPERLINK(\"http://x\")"]
    assert literal_text(frame)["unit"].tolist()[0] == "Fin\ufffdance\ufffd[31m\ufffd"
    assert printable("plain text, tab\tand\nnewline") == "plain text, tab\tand\nnewline"


def test_the_pack_writers_take_control_characters(tmp_path):
    from pptx import Presentation

    from ld_dash.export import pdf, slides

    import datetime as dt

    from ld_dash.export.pack import Block, Pack, Slide

    page = pdf.pack_html(Pack(organisation=HOSTILE, period="FY2026", comparison="c", scope=HOSTILE,
                              as_of=dt.date(2026, 1, 1), source=HOSTILE, generated_at=dt.datetime(2026, 1, 1),
                              slides=(Slide(kind="content", title=HOSTILE, left=Block(bullets=(HOSTILE,))),)))
    assert "\x00" not in page and page.count("\ufffd") >= 4  # title, footer, bullet, <title>
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[slides.BLANK_LAYOUT])
    slides._text(slide, 0, 0, 5, 1, [HOSTILE], 12)  # noqa: SLF001 - the slides' one text writer
    deck.save(tmp_path / "x.pptx")
    text = Presentation(tmp_path / "x.pptx").slides[0].shapes[0].text_frame.text
    assert text == "Fin\ufffdance\ufffd[31m\ufffd"
