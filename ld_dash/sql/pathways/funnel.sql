-- pathway funnel · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Cohort: people (in scope) with a step enrolment on a pathway started in the period. Stages: how many
-- of them had progressed through step 1, 1-2, 1-2-3 ... of that pathway by period end (whenever they
-- did): a step counts only after every step before it, so the funnel never widens (someone who took
-- step 3's programme on its own is not "through step 3"). A person on two pathways counts once per
-- stage, at the furthest they got on either. Later stages also narrow because some pathways are shorter.
WITH cohort AS (
    SELECT DISTINCT pe.emp_key, pe.pathway_id
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.enrolled_on BETWEEN $start AND $end
), done AS (
    SELECT DISTINCT pe.emp_key, pe.pathway_id, pe.step_no
    FROM pathways_step_enrolments AS pe
    SEMI JOIN cohort USING (emp_key, pathway_id)
    WHERE pe.is_completed AND pe.completed_on <= $end
), numbered AS (
    -- Steps done in order from 1: the k-th step done is step k only while no step was skipped.
    SELECT emp_key, pathway_id, step_no,
           row_number() OVER (PARTITION BY emp_key, pathway_id ORDER BY step_no) AS k
    FROM done
), reached AS (
    SELECT emp_key, max(step_no) AS furthest
    FROM numbered
    WHERE step_no = k
    GROUP BY emp_key
), stages AS (
    SELECT 0 AS step_no, 'On a pathway' AS stage, count(DISTINCT emp_key) AS people FROM cohort
    UNION ALL
    SELECT s.step_no, 'Through step ' || s.step_no AS stage, count(r.emp_key) AS people
    FROM (SELECT unnest(range(1, coalesce((SELECT max(furthest) FROM reached), 0) + 1)) AS step_no) AS s
    LEFT JOIN reached AS r ON r.furthest >= s.step_no
    GROUP BY s.step_no
)
SELECT step_no, stage, people, people AS n
FROM stages
WHERE people > 0
ORDER BY step_no;
