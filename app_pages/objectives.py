"""Clear objectives: is learning spend tied to the organisation's ranked goals, and are the goals moving?"""
from ld_dash.ui import page

p = page.open("objectives")
p.kpis()
p.findings()
p.breakdown("outcome_statement")
# Goal names are long and the trajectory carries one line per goal: these charts get the full width.
p.chart("goal_trajectory")
p.chart("goal_progress")
p.chart("spend_by_goal")
p.chart("linked_share_trend")
p.breakdown("orphan_programmes")
