-- pathways breakdown by pathway · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- People (in scope) with a step enrolment on the pathway started in the period, and where each of them
-- stands at period end: completed (finished its last step by period end), dropped (not completed, and
-- either their latest step enrolment started by period end is dropped or they had left the organisation
-- by period end) or in progress (the rest).
-- Step completion rate: step enrolments started in the period and completed by its end / those started.
-- Median days per step: enrolment to completion, over the pathway's step completions in the period.
-- Median days to finish: from a person's first step enrolment on the pathway to their completion of its
-- last step, over people in scope who finished the pathway in the period (pathways_completers).
WITH cohort AS (
    SELECT DISTINCT pe.emp_key, pe.pathway_id
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.enrolled_on BETWEEN $start AND $end
), history AS (
    -- every step enrolment of the cohort on its pathway up to period end, also those before the period
    SELECT pe.*, pe.is_completed AND pe.completed_on <= $end AS done_by_end
    FROM pathways_step_enrolments AS pe
    SEMI JOIN cohort USING (emp_key, pathway_id)
    WHERE pe.enrolled_on <= $end
), standing AS (
    SELECT pathway_id, emp_key,
           bool_or(is_last_step AND done_by_end) AS finished,
           -- the latest step enrolment (by date, then step; an integer key sorts faster than a struct)
           arg_max(status = 'dropped', date_diff('day', DATE '2000-01-01', enrolled_on) * 100 + step_no)
               OR NOT employed_on(any_value(hire_date), any_value(termination_date), $end) AS dropped_out
    FROM history
    GROUP BY ALL
), people AS (
    SELECT pathway_id,
           count(*) AS n,
           count(*) FILTER (WHERE finished) AS completed,
           count(*) FILTER (WHERE NOT finished AND dropped_out) AS dropped,
           count(*) FILTER (WHERE NOT finished AND NOT dropped_out) AS in_progress
    FROM standing
    GROUP BY ALL
), steps AS (
    SELECT pathway_id,
           avg(CASE WHEN pe.is_completed AND pe.completed_on <= $end THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE pe.enrolled_on >= $start) AS step_completion_rate,
           CAST(median(pe.completed_on - pe.enrolled_on)
                    FILTER (WHERE pe.is_completed AND pe.completed_on BETWEEN $start AND $end) AS DOUBLE) AS median_days
    FROM pathways_step_enrolments AS pe
    WHERE in_scope($business_units, $regions, $job_levels, pe.business_unit, pe.region, pe.job_level)
      AND pe.enrolled_on <= $end
      AND (pe.enrolled_on >= $start OR (pe.is_completed AND pe.completed_on BETWEEN $start AND $end))
    GROUP BY ALL
), finishing AS (
    SELECT pathway_id, CAST(median(days_to_finish) AS DOUBLE) AS median_days_to_finish,
           count(*) AS finishers
    FROM pathways_completers
    WHERE completed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
)
SELECT l.name AS pathway, l.role_family, l.target_job_level AS target_level, l.steps,
       people.n, people.in_progress, people.completed, people.dropped,
       people.completed / people.n AS completed_share,
       steps.step_completion_rate,
       steps.median_days,
       coalesce(finishing.finishers, 0) AS finishers,
       finishing.median_days_to_finish
FROM people
JOIN pathways_lengths AS l USING (pathway_id)
LEFT JOIN steps USING (pathway_id)
LEFT JOIN finishing USING (pathway_id)
ORDER BY l.name;
