"""Learning pathways: do role-based pathways get people through, quickly, and on to promotion?"""
from ld_dash.ui import page

p = page.open("pathways")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("funnel")
with right:
    p.chart("completion_by_pathway")
p.breakdown("by_pathway")
p.chart("promotion")
p.breakdown("promotion")
