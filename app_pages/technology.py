"""Technology uptake: are people using the learning platforms, and is digital delivery paying its way?"""
from ld_dash.ui import page

p = page.open("technology")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("active_by_platform")
with right:
    p.chart("adoption_curve")
left, right = p.columns()
with left:
    p.chart("hours_by_mode")
with right:
    p.chart("cost_per_hour_by_mode")
p.breakdown("cost_by_mode")
p.breakdown("by_business_unit")
p.breakdown("engagement_by_outcome")
