-- review_cadence.acted_on_low_feedback_share · grain: period · params: $start, $end (organisation-wide)
-- Reviews held in the period of programmes whose mean satisfaction over the 12 months before the review
-- was below weak_feedback_below(); the share of them that revised or retired the programme. n = distinct programmes.
WITH reviews AS (
    SELECT r.review_id, r.program_id, r.reviewed_on, r.outcome
    FROM program_reviews AS r
    WHERE r.reviewed_on BETWEEN $start AND $end
), rated AS (
    SELECT r.review_id, r.program_id, r.outcome,
           sum(f.satisfaction_sum) / sum(f.responses) AS satisfaction
    FROM reviews AS r
    JOIN review_cadence_feedback_days AS f
      ON f.program_id = r.program_id
     AND f.responded_on >= CAST(r.reviewed_on - INTERVAL 12 MONTH AS DATE)
     AND f.responded_on < r.reviewed_on
    GROUP BY ALL
)
SELECT avg(CASE WHEN outcome IN ('revise', 'retire') THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT program_id) AS n
FROM rated
WHERE satisfaction < weak_feedback_below();
