"""Strategic skills: do people have the skills the strategy needs, and are the gaps closing?"""
from ld_dash.ui import page

p = page.open("skills")
p.kpis()
p.findings()
p.chart("gap_heatmap")
p.chart("strategic_heatmap")
left, right = p.columns()
with left:
    p.chart("strategic_coverage")
with right:
    p.chart("gap_closure")
p.chart("before_after")
p.breakdown("skill_programmes")
p.breakdown("by_role_family")
