-- objectives KPI trajectories · grain: goal in force × KPI reading · params: $start, $end (organisation-wide)
-- Every reading of each goal in force, from its baseline date to period end, placed against the straight
-- line from (baseline_date, baseline_value) to (target_date, target_value):
--   line_gap = (reading − line's value on the reading's date) / (target − baseline)
--            = share of the way to target covered − share of the time elapsed;
-- 0 = on the line, +0.10 = 10% of the way ahead, −0.10 = 10% behind (the at-risk boundary).
-- Goals to hold a level (target = baseline) have no line to be ahead of and are left out.
WITH goals AS (
    SELECT * FROM objectives
    WHERE baseline_date <= $end AND target_date >= $start AND target_value <> baseline_value
)
SELECT CAST(g.priority AS VARCHAR) || '. ' || g.business_goal AS goal,
       m.measured_on, m.value AS reading,
       g.baseline_value + (g.target_value - g.baseline_value) * t.time_elapsed AS line_value,
       g.target_value, g.kpi_unit,
       (m.value - g.baseline_value) / (g.target_value - g.baseline_value) - t.time_elapsed AS line_gap
FROM goals AS g
JOIN objective_measurements AS m USING (objective_id)
CROSS JOIN LATERAL (
    SELECT CASE WHEN g.target_date <= g.baseline_date THEN 1.0
                ELSE least(greatest(date_diff('day', g.baseline_date, m.measured_on)
                                    / date_diff('day', g.baseline_date, g.target_date), 0.0), 1.0)
           END AS time_elapsed
) AS t
WHERE m.measured_on BETWEEN g.baseline_date AND $end
ORDER BY g.priority, m.measured_on;
