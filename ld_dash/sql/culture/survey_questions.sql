-- culture survey by question · grain: period × question · params: $start, $end, $business_units, $regions, $job_levels
-- Mean score (1-5) per question over the answers in the period. n = respondents to the question on the
-- period's largest survey day (a lower bound on distinct people). Reads the culture_survey_cells summary.
WITH days AS (
    SELECT c.surveyed_on, c.question_key, sum(c.score_sum) AS score_sum, sum(c.answers) AS answers,
           sum(c.respondents) AS respondents
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
    GROUP BY ALL
)
SELECT question_key, sum(score_sum) / nullif(sum(answers), 0) AS score, max(respondents) AS n
FROM days
GROUP BY ALL
ORDER BY score;
