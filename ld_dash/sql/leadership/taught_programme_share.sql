-- leadership.taught_programme_share · grain: period · params: $start, $end (organisation-wide; programmes)
-- Programmes active in the period (launched by its end, not retired before its start) with at least one
-- 'taught' leader activity in the period, over programmes active in the period. n = active programmes.
WITH taught AS (
    SELECT DISTINCT program_id FROM leader_activities
    WHERE activity = 'taught' AND activity_on BETWEEN $start AND $end
)
SELECT avg(CASE WHEN t.program_id IS NOT NULL THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM programs AS p
LEFT JOIN taught AS t USING (program_id)
WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start);
