-- review_cadence.low_feedback_reviewed_share · grain: period · params: $start, $end (organisation-wide)
-- Weak-feedback signals (review_cadence_signals: a programme's satisfaction since its last review fell
-- below weak_feedback_below() on at least weak_feedback_min_responses() responses) whose 90-day deadline (signal day + 90 days) falls in the period;
-- the share followed by a review within those 90 days. n = distinct programmes.
SELECT avg(CASE WHEN reviewed_on <= CAST(signal_on + INTERVAL 90 DAY AS DATE) THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT program_id) AS n
FROM review_cadence_signals
WHERE CAST(signal_on + INTERVAL 90 DAY AS DATE) BETWEEN $start AND $end;
