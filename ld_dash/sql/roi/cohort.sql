-- roi evaluation cohort · grain: person · params: $start, $end (organisation-wide)
-- Everyone employed at period start. Participants completed learning in the 12 months before the period
-- (the learning year whose cost the ROI weighs). Matching keys: business unit, job level and tenure band
-- at period start. Voluntary leaving during the period; ideas submitted and implemented in the learning
-- year itself (the demo, like idea schemes, sees more ideas in a year of learning), with the stated annual
-- value of the implemented ones. confidence: participants' mean stated confidence (0-1) that
-- their improvement came from the learning, over feedback on learning-year completions; 0 when they
-- gave none (Phillips: a non-responder counts as no improvement).
WITH learned AS (
    SELECT employee_id, list(DISTINCT enrollment_id) AS enrolments
    FROM completions
    WHERE completed_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND completed_on < $start
    GROUP BY ALL
), confidence AS (
    SELECT l.employee_id, avg(f.confidence_pct) / 100.0 AS confidence
    FROM learned AS l, unnest(l.enrolments) AS u(enrollment_id)
    JOIN feedback AS f ON f.enrollment_id = u.enrollment_id
    WHERE f.confidence_pct IS NOT NULL
    GROUP BY ALL
), ideas AS (
    SELECT employee_id, count(*) AS ideas,
           count(*) FILTER (WHERE status = 'implemented') AS implemented,
           coalesce(sum(estimated_annual_value) FILTER (WHERE status = 'implemented'), 0) AS idea_value
    FROM innovation_ideas
    WHERE submitted_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND submitted_on < $start
    GROUP BY ALL
)
SELECT e.employee_id, e.business_unit, e.job_level,
       -- Three bands: finer ones leave too many participants without a comparison colleague.
       CASE WHEN date_diff('month', e.hire_date, CAST($start AS DATE)) < 24 THEN 'under 2 years'
            WHEN date_diff('month', e.hire_date, CAST($start AS DATE)) < 60 THEN '2-5 years'
            ELSE '5 years or more' END AS tenure_band,
       l.employee_id IS NOT NULL AS participant,
       coalesce(e.termination_reason = 'voluntary' AND e.termination_date BETWEEN $start AND $end, false)
           AS left_voluntarily,
       e.annual_salary,
       coalesce(i.ideas, 0) AS ideas, coalesce(i.implemented, 0) AS implemented,
       coalesce(i.idea_value, 0.0) AS idea_value,
       CASE WHEN l.employee_id IS NOT NULL THEN coalesce(c.confidence, 0.0) END AS confidence
FROM employees AS e
LEFT JOIN learned AS l USING (employee_id)
LEFT JOIN confidence AS c USING (employee_id)
LEFT JOIN ideas AS i USING (employee_id)
WHERE employed_on(e.hire_date, e.termination_date, $start)
ORDER BY e.employee_id;
