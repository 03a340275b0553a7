-- culture personal budgets by business unit and job level · grain: fiscal years × unit × level
-- params: $fy_first, $fy_last, $business_units, $regions, $job_levels
-- Over the fiscal years the period overlaps, per the holder's current unit and level: budget holders
-- (allocation > 0; n, people), money allocated, spent and left unspent, the share of the money spent
-- (budget_spent_share) and the share of holders who spent any of theirs (budget_used_share).
WITH holders AS (
    SELECT b.employee_id, sum(b.allocated) AS allocated, sum(b.spent) AS spent
    FROM learning_budgets AS b
    WHERE b.fiscal_year BETWEEN $fy_first AND $fy_last AND b.allocated > 0
    GROUP BY ALL
)
SELECT s.business_unit, s.job_level, count(*) AS n,
       sum(h.allocated) AS allocated, sum(h.spent) AS spent,
       greatest(sum(h.allocated) - sum(h.spent), 0) AS unspent,
       sum(h.spent) / nullif(sum(h.allocated), 0) AS spent_share,
       avg(CASE WHEN h.spent > 0 THEN 1.0 ELSE 0.0 END) AS used_share
FROM holders AS h
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
GROUP BY ALL
ORDER BY s.business_unit, s.job_level;
