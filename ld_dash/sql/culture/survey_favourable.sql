-- culture.survey_favourable · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Share of favourable answers (each question's favourable_min or above; default its top two answers)
-- over the valid answers in the period to the questions of the culture index; "don't know" codes are in
-- neither. n = respondents on the period's largest survey day, as in survey_index. Reads summaries.
WITH answers AS (
    SELECT sum(c.favourable) / nullif(sum(c.answers), 0) AS value
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
