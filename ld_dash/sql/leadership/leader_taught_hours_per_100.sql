-- leadership.leader_taught_hours_per_100 · grain: period · params: $start, $end, $business_units, $regions, $job_levels
WITH headcount AS (
    SELECT n FROM headcount_on($business_units, $regions, $job_levels, $end)
), taught AS (
    SELECT sum(a.hours) AS hours
    FROM leader_activities AS a
    JOIN staff($business_units, $regions, $job_levels) AS s ON s.employee_id = a.leader_id
    WHERE a.activity = 'taught' AND a.activity_on BETWEEN $start AND $end
)
SELECT coalesce(taught.hours, 0) * 100.0 / nullif(headcount.n, 0) AS value,
       headcount.n AS n
FROM headcount, taught;
