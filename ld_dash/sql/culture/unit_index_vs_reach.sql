-- culture: unit survey index against learning reach · grain: period × business unit
-- params: $start, $end, $business_units, $regions, $job_levels
-- Per business unit (columns named for the chart's axis titles): the survey index of the answers in the
-- period (the answers' own unit; respondents = the largest survey day) and the 90-day reach at period end
-- (the employees' unit). n = the smaller of respondents and headcount, so a point is shown only when
-- both groups are large enough.
WITH survey_days AS (
    SELECT c.business_unit, c.surveyed_on, sum(c.score_sum) AS score_sum, sum(c.answers) AS answers
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.in_index
    GROUP BY ALL
), respondent_days AS (
    SELECT d.business_unit, d.surveyed_on, sum(d.respondents) AS respondents
    FROM culture_survey_days AS d
    WHERE d.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, d.business_unit, d.region, d.job_level)
    GROUP BY ALL
), survey AS (
    SELECT s.business_unit, sum(s.score_sum) / nullif(sum(s.answers), 0) AS survey_index, max(r.respondents) AS respondents
    FROM survey_days AS s
    JOIN respondent_days AS r USING (business_unit, surveyed_on)
    GROUP BY ALL
), people AS (
    SELECT s.employee_id, s.business_unit
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), recent AS (
    SELECT employee_id FROM learned_recently($end)
), reach AS (
    SELECT p.business_unit, count(r.employee_id) / count(*) AS reach_90d, count(*) AS headcount
    FROM people AS p
    LEFT JOIN recent AS r USING (employee_id)
    GROUP BY ALL
)
SELECT business_unit, reach.reach_90d AS learned_in_last_90_days, survey.survey_index AS culture_index,
       survey.respondents, reach.headcount,
       least(survey.respondents, reach.headcount) AS n
FROM survey
JOIN reach USING (business_unit)
ORDER BY business_unit;
