-- culture.budget_used_share · grain: fiscal years · params: $fy_first, $fy_last, $business_units, $regions, $job_levels
-- Run by ld_dash.metrics.culture (METRIC_FUNCTIONS), which turns the period into the fiscal years it
-- overlaps ($fy_first..$fy_last, named by the calendar year they end in) using the fiscal-year setting.
-- A budget holder has an allocation > 0 in one of those years; they used it when their spend in
-- those years is > 0. n = budget holders.
WITH holders AS (
    SELECT b.employee_id, sum(b.spent) AS spent
    FROM learning_budgets AS b
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE b.fiscal_year BETWEEN $fy_first AND $fy_last AND b.allocated > 0
    GROUP BY ALL
)
SELECT avg(CASE WHEN spent > 0 THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM holders;
