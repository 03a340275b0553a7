-- Built at publish after derived.sql: culture-survey answers summed per survey day, question and the
-- respondent's own unit, region and level, so that no page counts distinct respondents over raw answers
-- (about 1.2M rows at 100,000 employees). `respondents` is exact within a cell; summed over the cells of
-- one survey day it is exact too (a respondent answers a survey in one unit, region and level). Over
-- several survey days the queries take the largest day's count: a lower bound on distinct people, so
-- suppression errs on the side of hiding.
CREATE OR REPLACE TABLE culture_survey_cells AS
SELECT surveyed_on, question_key, business_unit, region, job_level,
       count(*) AS answers, sum(score) AS score_sum, count(DISTINCT respondent_id) AS respondents
FROM culture_survey
GROUP BY ALL
ORDER BY surveyed_on;

-- The same per survey day and cell with the questions collapsed: respondents of the whole survey.
CREATE OR REPLACE TABLE culture_survey_days AS
SELECT surveyed_on, business_unit, region, job_level, count(DISTINCT respondent_id) AS respondents
FROM culture_survey
GROUP BY ALL
ORDER BY surveyed_on;

-- People in scope employed at any time in [first_day, last_day], with whether they were employed on its
-- first and last day: one definition for the culture breakdowns by unit and by unit and level.
CREATE OR REPLACE MACRO period_people(units, regions, levels, first_day, last_day) AS TABLE
SELECT s.employee_id, s.business_unit, s.job_level,
       employed_on(s.hire_date, s.termination_date, first_day) AS at_start,
       employed_on(s.hire_date, s.termination_date, last_day) AS at_end
FROM staff(units, regions, levels) AS s
WHERE s.hire_date <= last_day AND (s.termination_date IS NULL OR s.termination_date >= first_day);
