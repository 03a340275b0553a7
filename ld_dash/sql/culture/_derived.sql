-- Built at publish after derived.sql: culture-survey answers summed per survey day, question and the
-- respondent's own unit, region and level, so that no page counts distinct respondents over raw answers
-- (about 1.2M rows at 100,000 employees). `respondents` is exact within a cell; summed over the cells of
-- one survey day it is exact too (a respondent answers a survey in one unit, region and level). Over
-- several survey days the queries take the largest day's count: a lower bound on distinct people, so
-- suppression errs on the side of hiding.
--
-- Each question is read on its own scale (survey_items): an answer that is one of the question's
-- "don't know" / "not applicable" codes is counted as `excluded` and in no mean or share. `score_sum`
-- is on the index's 1-5 scale (an answer on a 1-4 scale is stretched linearly: 1 stays 1, 4 becomes 5),
-- so questions on different scales can be averaged; `raw_sum` is on the question's own scale.
-- Favourable = the question's favourable_min or above (default: the top two answers); unfavourable =
-- the same number of answers at the bottom. A question missing from survey_items (data published
-- before it existed) reads as 1-5 with no codes, the only scale answers could have then. An answer
-- that carries an employee id instead of a unit, region and level takes them from that employee.
CREATE OR REPLACE TABLE culture_survey_cells AS
WITH answers AS (
    SELECT a.surveyed_on, a.question_key, a.respondent_id, a.score,
           coalesce(a.business_unit, e.business_unit) AS business_unit,
           coalesce(a.region, e.region) AS region,
           coalesce(a.job_level, e.job_level) AS job_level,
           coalesce(i.scale_min, 1) AS lo, coalesce(i.scale_max, 5) AS hi,
           coalesce(list_contains(list_transform(string_split_regex(i.excluded_codes, '\s*[;,]\s*'),
                                                 lambda c: TRY_CAST(c AS BIGINT)), a.score), false) AS excluded,
           coalesce(i.favourable_min, coalesce(i.scale_max, 5) - 1) AS favourable_from,
           coalesce(i.in_index, true) AS in_index
    FROM culture_survey AS a
    LEFT JOIN survey_items AS i ON i.question_key = a.question_key
    LEFT JOIN employees AS e ON e.employee_id = a.employee_id
)
SELECT surveyed_on, question_key, business_unit, region, job_level,
       any_value(in_index) AS in_index, any_value(lo) AS scale_min, any_value(hi) AS scale_max,
       count(*) FILTER (WHERE NOT excluded) AS answers,
       coalesce(sum(1 + 4.0 * (score - lo) / (hi - lo)) FILTER (WHERE NOT excluded), 0) AS score_sum,
       coalesce(sum(score) FILTER (WHERE NOT excluded), 0) AS raw_sum,
       count(*) FILTER (WHERE NOT excluded AND score >= favourable_from) AS favourable,
       count(*) FILTER (WHERE NOT excluded AND score <= lo + (hi - favourable_from)) AS unfavourable,
       count(*) FILTER (WHERE excluded) AS excluded,
       count(DISTINCT respondent_id) FILTER (WHERE NOT excluded) AS respondents
FROM answers
GROUP BY ALL
ORDER BY surveyed_on;

-- The same per survey day and cell with the questions of the index collapsed: the respondents of the
-- whole survey (people with at least one answer in the index).
CREATE OR REPLACE TABLE culture_survey_days AS
SELECT a.surveyed_on,
       coalesce(a.business_unit, e.business_unit) AS business_unit,
       coalesce(a.region, e.region) AS region,
       coalesce(a.job_level, e.job_level) AS job_level,
       count(DISTINCT a.respondent_id) AS respondents
FROM culture_survey AS a
LEFT JOIN survey_items AS i ON i.question_key = a.question_key
LEFT JOIN employees AS e ON e.employee_id = a.employee_id
WHERE coalesce(i.in_index, true)
  AND NOT coalesce(list_contains(list_transform(string_split_regex(i.excluded_codes, '\s*[;,]\s*'),
                                                lambda c: TRY_CAST(c AS BIGINT)), a.score), false)
GROUP BY ALL
ORDER BY a.surveyed_on;

-- People in scope employed at any time in [first_day, last_day], with whether they were employed on its
-- first and last day: one definition for the culture breakdowns by unit and by unit and level.
CREATE OR REPLACE MACRO period_people(units, regions, levels, first_day, last_day) AS TABLE
SELECT s.employee_id, s.business_unit, s.job_level,
       employed_on(s.hire_date, s.termination_date, first_day) AS at_start,
       employed_on(s.hire_date, s.termination_date, last_day) AS at_end
FROM staff(units, regions, levels) AS s
WHERE s.hire_date <= last_day AND (s.termination_date IS NULL OR s.termination_date >= first_day);
