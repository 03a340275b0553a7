"""UI pieces that shape numbers into text, tested without a Streamlit server."""
from ld_dash.dimensions import metric
from ld_dash.results import Kpi
from ld_dash.scoring import score_kpi
from ld_dash.kpi_tables import kpi_rows


def _kpi(metric_id, value, plan, *, comparison=None, suppressed=False, n=40):
    return score_kpi(Kpi(metric=metric(metric_id), value=value, n=n, suppressed=suppressed, small_sample=False,
                         comparison_value=comparison, comparison_suppressed=False, plan=plan,
                         forecast=value, annual_plan=plan))


def test_supporting_measures_read_as_formatted_text_with_status():
    frame = kpi_rows([_kpi("feedback.satisfaction", 3.9, 4.2, comparison=3.8)], "EUR")
    row = frame.iloc[0]
    assert (row["Measure"], row["Value"], row["Plan"], row["Against plan"]) == (
        "Satisfaction (L1)", "3.90", "4.20", "93% of plan")
    assert row["Change"] == "+0.10"
    assert row["Status"] == "watch"  # 93% of plan scores 86


def test_a_suppressed_supporting_measure_shows_no_number():
    frame = kpi_rows([_kpi("feedback.satisfaction", None, 4.2, suppressed=True, n=3)], "EUR")
    assert frame.iloc[0]["Value"] == "Too few people"
    assert frame["n"].isna().all()


def test_a_zoomed_line_says_its_axis_does_not_start_at_zero_and_bars_start_at_zero():
    import pandas as pd

    from ld_dash import charts

    def notes(fig):
        return [a.text for a in fig.layout.annotations] + [fig.layout.yaxis.title.text]

    trend = pd.DataFrame({"quarter": ["Q1", "Q2", "Q3"], "reach": [0.86, 0.93, 0.90]})
    assert "Axis does not start at zero" in notes(charts.line(trend, x="quarter", y="reach", unit="pct"))
    swing = trend.assign(reach=[-0.1, 0.2, 0.3])
    assert "Axis does not start at zero" not in notes(charts.line(swing, x="quarter", y="reach", unit="pct"))
    bars = charts.bar(trend, x="quarter", y="reach", unit="pct")
    assert bars.layout.yaxis.range[0] == 0


def test_bars_on_a_1_to_5_scale_span_the_scale_not_zero_to_five():
    import pandas as pd

    from ld_dash import charts
    from ld_dash.metrics import feedback

    ratings = pd.DataFrame({"programme": ["A", "B"], "satisfaction": [4.2, 3.1]})
    fig = charts.bar(ratings, x="programme", y="satisfaction", unit="score", horizontal=True, scale=(1, 5))
    low, high = fig.layout.xaxis.range
    assert low == 1 and 5 < high <= 5.5
    # The satisfaction chart declares its scale: its axis never starts at 0.
    assert feedback.DIMENSION.chart("satisfaction_by_programme").options["scale"] == (1, 5)


def test_tables_read_in_the_cards_formats_with_margins_and_downloads_keep_the_numbers():
    import datetime as dt

    import pandas as pd

    from ld_dash.metrics.views import Column, export_table, shown_table

    columns = {"name": Column("Programme"), "sat": Column("Satisfaction (1-5)", "levels", margin="sat_m"),
               "share": Column("Applied", "pct"), "cost": Column("Cost", "currency"),
               "day": Column("Reviewed", "date"), "gain": Column("Gain", "score"),
               "unit": Column("KPI unit", on_page=False)}
    frame = pd.DataFrame({"name": ["A", "<b>B</b>"], "sat": [4.2, None], "sat_m": [0.153, 0.2],
                          "share": [0.586, 0.05], "cost": [-2_701_547.0, 1234.4],
                          "day": [dt.date(2025, 3, 1), None], "gain": [11.94, float("nan")], "unit": ["%", "%"]})
    shown = shown_table(frame, columns, "EUR")
    assert list(shown.columns) == ["Programme", "Satisfaction (1-5)", "Applied", "Cost", "Reviewed", "Gain"]
    assert shown.iloc[0].tolist() == ["A", "4.20 ± 0.15", "59%", "−EUR 2.7 M", "1 Mar 2025", "11.94"]
    assert shown.iloc[1].tolist() == ["<b>B</b>", "–", "5.0%", "EUR 1,234", "–", "–"]
    exported = export_table(frame, columns)
    assert list(exported.columns) == ["Programme", "Satisfaction (1-5)", "Satisfaction (1-5) ± (95%)", "Applied",
                                      "Cost", "Reviewed", "Gain", "KPI unit"]
    assert exported["Satisfaction (1-5) ± (95%)"].tolist() == [0.153, 0.2]


def test_a_charts_text_alternative_is_escaped_and_hidden_from_sight_only():
    from ld_dash.ui.components import CARD_CSS, chart_alternative

    text = chart_alternative("Spend <by> goal", "Costs & <script>alert(1)</script>")
    assert text == ('<p class="ld-sr-only" role="note">Chart: Spend &lt;by&gt; goal. Costs &amp; '
                    '&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    assert ".ld-sr-only" in CARD_CSS and "clip: rect(0 0 0 0)" in CARD_CSS  # off sight, still in the page


def test_escaped_markdown_keeps_urls_from_becoming_links():
    # st.table and captions render Markdown: escapes stop emphasis and images, a word joiner stops the
    # autolinks escapes do not (checked in Chromium: no <img>, <a> or <em> in the escaped table).
    from ld_dash.formatting import escape_markdown

    assert escape_markdown("![](http://h/p.png) www.x.org *a*") == \
        "\\!\\[\\]\\(http\\:\u2060//h/p\\.png\\) www\u2060\\.x\\.org \\*a\\*"
