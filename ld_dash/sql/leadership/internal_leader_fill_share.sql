-- leadership.internal_leader_fill_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- An appointment is a job change into a people-leader role from a role that was not one; a 'hire' row is external.
WITH history AS (
    SELECT j.*, lag(j.is_people_leader) OVER (PARTITION BY j.employee_id ORDER BY j.effective_on) AS was_leader
    FROM job_changes AS j
), appointments AS (
    SELECT h.change_type
    FROM history AS h
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE h.is_people_leader AND NOT coalesce(h.was_leader, false)
      AND h.effective_on BETWEEN $start AND $end
)
SELECT avg(CASE WHEN change_type <> 'hire' THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM appointments;
