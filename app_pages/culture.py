"""Culture of continuous learning: is learning a habit across the organisation, and do people feel it is valued?"""
from ld_dash.ui import page

p = page.open("culture")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("hours_trend")
with right:
    p.chart("reach_trend")
left, right = p.columns()
with left:
    p.chart("hours_by_unit")
with right:
    p.chart("reach_by_unit")
left, right = p.columns()
with left:
    p.chart("survey_change")
with right:
    p.chart("survey_trend")
p.chart("survey_answers")
p.chart("favourable_by_unit")
p.chart("index_vs_reach")
p.breakdown("survey_items")
p.breakdown("survey_change")
p.breakdown("by_unit_level")
left, right = p.columns()
with left:
    p.chart("budgets_unspent")
with right:
    p.chart("turnover_by_reach")
p.breakdown("budgets")
p.breakdown("turnover_by_reach")
p.chart("learners_and_others")
p.breakdown("learners_and_others")
