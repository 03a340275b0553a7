"""Review cadence: are programmes reviewed on schedule, and changed when the evidence says so?"""
from ld_dash.ui import page

p = page.open("review_cadence")
p.kpis()
p.findings()
p.chart("cycle_used")
left, right = p.columns()
with left:
    p.chart("days_since")
with right:
    p.chart("outcomes")
p.breakdown("overdue")
p.chart("responsiveness")
p.breakdown("responsiveness")
p.breakdown("review_history")
