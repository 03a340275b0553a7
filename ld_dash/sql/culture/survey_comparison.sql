-- culture survey against the comparison period · grain: period × question
-- params: $start, $end, $cmp_start, $cmp_end, $this_label, $cmp_label, $business_units, $regions, $job_levels
-- Mean score (on the index's 1-5 scale) per question of the index, and of all questions together ("Overall index", the survey_index
-- metric), over the answers in the period and in the comparison period. n = respondents on the
-- period's largest survey day (a lower bound on distinct people, as in survey_index), so a period
-- whose survey had too few respondents is suppressed. Reads the culture_survey_cells summary.
WITH periods AS (
    SELECT 1 AS ord, $this_label AS period, CAST($start AS DATE) AS p_start, CAST($end AS DATE) AS p_end
    UNION ALL
    SELECT 2, $cmp_label, CAST($cmp_start AS DATE), CAST($cmp_end AS DATE)
), days AS (
    SELECT p.ord, p.period, c.surveyed_on, c.question_key, sum(c.score_sum) AS score_sum,
           sum(c.answers) AS answers, sum(c.respondents) AS respondents
    FROM periods AS p
    JOIN culture_survey_cells AS c ON c.surveyed_on BETWEEN p.p_start AND p.p_end
    WHERE in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.in_index
    GROUP BY ALL
), respondent_days AS (
    SELECT p.ord, d.surveyed_on, sum(d.respondents) AS respondents
    FROM periods AS p
    JOIN culture_survey_days AS d ON d.surveyed_on BETWEEN p.p_start AND p.p_end
    WHERE in_scope($business_units, $regions, $job_levels, d.business_unit, d.region, d.job_level)
    GROUP BY ALL
), per_question AS (
    SELECT ord, period, question_key, sum(score_sum) / nullif(sum(answers), 0) AS score, max(respondents) AS n
    FROM days
    GROUP BY ALL
), overall AS (
    SELECT d.ord, d.period, 'overall' AS question_key, sum(d.score_sum) / nullif(sum(d.answers), 0) AS score,
           (SELECT max(r.respondents) FROM respondent_days AS r WHERE r.ord = d.ord) AS n
    FROM days AS d
    GROUP BY ALL
)
SELECT period, question_key, score, n
FROM (SELECT * FROM overall UNION ALL SELECT * FROM per_question)
ORDER BY ord, question_key = 'overall' DESC, question_key;
