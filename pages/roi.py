"""ROI of L&D: what does learning cost, fully loaded, and what measurable return does it bring?"""
from ld_dash.ui import page

p = page.open("roi")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("cost_by_type")
with right:
    p.chart("cost_per_participant_by_unit")
p.chart("retention_rates")
p.breakdown("retention_calculation")
p.breakdown("assumptions")
p.breakdown("by_business_unit")
