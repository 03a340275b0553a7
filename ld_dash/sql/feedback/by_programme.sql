-- feedback by programme · grain: period × programme · params: $start, $end, $business_units, $regions, $job_levels
-- One row per programme with a response in the period. n = distinct respondents (people); responses
-- counts survey answers; applied_n counts the people who answered the 90-day question. The L2 gain comes from the programme's completions in the period with both
-- scores, and gain_n counts the people behind it (the Python side blanks it below the minimum).
WITH per_programme AS (
    SELECT r.program_id,
           count(*) AS responses,
           count(DISTINCT r.employee_id) AS n,
           avg(r.satisfaction) AS satisfaction,
           avg(r.relevance) AS relevance,
           100.0 * (avg(CASE WHEN r.nps >= 9 THEN 1.0 ELSE 0.0 END)
                  - avg(CASE WHEN r.nps <= 6 THEN 1.0 ELSE 0.0 END)) AS nps,
           avg(CASE WHEN r.applied_on_job_90d >= 4 THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE r.applied_on_job_90d IS NOT NULL) AS applied_share,
           count(DISTINCT r.employee_id) FILTER (WHERE r.applied_on_job_90d IS NOT NULL) AS applied_n
    FROM feedback_responses AS r
    WHERE r.responded_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level)
    GROUP BY ALL
), gains AS (
    SELECT c.program_id, avg(c.post_score - c.pre_score) AS learning_gain,
           count(DISTINCT c.employee_id) AS gain_n
    FROM feedback_completions AS c
    WHERE c.completed_on BETWEEN $start AND $end
      AND c.pre_score IS NOT NULL AND c.post_score IS NOT NULL
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
    GROUP BY ALL
)
SELECT p.name AS programme, pp.responses, pp.n, pp.satisfaction, pp.relevance, pp.nps, g.learning_gain,
       coalesce(g.gain_n, 0) AS gain_n, pp.applied_share, pp.applied_n
FROM per_programme AS pp
JOIN programs AS p USING (program_id)
LEFT JOIN gains AS g USING (program_id)
ORDER BY pp.satisfaction, p.name;
