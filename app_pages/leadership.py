"""Leadership involvement: do leaders learn, teach and sponsor, and does it show in their teams?"""
from ld_dash.ui import page

p = page.open("leadership")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("team_effect")
with right:
    p.chart("leaders_vs_staff")
p.breakdown("team_effect_by_unit")
left, right = p.columns()
with left:
    p.chart("pipeline")
with right:
    p.chart("leader_share_by_unit")
p.breakdown("by_business_unit")
