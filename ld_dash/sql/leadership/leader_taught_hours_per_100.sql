-- leadership.leader_taught_hours_per_100 · grain: period · params: $start, $end, $units, $regions, $levels
WITH headcount AS (
    SELECT n FROM headcount_on($units, $regions, $levels, $end)
), taught AS (
    SELECT sum(a.hours) AS hours
    FROM leader_activities AS a
    JOIN staff($units, $regions, $levels) AS s ON s.employee_id = a.leader_id
    WHERE a.activity = 'taught' AND a.activity_on BETWEEN $start AND $end
)
SELECT coalesce(taught.hours, 0) * 100.0 / nullif(headcount.n, 0) AS value,
       headcount.n AS n
FROM headcount, taught;
