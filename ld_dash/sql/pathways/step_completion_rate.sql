-- pathways.step_completion_rate · grain: period (cohort of enrolments started in it)
-- params: $start, $end, $business_units, $regions, $job_levels
-- Each pathway-step enrolment counts once (DISTINCT enrollment_id), even when its programme serves two
-- pathways. Completed = status completed with a completion date on or before period end.
WITH started AS (
    SELECT DISTINCT pe.enrollment_id, pe.emp_key, pe.is_completed AND pe.completed_on <= $end AS done
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.enrolled_on BETWEEN $start AND $end
)
SELECT avg(CASE WHEN done THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT emp_key) AS n
FROM started;
