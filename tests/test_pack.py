"""The board pack, opened the way a reader would: python-pptx for the deck, pdfium for the PDF."""
from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.util import Emu

from ld_dash import disclosure
from ld_dash.kpi_tables import against_plan
from ld_dash.__main__ import main
from ld_dash.dimensions import METRICS, for_dimension
from ld_dash.dimensions import DIMENSIONS
from ld_dash.export.board_pack import dataset_stamp, produce
from ld_dash.export.pack import DEFINITION_ROWS_PER_SLIDE, PackOptions, build_pack
from ld_dash.export.pdf import render_pdf
from ld_dash.export.slides import render_pptx
from ld_dash.filters import period_filters
from ld_dash.formatting import format_value
from ld_dash.metrics import roi
from ld_dash.metrics.engine import Window
from ld_dash.scoring import scored_kpis
from ld_dash.settings import Settings
from tests.conftest import require_chromium
from tests.helpers import D, employee, enrollment, program, publish_tables

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "pack"
pytestmark = pytest.mark.usefixtures("chromium")
SETTINGS = Settings()


def pptx_slides(data: bytes) -> list[dict]:
    """Each slide's title (first text box), all its text, and its tables as lists of rows."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        texts, tables, pictures = [], [], 0
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
            if shape.shape_type == 13:  # MSO_SHAPE_TYPE.PICTURE
                pictures += 1
        table_text = "\n".join("\t".join(row) for table in tables for row in table)
        slides.append({"title": texts[0], "text": "\n".join(texts) + "\n" + table_text, "tables": tables,
                       "pictures": pictures})
    return slides


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def save_pngs(data: bytes, name: str) -> list[Path]:
    """Render every PDF page to PNG under artifacts/pack, to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(data)
    paths = []
    for i in range(len(document)):
        path = ARTIFACTS / f"{name}-{i + 1:02d}.png"
        document[i].render(scale=1.0).to_pil().save(path)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def demo_pack(demo_con):
    require_chromium()  # module-scoped fixtures run before the function-scoped marker's check
    as_of, source, organisation = dataset_stamp(demo_con, SETTINGS)
    pack = build_pack(demo_con, PackOptions(), SETTINGS, as_of=as_of, source=source, organisation=organisation)
    pptx, pdf = render_pptx(pack), render_pdf(pack)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "demo-pack.pptx").write_bytes(pptx)
    (ARTIFACTS / "demo-pack.pdf").write_bytes(pdf)
    return pack, pptx_slides(pptx), pdf_pages(pdf), pdf


def expected_titles() -> list[str]:
    definitions = math.ceil(len(METRICS) / DEFINITION_ROWS_PER_SLIDE)
    return (["Learning & Development alignment", "Main messages", "Alignment index"]
            + [d.title for d in DIMENSIONS] + ["ROI of the learning year", "ROI assumptions register",
                                               "Human-capital disclosure"]
            + ["Appendix: metric definitions"] * definitions)


def test_the_deck_has_every_section_in_order(demo_pack):
    _, slides, _, _ = demo_pack
    titles = [s["title"] for s in slides]
    assert len(titles) == len(expected_titles())
    for title, start in zip(titles, expected_titles()):
        assert title.startswith(start), (title, start)


def test_pdf_has_the_same_pages_and_titles(demo_pack):
    _, slides, pages, pdf = demo_pack
    assert len(pages) == len(slides)
    for page, slide in zip(pages, slides):
        # pdfium may break a long title over lines; compare its first words.
        assert " ".join(slide["title"].split()[:3]) in " ".join(page.split())
    assert len(save_pngs(pdf, "demo")) == len(slides)


def test_no_two_pieces_of_text_overlap_on_any_pdf_page(demo_pack):
    # Issue 17: text runs (as pdfium finds them) on a page never overlap by more than 1 pt each way (less
    # is a font's kerning between two runs of one line) and never leave the page. The charts are pictures:
    # tests/test_pack_layout.py measures their text.
    import itertools

    _, _, _, pdf = demo_pack
    problems = []
    for number, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        text = page.get_textpage()
        width, height = page.get_size()
        rects = [text.get_rect(i) for i in range(text.count_rects())]
        for a, b in itertools.combinations(rects, 2):
            if min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1:
                problems.append(f"page {number}: {text.get_text_bounded(*a)[:30]!r} / {text.get_text_bounded(*b)[:30]!r}")
        problems += [f"page {number}: off the page: {text.get_text_bounded(*r)[:30]!r}" for r in rects
                     if r[0] < 0 or r[1] < 0 or r[2] > width or r[3] > height]
    assert problems == []


def test_the_cover_names_the_data_without_generator_details(demo_pack):
    _, slides, _, _ = demo_pack
    cover = slides[0]["text"]
    assert "source: demo: synthetic organisation, 2,000 employees, 3 years" in cover and "seed" not in cover


def test_every_page_carries_the_as_of_stamp(demo_pack):
    pack, slides, pages, _ = demo_pack
    assert pack.as_of == D(2026, 10, 31)
    stamp = "data as of 31 Oct 2026"
    assert all(stamp in s["text"] for s in slides)
    assert all(stamp in " ".join(p.split()) for p in pages)


def test_kpi_tables_equal_the_metric_functions(demo_pack, demo_con):
    """Every dimension slide's table matches the engine's own results for FY2026 to date."""
    _, slides, _, _ = demo_pack
    filters = period_filters("fytd", D(2026, 10, 31), SETTINGS.fiscal_year_start_month)
    for slide, d in zip(slides[3:13], DIMENSIONS):
        table = slide["tables"][0]
        assert table[0] == ["Measure", "Value", "Comparison", "Plan", "Against plan", "Year-end forecast", "Status"]
        expected = scored_kpis(demo_con, d.slug, filters, SETTINGS)
        assert [row[0] for row in table[1:]] == [k.metric.label for k in expected]
        for row, item in zip(table[1:], expected):
            k, unit = item.kpi, item.metric.unit
            assert row[1] == format_value(k.value, unit, SETTINGS.currency)
            assert row[2] == format_value(k.comparison_value, unit, SETTINGS.currency)
            assert row[3] == format_value(k.plan, unit, SETTINGS.currency)
            assert row[4] == against_plan(k, SETTINGS.currency)  # the card's own words (tested by hand in test_scoring)
            assert row[5] == format_value(k.forecast, unit, SETTINGS.currency)
            assert row[6] == item.status
        assert slide["pictures"] == 1, f"{d.title} has no chart"


def test_alignment_and_roi_and_disclosure_slides(demo_pack, demo_con):
    pack, slides, _, _ = demo_pack
    alignment = slides[2]
    assert [row[0] for row in alignment["tables"][0][1:]] == [d.title for d in DIMENSIONS]
    assert alignment["pictures"] == 1
    window = Window.of(period_filters("fytd", D(2026, 10, 31), 1), SETTINGS)
    _, _, result = roi.saved(demo_con, window)
    summary = {row[0]: row[1] for row in slides[13]["tables"][0][1:]}
    assert summary["Return on investment (ROI)"] == format_value(result.roi, "pct")
    assert summary["Learning-year cost, fully loaded"] == format_value(result.cost, "currency", SETTINGS.currency)
    assert slides[13]["pictures"] == 1  # the waterfall
    register = slides[14]["text"]
    assert "Employer on-costs on salary" in register and "25%" in register
    rows = disclosure.human_capital(demo_con, window, SETTINGS)
    table = slides[15]["tables"][0]
    assert [r[0] for r in table[1:]] == [r.measure for r in rows]
    assert [r[1] for r in table[1:]] == [format_value(r.value, r.unit, SETTINGS.currency) for r in rows]


def test_definitions_appendix_lists_every_metric_once(demo_pack):
    _, slides, _, _ = demo_pack
    listed = [row[0] for s in slides if s["title"].startswith("Appendix") for row in s["tables"][0][1:]]
    assert listed == [m.label for d in DIMENSIONS for m in for_dimension(d.slug)]


def test_slides_are_16_by_9_and_text_is_real_text(demo_pack):
    pack, _, _, _ = demo_pack
    deck = Presentation(io.BytesIO(render_pptx(pack)))
    assert (Emu(deck.slide_width).inches, Emu(deck.slide_height).inches) == pytest.approx((13.333, 7.5), abs=0.01)
    assert "Main messages" in [s.shapes[0].text_frame.text for s in deck.slides]


# A small organisation with one tiny business unit and job level: nothing about them may appear.
@pytest.fixture(scope="module")
def tiny_con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack-tiny")
    sales = [employee(f"S{i}") for i in range(1, 9)]  # 8 people, IC2
    tiny = [employee(f"T{i}", business_unit="Tiny Unit", job_level="Director") for i in (1, 2)]
    # Sales learn 3 h each; Tiny Unit 37.5 h each, a figure that would stand out anywhere in the pack.
    done = dict(status="completed", completed_on=D(2025, 6, 1), enrolled_on=D(2025, 5, 1))
    enrolments = [enrollment(f"E{e['employee_id']}", e["employee_id"], "P1", learning_hours=3.0, **done)
                  for e in sales]
    enrolments += [enrollment(f"E{e['employee_id']}", e["employee_id"], "P1", learning_hours=37.5, **done)
                   for e in tiny]
    con = publish_tables(folder, {"employees": sales + tiny, "programs": [program("P1")],
                                  "enrollments": enrolments})
    yield con
    con.close()


TINY_OPTIONS = PackOptions(period="fiscal_year", fiscal_year_start=D(2025, 1, 1), dimensions=("culture",))


def test_a_suppressed_group_is_absent_from_the_pack(tiny_con):
    pack = build_pack(tiny_con, TINY_OPTIONS, SETTINGS, as_of=D(2025, 12, 31), source="fixture")
    slides = pptx_slides(render_pptx(pack))
    text = "\n".join(s["text"] for s in slides)
    pdf_text = " ".join(" ".join(p.split()) for p in pdf_pages(render_pdf(pack)))
    # Whole organisation: (8 × 3 + 2 × 37.5) / 10 = 9.9 h per employee is fine to show.
    assert "9.9 h" in text and "9.9 h" in pdf_text
    for body in (text, pdf_text):
        assert "37.5 h" not in body
    rows = {r[0]: r for r in next(s for s in slides if s["title"].startswith("Human-capital"))["tables"][0]}
    # Director (2 people) is hidden; IC2 too, or 9.9 h and IC2's 3.0 h would give Director's 37.5 h away.
    assert rows["Learning hours per employee: Director"][1:3] == ["Too few people", "–"]
    assert rows["Learning hours per employee: IC2"][1:3] == ["Too few people", "–"]


def test_a_pack_scoped_to_a_tiny_unit_shows_too_few_people(tiny_con):
    options = TINY_OPTIONS.model_copy(update={"business_units": ("Tiny Unit",)})
    pack = build_pack(tiny_con, options, SETTINGS, as_of=D(2025, 12, 31), source="fixture")
    slides = pptx_slides(render_pptx(pack))
    culture = next(s for s in slides if s["title"].startswith("Culture"))
    hours = next(r for r in culture["tables"][0] if r[0] == "Learning hours per employee")
    assert hours[1] == "Too few people" and hours[4] == "–"
    assert "37.5" not in "\n".join(s["text"] for s in slides)


def test_default_options_are_fiscal_year_to_date_for_everyone():
    options = PackOptions()
    assert options.filters(D(2026, 10, 31), 4) == period_filters("fytd", D(2026, 10, 31), 4)
    assert options.dimensions == tuple(d.slug for d in DIMENSIONS)
    assert PackOptions(dimensions=("roi", "objectives")).dimensions == ("objectives", "roi")
    with pytest.raises(ValueError, match="unknown dimension"):
        PackOptions(dimensions=("roi", "vibes"))
    with pytest.raises(ValueError, match="custom period"):
        PackOptions(period="custom").filters(D(2026, 10, 31), 1)


def test_cli_writes_a_pack_and_refuses_bad_options(demo_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    out = tmp_path / "reports" / "q3.pdf"
    code = main(["pack", "--format", "pdf", "--out", str(out), "--period", "quarter", "--quarter", "3",
                 "--dimensions", "roi"])
    assert code == 0
    pages = pdf_pages(out.read_bytes())
    assert "FY2026 Q3" in pages[0] and any(p.startswith("ROI of L&D") for p in pages)
    assert not list(out.parent.glob("*.partial"))
    assert main(["pack", "--format", "pptx", "--out", str(tmp_path / "x.pptx"), "--dimensions", "vibes"]) == 2
    assert "unknown dimension" in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()
    # A typo in a cron line: an error naming what the data has, not a scored pack about nobody.
    assert main(["pack", "--format", "pptx", "--out", str(tmp_path / "x.pptx"), "--unit", "Sales",
                 "--unit", "Salse"]) == 2
    err = capsys.readouterr().err
    assert "no business unit 'Salse' in the data; the business units are: Customer Service, Finance," in err
    assert not (tmp_path / "x.pptx").exists()


def test_produce_reports_progress_to_the_end(demo_con):
    seen: list[tuple[float, str]] = []
    data = produce(demo_con, PackOptions(dimensions=("technology",)), "pptx", SETTINGS,
                   progress=lambda f, m: seen.append((f, m)))
    assert data[:2] == b"PK"  # a zip: .pptx
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Technology uptake" in m for _, m in seen)


def test_period_on_the_title_slide(demo_pack):
    pack, slides, _, _ = demo_pack
    assert pack.period == "FY2026 to date (01 Jan 2026 – 31 Oct 2026)"
    assert "Period: 01 Jan 2026 – 31 Oct 2026" in slides[0]["text"]
    assert dt.date(2026, 10, 31) == pack.as_of


def test_hostile_text_is_literal_in_the_pack(tiny_con):
    hostile = '<script>alert(1)</script> **bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
    pack = build_pack(tiny_con, TINY_OPTIONS, SETTINGS, as_of=D(2025, 12, 31), source=hostile, organisation=hostile)
    from ld_dash.export.pdf import pack_html

    page = pack_html(pack)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    slides = pptx_slides(render_pptx(pack))
    assert hostile in slides[0]["text"]  # python-pptx writes plain text runs
    first = " ".join(pdf_pages(render_pdf(pack))[0].split())
    assert "<script>alert(1)</script> **bold**" in first


def test_the_cron_line_is_whole_and_writes_beside_the_data(monkeypatch, tmp_path):
    import sys

    from ld_dash.ui.pack_view import _cron_line

    monkeypatch.setenv("LD_DASH_DATA_DIR", str(tmp_path / "data"))
    line = _cron_line(PackOptions(period="quarter", quarter=3, business_units=("Sales & Co",)), "pdf")
    assert line.startswith("0 6 5 1,4,7,10 * cd ")
    assert f"LD_DASH_DATA_DIR={tmp_path / 'data'} {sys.executable} -m ld_dash pack --format pdf" in line
    assert f"--out {tmp_path / 'data' / 'reports'}/board-pack-$(date +\\%Y-\\%m).pdf" in line  # % escaped for cron
    assert "--quarter 3 --unit 'Sales & Co'" in line


def test_a_quarterly_pack_defaults_to_the_latest_whole_quarter():
    filters = PackOptions(period="quarter").filters(D(2026, 10, 31), 1)
    assert (filters.start, filters.end, filters.label) == (D(2026, 7, 1), D(2026, 9, 30), "FY2026 Q3")


def test_every_slide_has_a_real_title_and_every_chart_a_description():
    import io

    from pptx import Presentation

    from ld_dash.export.pack import Block, Pack, Slide
    from ld_dash.export.slides import render_pptx

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
           b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    pack = Pack(organisation="Org", period="FY2026", comparison="c", scope="Whole organisation",
                as_of=D(2026, 10, 31), source="demo", generated_at=dt.datetime(2026, 11, 1),
                slides=(Slide(kind="title", title="Learning & Development alignment: FY2026", subtitle="Org"),
                        Slide(kind="content", title="Culture: 71 / 100, watch", left=Block(bullets=("x",)),
                              right=Block(image=png, caption="Learning hours per employee, by unit"))))
    deck = Presentation(io.BytesIO(render_pptx(pack)))
    assert [s.shapes.title.text for s in deck.slides] == [
        "Learning & Development alignment: FY2026", "Culture: 71 / 100, watch"]
    pictures = [shape for shape in deck.slides[1].shapes if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == ["Learning hours per employee, by unit"]
