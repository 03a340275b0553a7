-- review_cadence reviews of low-rated programmes · grain: review · params: $start, $end (organisation-wide)
-- Each review in the period with the programme's mean satisfaction (and responses) over the 12 months
-- before it; low = below weak_feedback_below(); acted = revised or retired.
WITH reviews AS (
    SELECT r.review_id, r.program_id, r.reviewed_on, r.outcome
    FROM program_reviews AS r
    WHERE r.reviewed_on BETWEEN $start AND $end
)
SELECT r.review_id, p.name AS programme, r.reviewed_on, r.outcome,
       sum(f.satisfaction_sum) / sum(f.responses) AS satisfaction,
       coalesce(sum(f.responses), 0) AS responses,
       coalesce(sum(f.satisfaction_sum) / sum(f.responses) < weak_feedback_below(), false) AS low,
       r.outcome IN ('revise', 'retire') AS acted
FROM reviews AS r
JOIN programs AS p USING (program_id)
LEFT JOIN review_cadence_feedback_days AS f
  ON f.program_id = r.program_id
 AND f.responded_on >= CAST(r.reviewed_on - INTERVAL 12 MONTH AS DATE)
 AND f.responded_on < r.reviewed_on
GROUP BY ALL
ORDER BY r.reviewed_on, programme;
