"""Feedback mechanisms: do learners rate programmes well, learn from them and apply it on the job?"""
from ld_dash.ui import page

p = page.open("feedback")
p.kpis()
p.findings()
p.chart("satisfaction_by_programme")  # full width: one bar per programme
p.chart("trend")
p.breakdown("by_programme")
p.breakdown("programme_outcomes")
p.chart("programme_trend")  # full width: one row per programme
p.breakdown("comments")
