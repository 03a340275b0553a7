-- pathways.median_days_to_complete · grain: period (step completions in it)
-- params: $start, $end, $business_units, $regions, $job_levels
-- Days from enrolment to completion of each pathway step completed in the period.
WITH done AS (
    SELECT DISTINCT pe.enrollment_id, pe.emp_key, pe.completed_on - pe.enrolled_on AS days
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.is_completed AND pe.completed_on BETWEEN $start AND $end
)
SELECT CAST(median(days) AS DOUBLE) AS value,
       count(DISTINCT emp_key) AS n
FROM done;
