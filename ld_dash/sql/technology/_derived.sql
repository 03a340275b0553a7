-- Technology summaries, built at publish after derived.sql, so that no request counts distinct people
-- over activity per month (DESIGN §2). People's attributes are their current ones, as in staff().

-- Calendar months the platform data covers: from the first month with activity to the later of the last
-- month with activity and the data's as-of month. A month outside has no figure (not a zero).
CREATE OR REPLACE TABLE technology_months AS
SELECT CAST(m AS DATE) AS month, last_day(CAST(m AS DATE)) AS month_end
FROM range((SELECT CAST(min(month) AS TIMESTAMP) FROM activity_months),
           (SELECT CAST(greatest(max(a.month), max(date_trunc('month', d.as_of))) AS TIMESTAMP)
              FROM activity_months AS a, dataset_info AS d) + INTERVAL 1 MONTH,
           INTERVAL 1 MONTH) AS t(m);

-- Employees with a small integer key, so that distinct counts over a date range stay cheap.
CREATE OR REPLACE TABLE technology_people AS
SELECT employee_id, business_unit, region, job_level, hire_date, termination_date, annual_salary,
       CAST(row_number() OVER (ORDER BY employee_id) AS INTEGER) AS emp_key
FROM employees;

-- Employee x month learners (platforms collapsed), with a mobile flag, minutes (all and on mobile) and
-- the person's scope columns.
CREATE OR REPLACE TABLE technology_learner_months AS
WITH learner_months AS (
    SELECT employee_id, month, bool_or(platform = 'mobile') AS used_mobile,
           sum(minutes) AS minutes, coalesce(sum(minutes) FILTER (WHERE platform = 'mobile'), 0) AS mobile_minutes
    FROM activity_months
    GROUP BY ALL
)
SELECT lm.month, k.emp_key, k.business_unit, k.region, k.job_level, lm.used_mobile, lm.minutes, lm.mobile_minutes,
       employed_on(k.hire_date, k.termination_date, last_day(lm.month)) AS employed_at_month_end
FROM learner_months AS lm
JOIN technology_people AS k USING (employee_id)
ORDER BY lm.month;

-- Headcount at each month end by scope group.
CREATE OR REPLACE TABLE technology_headcount_months AS
SELECT m.month, e.business_unit, e.region, e.job_level, count(*) AS headcount
FROM technology_months AS m
JOIN employees AS e ON employed_on(e.hire_date, e.termination_date, m.month_end)
GROUP BY ALL
ORDER BY m.month;

-- People employed at month end who were active in the month, per platform and on any platform
-- ('Any platform' counts a person once), by scope group.
CREATE OR REPLACE TABLE technology_active_months AS
SELECT a.month, e.business_unit, e.region, e.job_level, a.platform, count(*) AS active
FROM activity_months AS a
JOIN employees AS e USING (employee_id)
WHERE employed_on(e.hire_date, e.termination_date, last_day(a.month))
GROUP BY ALL
UNION ALL
SELECT month, business_unit, region, job_level, 'Any platform' AS platform, count(*) AS active
FROM technology_learner_months
WHERE employed_at_month_end
GROUP BY ALL
ORDER BY month;

-- Completed hours with the person's scope columns and how digital the delivery is (virtual, e-learning
-- and VR fully, blended half, classroom and mentoring not at all), sorted by completion date, so that
-- hours queries filter with in_scope() instead of joining employees. annual_salary prices the learners'
-- time for the fully loaded cost.
CREATE OR REPLACE TABLE technology_completions AS
SELECT c.completed_on, c.delivery_mode, c.learning_hours, k.annual_salary,
       CASE WHEN c.delivery_mode IN ('virtual', 'e-learning', 'VR') THEN 1.0
            WHEN c.delivery_mode = 'blended' THEN 0.5 ELSE 0.0 END AS digital_weight,
       k.emp_key, k.business_unit, k.region, k.job_level
FROM completions AS c
LEFT JOIN technology_people AS k USING (employee_id)  -- keeps every completion for organisation-wide sums
ORDER BY c.completed_on;
