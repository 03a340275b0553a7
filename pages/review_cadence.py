"""Review cadence: are programmes reviewed on schedule, and changed when the evidence says so?"""
from ld_dash.ui import page

p = page.open("review_cadence")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("cycle_used")
with right:
    p.chart("outcomes")
p.breakdown("overdue")
