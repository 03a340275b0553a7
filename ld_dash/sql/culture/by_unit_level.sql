-- culture by business unit and job level · grain: period × unit × level
-- params: $start, $end, $business_units, $regions, $job_levels, $fy_first, $fy_last
-- Hours per employee and 90-day reach as in the metrics (n = headcount at period end, or the people
-- employed during the period where all have left, so a row resting on someone is never n = 0); the
-- survey index and share of favourable answers (questions of the index) from answers whose own unit and level match (respondents counted apart: the period's
-- largest survey day); budget use over the fiscal years the period overlaps (holders counted apart).
-- The Python side blanks a survey index or budget share resting on fewer people than the minimum.
WITH people AS (
    SELECT employee_id, business_unit, job_level, at_start, at_end
    FROM period_people($business_units, $regions, $job_levels, $start, $end)
), hours AS (
    SELECT employee_id, sum(learning_hours) AS hours
    FROM completions WHERE completed_on BETWEEN $start AND $end
    GROUP BY ALL
), recent AS (
    SELECT employee_id FROM learned_recently($end)
), learning AS (
    SELECT p.business_unit, p.job_level,
           coalesce(nullif(count(*) FILTER (WHERE p.at_end), 0), count(*)) AS n,
           coalesce(sum(h.hours), 0)
               / nullif((count(*) FILTER (WHERE p.at_start) + count(*) FILTER (WHERE p.at_end)) / 2.0, 0)
               AS hours_per_employee,
           count(r.employee_id) FILTER (WHERE p.at_end) / nullif(count(*) FILTER (WHERE p.at_end), 0)
               AS reach_90d
    FROM people AS p
    LEFT JOIN hours AS h USING (employee_id)
    LEFT JOIN recent AS r USING (employee_id)
    GROUP BY ALL
), survey_days AS (
    SELECT c.business_unit, c.job_level, c.surveyed_on, sum(c.score_sum) AS score_sum, sum(c.answers) AS answers,
           sum(c.favourable) AS favourable
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.in_index
    GROUP BY ALL
), respondent_days AS (
    SELECT d.business_unit, d.job_level, d.surveyed_on, sum(d.respondents) AS respondents
    FROM culture_survey_days AS d
    WHERE d.surveyed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, d.business_unit, d.region, d.job_level)
    GROUP BY ALL
), survey AS (
    SELECT s.business_unit, s.job_level, sum(s.score_sum) / nullif(sum(s.answers), 0) AS survey_index,
           sum(s.favourable) / nullif(sum(s.answers), 0) AS survey_favourable,
           max(r.respondents) AS respondents
    FROM survey_days AS s
    JOIN respondent_days AS r USING (business_unit, job_level, surveyed_on)
    GROUP BY ALL
), budgets AS (
    SELECT s.business_unit, s.job_level,
           avg(CASE WHEN b.spent > 0 THEN 1.0 ELSE 0.0 END) AS budget_used_share,
           count(*) AS holders
    FROM (SELECT employee_id, sum(spent) AS spent FROM learning_budgets
          WHERE fiscal_year BETWEEN $fy_first AND $fy_last AND allocated > 0 GROUP BY ALL) AS b
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    GROUP BY ALL
)
SELECT l.business_unit, l.job_level, l.n, l.hours_per_employee, l.reach_90d,
       sv.survey_index, sv.survey_favourable, coalesce(sv.respondents, 0) AS respondents,
       bg.budget_used_share, coalesce(bg.holders, 0) AS holders
FROM learning AS l
LEFT JOIN survey AS sv USING (business_unit, job_level)
LEFT JOIN budgets AS bg USING (business_unit, job_level)
ORDER BY l.business_unit, l.job_level;
