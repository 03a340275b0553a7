-- review_cadence programmes at period end · grain: programme · params: $end (organisation-wide)
-- One row per programme live at period end: cycle, last review, days since it and share of the cycle used.
SELECT name AS programme, owner, review_cycle_months, launched_on, last_review,
       coalesce(strftime(last_review, '%-d %b %Y'),
                'Never (launched ' || strftime(launched_on, '%-d %b %Y') || ')') AS last_reviewed,
       due_on, days_since, cycle_days,
       days_since / cycle_days AS cycle_used,
       CASE WHEN in_cycle THEN 'Within cycle' ELSE 'Overdue' END AS status,
       CASE WHEN in_cycle THEN 0 ELSE date_diff('day', due_on, CAST($end AS DATE)) END AS days_overdue
FROM review_cadence_status($end)
ORDER BY cycle_used DESC, programme;
