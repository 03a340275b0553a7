"""Every chart of the board pack reads at its slot size (issue 17): drawn by plotly.js in Chromium at the
size it has on the slide, no two pieces of text overlap, no text runs off the picture, and a category
axis names every bar (plotly drops every second name when they do not fit).

The charts are pictures in both the PDF and the PowerPoint, so their text cannot be measured in the
files; this draws the same figures, at the same size, in the same kind of browser, and measures them.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from ld_dash.export.pack import PackOptions, pack_figures
from ld_dash.settings import Settings

AS_OF = dt.date(2026, 10, 31)

MEASURE_JS = """async (fig) => {
  const div = document.createElement('div');
  document.body.appendChild(div);
  await Plotly.newPlot(div, fig.data, fig.layout, {staticPlot: true});
  const svg = div.querySelector('svg.main-svg').getBoundingClientRect();
  // Every piece of text plotly drew: tick labels, titles, legend, annotations, bar and point labels.
  const boxes = [];
  for (const el of div.querySelectorAll('svg text')) {
    const text = el.textContent.trim();
    const r = el.getBoundingClientRect();
    if (!text || r.width === 0 || r.height === 0) continue;
    boxes.push({text, x1: r.left, y1: r.top, x2: r.right, y2: r.bottom});
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (w > 0.5 && h > 0.5) overlaps.push(`'${a.text}' / '${b.text}'`);
    }
  }
  const outside = boxes.filter(b => b.x1 < svg.left - 1 || b.x2 > svg.right + 1 || b.y1 < svg.top - 1 ||
                                    b.y2 > svg.bottom + 1).map(b => b.text);
  const unnamed = [];
  for (const name of ['xaxis', 'yaxis']) {
    const axis = div._fullLayout[name];
    if (axis && axis.type === 'category' && axis._categories) {
      const drawn = div.querySelectorAll(`.${name[0]}tick text`).length;
      if (drawn < axis._categories.length) unnamed.push(`${name}: ${drawn} of ${axis._categories.length} names`);
    }
  }
  div.remove();
  return {overlaps, outside, unnamed};
}"""


@pytest.fixture(scope="module")
def chromium_page():
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not path:
        pytest.skip("Chromium not installed")
    import plotly.offline
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content("<html><body style='margin:0'></body></html>")
        page.add_script_tag(content=plotly.offline.get_plotlyjs())
        yield page
        browser.close()


def layout_problems(page, figures) -> list[str]:  # noqa: ANN001
    problems = []
    for title, figure in figures:
        found = page.evaluate(MEASURE_JS, json.loads(figure.to_json()))
        problems += [f"{title}: overlapping text {o}" for o in found["overlaps"]]
        problems += [f"{title}: text runs off the picture: {t!r}" for t in found["outside"]]
        problems += [f"{title}: a category axis leaves names out ({u})" for u in found["unnamed"]]
    return problems


@pytest.mark.browser
def test_every_pack_chart_reads_at_its_slot_size(demo_con, chromium_page):
    figures = pack_figures(demo_con, PackOptions(), Settings(), AS_OF)
    assert len(figures) >= 12  # the radar, one chart per dimension, the ROI waterfall
    problems = layout_problems(chromium_page, figures)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_the_check_finds_overlapping_and_missing_labels(chromium_page):
    # The check itself: a chart that crowds 40 long names into a small picture must fail it.
    import pandas as pd

    from ld_dash import charts
    from ld_dash.export import images

    crowded = pd.DataFrame({"programme": [f"A rather long programme name {i}" for i in range(40)],
                            "score": [4.0 + i / 100 for i in range(40)]})
    figure = images.for_print(charts.bar(crowded, x="programme", y="score", unit="score"), width_in=6, height_in=4)
    problems = layout_problems(chromium_page, [("crowded", figure)])
    assert any("leaves names out" in p or "overlapping" in p for p in problems), problems
