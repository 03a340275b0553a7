-- roi productivity, difference in differences · grain: person · params: $start (organisation-wide)
-- The two latest review dates on or before the period start: "before" and "after". Participants
-- completed learning between them (before < completed_on ≤ after) and none in the same span before
-- "before"; the comparison group learned in neither span. Both need a review on both dates.
-- d_goal / d_rating: change in goal attainment (points) and rating from "before" to "after".
-- confidence as in cohort.sql, over feedback on completions between the reviews.
WITH dates AS (
    SELECT max(period_end) AS after FROM performance_reviews WHERE period_end < $start
), spans AS (
    SELECT (SELECT max(period_end) FROM performance_reviews, dates WHERE period_end < dates.after) AS before,
           dates.after
    FROM dates
), pairs AS (
    SELECT b.employee_id, a.goal_attainment_pct - b.goal_attainment_pct AS d_goal,
           a.rating - b.rating AS d_rating
    FROM spans
    JOIN performance_reviews AS b ON b.period_end = spans.before
    JOIN performance_reviews AS a ON a.period_end = spans.after AND a.employee_id = b.employee_id
), learning AS (
    SELECT c.employee_id,
           bool_or(c.completed_on > spans.before AND c.completed_on <= spans.after) AS learned_between,
           bool_or(c.completed_on > spans.before - CAST(spans.after - spans.before AS INTEGER)
                   AND c.completed_on <= spans.before) AS learned_before,
           list(c.enrollment_id) FILTER (WHERE c.completed_on > spans.before
                                        AND c.completed_on <= spans.after) AS enrolments
    FROM completions AS c, spans
    GROUP BY ALL
), confidence AS (
    SELECT l.employee_id, avg(f.confidence_pct) / 100.0 AS confidence
    FROM learning AS l, unnest(l.enrolments) AS u(enrollment_id)
    JOIN feedback AS f ON f.enrollment_id = u.enrollment_id
    WHERE f.confidence_pct IS NOT NULL
    GROUP BY ALL
)
SELECT p.employee_id, e.business_unit, e.job_level,
       -- Three bands: finer ones leave too many participants without a comparison colleague.
       CASE WHEN date_diff('month', e.hire_date, spans.after) < 24 THEN 'under 2 years'
            WHEN date_diff('month', e.hire_date, spans.after) < 60 THEN '2-5 years'
            ELSE '5 years or more' END AS tenure_band,
       coalesce(l.learned_between, false) AS participant,
       p.d_goal, p.d_rating, e.annual_salary,
       CASE WHEN coalesce(l.learned_between, false) THEN coalesce(c.confidence, 0.0) END AS confidence,
       spans.before, spans.after
FROM pairs AS p
CROSS JOIN spans
JOIN employees AS e USING (employee_id)
LEFT JOIN learning AS l USING (employee_id)
LEFT JOIN confidence AS c USING (employee_id)
WHERE NOT coalesce(l.learned_before, false)
ORDER BY p.employee_id;
