-- culture survey: share of favourable answers per question and business unit · grain: period × question × unit
-- params: $start, $end, $business_units, $regions, $job_levels
-- The answers' own unit (or, for answers carrying an employee id, that employee's). n = respondents to
-- the question in the unit on the period's largest survey day, so a small unit's cell is suppressed.
WITH days AS (
    SELECT c.surveyed_on, c.question_key, c.business_unit, sum(c.answers) AS answers,
           sum(c.favourable) AS favourable, sum(c.respondents) AS respondents
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.business_unit IS NOT NULL
    GROUP BY ALL
)
SELECT question_key, business_unit, sum(favourable) / nullif(sum(answers), 0) AS favourable, max(respondents) AS n
FROM days
GROUP BY ALL
ORDER BY business_unit, question_key;
