-- pathway funnel · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Cohort: people (in scope) with a step enrolment on a pathway started in the period. Stages: how many
-- of them had completed step 1, 2, 3 ... of that pathway by period end (whenever they did). A person on
-- two pathways counts once per stage. Step k exists only on pathways with at least k steps, so later
-- stages also narrow because some pathways are shorter.
WITH cohort AS (
    SELECT DISTINCT pe.emp_key, pe.pathway_id
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.enrolled_on BETWEEN $start AND $end
), done AS (
    SELECT DISTINCT pe.emp_key, pe.step_no
    FROM pathways_step_enrolments AS pe
    SEMI JOIN cohort USING (emp_key, pathway_id)
    WHERE pe.is_completed AND pe.completed_on <= $end
), stages AS (
    SELECT 0 AS step_no, 'On a pathway' AS stage, count(DISTINCT emp_key) AS people FROM cohort
    UNION ALL
    SELECT step_no, 'Completed step ' || step_no AS stage, count(*) AS people
    FROM done
    GROUP BY step_no
)
SELECT step_no, stage, people, people AS n
FROM stages
WHERE people > 0
ORDER BY step_no;
