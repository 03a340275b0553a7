-- review_cadence.days_to_review_after_low_feedback · grain: period · params: $start, $end (organisation-wide)
-- Reviews held in the period that followed a weak-feedback signal (review_cadence_signals): the median
-- number of days from the day feedback fell below the threshold to the review. n = distinct programmes.
SELECT CAST(median(days_to_review) AS DOUBLE) AS value,
       count(DISTINCT program_id) AS n
FROM review_cadence_signals
WHERE reviewed_on BETWEEN $start AND $end;
