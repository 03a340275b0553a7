-- technology: platform use during an enrolment, by how the enrolment ended · grain: period × outcome
-- params: $start, $end, $business_units, $regions, $job_levels
-- Enrolments of people in scope that began in the period. For each, the learner's platform activity
-- from the day they enrolled to the day it completed (or the period's end: an open or dropped enrolment
-- has no end date), per week of that span (at least one week), so that short and long enrolments
-- compare: sessions, minutes and events (clicks, page views, statements; NULL where the platform exports
-- no events, 0 where there was no activity at all). Activity is not recorded per programme, so a learner
-- with two enrolments at once counts the same days in both. Per outcome: the enrolments, the median of
-- each weekly measure, the share of enrolments with no platform use at all, and n = distinct people.
WITH enrolments AS (
    SELECT e.enrollment_id, e.employee_id, e.enrolled_on,
           CASE e.status WHEN 'completed' THEN 'Completed' WHEN 'failed' THEN 'Failed' WHEN 'dropped' THEN 'Dropped'
                ELSE 'Still open' END AS outcome,
           least(coalesce(e.completed_on, CAST($end AS DATE)), CAST($end AS DATE)) AS until
    FROM enrollments AS e
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE e.enrolled_on BETWEEN $start AND $end
), usage AS (
    SELECT e.enrollment_id, e.employee_id, e.outcome,
           greatest(date_diff('day', e.enrolled_on, e.until) + 1, 7) / 7.0 AS weeks,
           coalesce(sum(a.sessions), 0) AS sessions, coalesce(sum(a.minutes), 0) AS minutes,
           coalesce(sum(a.events), CASE WHEN count(a.employee_id) = 0 THEN 0 END) AS events
    FROM enrolments AS e
    LEFT JOIN platform_activity AS a
           ON a.employee_id = e.employee_id AND a.activity_on BETWEEN e.enrolled_on AND e.until
    GROUP BY ALL
)
SELECT outcome, any_value(CASE outcome WHEN 'Completed' THEN 1 WHEN 'Failed' THEN 2 WHEN 'Dropped' THEN 3
                          ELSE 4 END) AS outcome_order, count(*) AS enrolments, median(sessions / weeks) AS median_sessions,
       median(minutes / weeks) AS median_minutes, median(events / weeks) AS median_events, avg(CASE WHEN sessions = 0 THEN 1.0 ELSE 0.0 END) AS no_use_share,
       count(DISTINCT employee_id) AS n
FROM usage
GROUP BY ALL
ORDER BY outcome_order;
