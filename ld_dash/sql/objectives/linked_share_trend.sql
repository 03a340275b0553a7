-- objectives tied-to-goal trend · grain: quarter × {Spend, Learning hours}
-- params: $end, $business_units, $regions, $job_levels
-- The quarters of the three years to period end (the last one may be partial): the share of programme
-- costs incurred (organisation-wide) and of completed learning hours (people in scope) on programmes
-- mapped to a goal that exists in `objectives`. n = learners behind the hours row (NULL for spend: money,
-- not people).
WITH spend AS (
    SELECT date_trunc('quarter', c.incurred_on) AS q,
           sum(CASE WHEN o.objective_id IS NOT NULL THEN c.amount ELSE 0 END) / nullif(sum(c.amount), 0) AS share
    FROM program_costs AS c
    JOIN programs AS p USING (program_id)
    LEFT JOIN objectives AS o ON o.objective_id = p.objective_id
    WHERE c.incurred_on BETWEEN date_trunc('quarter', CAST($end AS DATE) - INTERVAL 33 MONTH) AND $end
    GROUP BY ALL
), hours AS (
    SELECT date_trunc('quarter', c.completed_on) AS q,
           sum(CASE WHEN o.objective_id IS NOT NULL THEN c.learning_hours ELSE 0 END)
               / nullif(sum(c.learning_hours), 0) AS share,
           count(DISTINCT c.employee_id) AS n
    FROM completions AS c
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    LEFT JOIN objectives AS o ON o.objective_id = c.objective_id
    WHERE c.completed_on BETWEEN date_trunc('quarter', CAST($end AS DATE) - INTERVAL 33 MONTH) AND $end
    GROUP BY ALL
)
SELECT strftime(q, '%Y') || '-Q' || CAST(quarter(q) AS VARCHAR) AS quarter, measure, share, n
FROM (
    SELECT q, 'Spend' AS measure, share, CAST(NULL AS BIGINT) AS n FROM spend
    UNION ALL
    SELECT q, 'Learning hours' AS measure, share, n FROM hours
)
ORDER BY q, measure DESC;
