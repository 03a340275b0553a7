-- culture.survey_index · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Mean score (1-5) over every culture-survey answer in the period. Survey rows carry the respondent's
-- own unit, region and level (answers are anonymous), so the scope filter reads those columns.
-- n = respondents on the period's largest survey day: exact with one survey in the period, a lower
-- bound on distinct people otherwise (so suppression errs on the side of hiding). Reads summaries.
WITH answers AS (
    SELECT sum(c.score_sum) / nullif(sum(c.answers), 0) AS value
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.in_index
), days AS (
    SELECT d.surveyed_on, sum(d.respondents) AS respondents
    FROM culture_survey_days AS d
    WHERE d.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, d.business_unit, d.region, d.job_level)
    GROUP BY ALL
)
SELECT answers.value, coalesce((SELECT max(respondents) FROM days), 0) AS n
FROM answers;
