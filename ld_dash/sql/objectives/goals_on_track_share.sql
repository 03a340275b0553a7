-- objectives.goals_on_track_share · grain: period end · params: $start, $end (organisation-wide)
-- Goals in force in the period with a KPI reading by period end: the share whose latest reading is at or
-- beyond the straight baseline-to-target line (see objectives_goal_status in _derived.sql). n = goals with a reading.
SELECT avg(CASE WHEN on_track THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM objectives_goal_status($start, $end)
WHERE measured_on IS NOT NULL;
