-- leadership team effect by business unit · grain: business unit × {leader takes part, does not}
-- params: $start, $end, $business_units, $regions, $job_levels (the team's unit is the learner's)
-- A team is a leader's direct reports. A leader "takes part" with any leader activity (attended, taught,
-- coached, sponsored) in the period. Over enrolments due in the period of people in scope with a manager:
--   completion_rate: share completed by period end; n = people with such an enrolment
--   applied_share:   share of their feedback answers to "applied on the job at 90 days" (L3) of 4 or more,
--                    mean_applied the mean answer (1-5); respondents = people with such an answer
WITH taking_part AS (
    SELECT DISTINCT leader_id FROM leader_activities WHERE activity_on BETWEEN $start AND $end
), due AS (
    SELECT e.enrollment_id, e.employee_id, s.business_unit,
           e.status = 'completed' AND e.completed_on <= $end AS done,
           s.manager_id IN (SELECT leader_id FROM taking_part) AS leader_takes_part
    FROM enrollments AS e
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE e.due_on BETWEEN $start AND $end AND s.manager_id IS NOT NULL
), answers AS (
    SELECT d.business_unit, d.leader_takes_part, d.employee_id, f.applied_on_job_90d AS applied
    FROM due AS d
    JOIN feedback AS f USING (enrollment_id)
    WHERE f.applied_on_job_90d IS NOT NULL AND f.responded_on <= $end
), completion AS (
    SELECT business_unit, leader_takes_part, avg(CASE WHEN done THEN 1.0 ELSE 0.0 END) AS completion_rate,
           count(*) AS enrolments, count(DISTINCT employee_id) AS n
    FROM due GROUP BY ALL
), applied AS (
    SELECT business_unit, leader_takes_part, avg(CASE WHEN applied >= 4 THEN 1.0 ELSE 0.0 END) AS applied_share,
           avg(applied) AS mean_applied, count(*) AS responses, count(DISTINCT employee_id) AS respondents
    FROM answers GROUP BY ALL
)
SELECT c.business_unit,
       CASE WHEN c.leader_takes_part THEN 'Leader takes part' ELSE 'Leader does not take part' END AS team,
       c.completion_rate, c.enrolments, c.n,
       a.applied_share, a.mean_applied, coalesce(a.responses, 0) AS responses,
       coalesce(a.respondents, 0) AS respondents
FROM completion AS c
LEFT JOIN applied AS a USING (business_unit, leader_takes_part)
ORDER BY c.business_unit, team DESC;
