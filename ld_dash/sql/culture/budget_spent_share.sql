-- culture.budget_spent_share · grain: fiscal years · params: $fy_first, $fy_last, $business_units, $regions, $job_levels
-- Run by ld_dash.metrics.culture (METRIC_FUNCTIONS), which turns the period into the fiscal years it
-- overlaps ($fy_first..$fy_last, named by the calendar year they end in). Money spent / money allocated
-- over the personal learning budgets (allocation > 0) of people in scope in those years.
-- n = budget holders (people).
SELECT sum(b.spent) / nullif(sum(b.allocated), 0) AS value,
       count(DISTINCT b.employee_id) AS n
FROM learning_budgets AS b
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
WHERE b.fiscal_year BETWEEN $fy_first AND $fy_last AND b.allocated > 0;
