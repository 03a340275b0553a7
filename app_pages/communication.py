"""Communication and visibility: do campaigns reach people and move them to enrol?"""
from ld_dash.ui import page

p = page.open("communication")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("rates_by_channel")
with right:
    p.chart("rates_by_month")
left, right = p.columns()
with left:
    p.chart("reach_by_month")
with right:
    p.chart("cadence")
p.breakdown("campaigns")
p.breakdown("per_programme")
