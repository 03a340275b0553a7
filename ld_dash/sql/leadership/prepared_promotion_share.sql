-- leadership.prepared_promotion_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Internal appointments into people-leader roles in the period (a job change into a leader role from a
-- role that was not one, other than a hire): the share whose person had completed a leadership programme
-- (programs.is_leadership) before the appointment's effective date. n = internal appointments.
WITH history AS (
    SELECT j.*, lag(j.is_people_leader) OVER (PARTITION BY j.employee_id ORDER BY j.effective_on) AS was_leader
    FROM job_changes AS j
), internal AS (
    SELECT h.employee_id, h.effective_on,
           EXISTS (SELECT 1 FROM completions AS c
                   WHERE c.employee_id = h.employee_id AND c.is_leadership
                     AND c.completed_on < h.effective_on) AS prepared
    FROM history AS h
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE h.is_people_leader AND NOT coalesce(h.was_leader, false) AND h.change_type <> 'hire'
      AND h.effective_on BETWEEN $start AND $end
)
SELECT avg(CASE WHEN prepared THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM internal;
