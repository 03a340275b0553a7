-- culture survey per question on its own scale · grain: period × question
-- params: $start, $end, $business_units, $regions, $job_levels
-- Per question over the answers in the period: its scale, the mean on that scale, the shares of
-- favourable, neutral and unfavourable answers over valid answers, the valid answers, the "don't know"
-- answers left out, and n = respondents on the period's largest survey day (a lower bound on people).
WITH days AS (
    SELECT c.surveyed_on, c.question_key, any_value(c.in_index) AS in_index,
           any_value(c.scale_min) AS scale_min, any_value(c.scale_max) AS scale_max,
           sum(c.raw_sum) AS raw_sum, sum(c.answers) AS answers, sum(c.favourable) AS favourable,
           sum(c.unfavourable) AS unfavourable, sum(c.excluded) AS excluded, sum(c.respondents) AS respondents
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
    GROUP BY ALL
)
SELECT question_key, bool_or(in_index) AS in_index, min(scale_min) AS scale_min, max(scale_max) AS scale_max,
       sum(raw_sum) / nullif(sum(answers), 0) AS mean,
       sum(favourable) / nullif(sum(answers), 0) AS favourable,
       (sum(answers) - sum(favourable) - sum(unfavourable)) / nullif(sum(answers), 0) AS neutral,
       sum(unfavourable) / nullif(sum(answers), 0) AS unfavourable,
       sum(answers) AS answers, sum(excluded) AS excluded, max(respondents) AS n
FROM days
GROUP BY ALL
ORDER BY favourable, question_key;
