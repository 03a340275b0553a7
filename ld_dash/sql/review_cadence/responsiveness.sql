-- review_cadence responsiveness · grain: weak-feedback signal · params: $start, $end (organisation-wide)
-- Signals (review_cadence_signals) raised in the period or still unanswered when it began: the programme,
-- its owner, the day its feedback since the last review fell below weak_feedback_below(), the mean and responses then, the
-- review that followed by period end (if any), its outcome and the days it took (or, with no review yet,
-- the days waited to period end), and whether the review came within 90 days.
WITH signals AS (
    SELECT *, coalesce(reviewed_on <= $end, false) AS reviewed
    FROM review_cadence_signals
    WHERE signal_on <= $end AND (signal_on >= $start OR reviewed_on IS NULL OR reviewed_on >= $start)
)
SELECT p.name AS programme, p.owner, s.signal_on, s.satisfaction, s.responses,
       CASE WHEN s.reviewed THEN s.reviewed_on END AS reviewed_on,
       CASE WHEN NOT s.reviewed THEN 'No review yet'
            WHEN s.outcome = 'continue' THEN 'Continue' WHEN s.outcome = 'revise' THEN 'Revise'
            ELSE 'Retire' END AS outcome,
       CASE WHEN s.reviewed THEN s.days_to_review
            ELSE date_diff('day', s.signal_on, CAST($end AS DATE)) END AS days,
       CASE WHEN s.reviewed AND s.days_to_review <= 90 THEN 'Reviewed within 90 days'
            WHEN s.reviewed THEN 'Reviewed late'
            WHEN date_diff('day', s.signal_on, CAST($end AS DATE)) > 90 THEN 'Unreviewed, over 90 days'
            ELSE 'Unreviewed, within 90 days' END AS status
FROM signals AS s
JOIN programs AS p USING (program_id)
ORDER BY s.reviewed, days DESC, programme;
