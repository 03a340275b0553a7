-- objectives spend by goal · grain: goal in force (priority order) + "Not tied to any goal"
-- params: $start, $end (organisation-wide, programme money: not people)
-- Programme costs incurred in the period, by the goal the programme is mapped to. Goals in force with no
-- spend are listed with zero (and a goal no longer in force is listed when it still drew spend);
-- programmes without a goal known to `objectives` are pooled in the last row.
WITH spend AS (
    SELECT o.objective_id, sum(c.amount) AS spend
    FROM program_costs AS c
    JOIN programs AS p USING (program_id)
    LEFT JOIN objectives AS o ON o.objective_id = p.objective_id
    WHERE c.incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), goals AS (
    SELECT objective_id, priority, CAST(priority AS VARCHAR) || '. ' || business_goal AS goal
    FROM objectives
    WHERE (baseline_date <= $end AND target_date >= $start)
       OR objective_id IN (SELECT objective_id FROM spend)
), lines AS (
    SELECT g.priority, g.goal, coalesce(s.spend, 0.0) AS spend
    FROM goals AS g
    LEFT JOIN spend AS s USING (objective_id)
    UNION ALL
    SELECT NULL AS priority, 'Not tied to any goal' AS goal, s.spend
    FROM spend AS s
    WHERE s.objective_id IS NULL
)
SELECT goal, spend, spend / nullif(sum(spend) OVER (), 0) AS spend_share
FROM lines
ORDER BY priority NULLS LAST;
