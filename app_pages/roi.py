"""ROI of L&D: what does learning cost, fully loaded, and what measurable return does it bring?"""
from ld_dash.ui import page, roi_view

p = page.open("roi")
p.kpis()
p.findings()
roi_view.result_section(p.scope)
p.breakdown("unit_costs")
p.breakdown("evidence")
p.breakdown("programmes")
p.chart("retention_rates")
left, right = p.columns()
with left:
    p.chart("cost_by_type")
with right:
    p.chart("cost_per_participant_by_unit")
p.breakdown("by_business_unit")
p.breakdown("intangibles")
p.breakdown("assumptions")
