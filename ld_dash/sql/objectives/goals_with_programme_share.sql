-- objectives.goals_with_programme_share · grain: period · params: $start, $end (organisation-wide)
-- Goals in force in the period (baseline_date <= period end, target_date >= period start) with at least
-- one programme mapped to them and active in the period (launched by its end, not retired before its start).
WITH goals AS (
    SELECT objective_id FROM objectives WHERE baseline_date <= $end AND target_date >= $start
), backed AS (
    SELECT DISTINCT p.objective_id
    FROM programs AS p
    WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start)
)
SELECT avg(CASE WHEN backed.objective_id IS NOT NULL THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM goals
LEFT JOIN backed USING (objective_id);
