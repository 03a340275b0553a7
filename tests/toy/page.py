"""Toy dimension: its page, as thin as the others."""
from ld_dash.ui import page

p = page.open("toy")
p.kpis()
p.findings()
p.chart("by_unit")
p.breakdown("by_unit")
