-- feedback by programme · grain: period × programme · params: $start, $end, $business_units, $regions, $job_levels
-- One row per programme with a response in the period. n = distinct respondents (people); responses
-- counts survey answers; applied_n counts the people who answered the 90-day question. The L2 gain comes from the programme's completions in the period with both
-- scores, and gain_n counts the people behind it (the Python side blanks it below the minimum).
-- *_margin: half the width of the figure's 95% interval (normal approximation: 1.96 × standard error,
-- over the responses or score pairs; NULL where fewer than two stand behind it).
WITH per_programme AS (
    SELECT r.program_id,
           count(*) AS responses,
           count(DISTINCT r.employee_id) AS n,
           avg(r.satisfaction) AS satisfaction,
           1.959964 * stddev_samp(r.satisfaction) / sqrt(count(r.satisfaction)) AS satisfaction_margin,
           avg(r.relevance) AS relevance,
           100.0 * (avg(CASE WHEN r.nps >= 9 THEN 1.0 ELSE 0.0 END)
                  - avg(CASE WHEN r.nps <= 6 THEN 1.0 ELSE 0.0 END)) AS nps,
           avg(CASE WHEN r.applied_on_job_90d >= 4 THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE r.applied_on_job_90d IS NOT NULL) AS applied_share,
           count(DISTINCT r.employee_id) FILTER (WHERE r.applied_on_job_90d IS NOT NULL) AS applied_n,
           count(r.applied_on_job_90d) AS applied_answers
    FROM feedback_responses AS r
    WHERE r.responded_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level)
    GROUP BY ALL
), gains AS (
    SELECT c.program_id, avg(c.post_score - c.pre_score) AS learning_gain,
           1.959964 * stddev_samp(c.post_score - c.pre_score) / sqrt(count(*)) AS gain_margin,
           count(DISTINCT c.employee_id) AS gain_n
    FROM feedback_completions AS c
    WHERE c.completed_on BETWEEN $start AND $end
      AND c.pre_score IS NOT NULL AND c.post_score IS NOT NULL
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
    GROUP BY ALL
)
SELECT p.name AS programme, pp.responses, pp.n, pp.satisfaction, pp.satisfaction_margin, pp.relevance, pp.nps,
       g.learning_gain, g.gain_margin, coalesce(g.gain_n, 0) AS gain_n, pp.applied_share,
       CASE WHEN pp.applied_answers >= 2
            THEN 1.959964 * sqrt(pp.applied_share * (1 - pp.applied_share) / pp.applied_answers) END
           AS applied_margin,
       pp.applied_n
FROM per_programme AS pp
JOIN programs AS p USING (program_id)
LEFT JOIN gains AS g USING (program_id)
ORDER BY pp.satisfaction, p.name;
