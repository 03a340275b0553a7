-- objectives KPI progress · grain: goal in force with a reading × {progress, time elapsed}
-- params: $start, $end (organisation-wide; goals are not people)
-- For each goal: the share of the way from baseline to target its latest reading has come, beside the
-- share of the baseline-to-target time passed at that reading's date. On track = progress ≥ time.
SELECT CAST(priority AS VARCHAR) || '. ' || business_goal AS goal, measure, share
FROM (
    SELECT priority, business_goal, 'Progress to target' AS measure, progress AS share
    FROM objectives_goal_status($start, $end) WHERE measured_on IS NOT NULL AND direction <> 0
    UNION ALL
    SELECT priority, business_goal, 'Time elapsed' AS measure, time_elapsed AS share
    FROM objectives_goal_status($start, $end) WHERE measured_on IS NOT NULL AND direction <> 0
)
ORDER BY priority, measure;
