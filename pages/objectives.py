"""Clear objectives: is learning spend tied to the organisation's ranked goals, and are the goals moving?"""
from ld_dash.ui import page

p = page.open("objectives")
p.kpis()
p.findings()
left, right = p.columns()
with left:
    p.chart("spend_by_goal")
with right:
    p.chart("goal_progress")
p.breakdown("outcome_statement")
