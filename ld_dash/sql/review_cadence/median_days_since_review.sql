-- review_cadence.median_days_since_review · grain: period end · params: $end (organisation-wide, programmes)
-- Days from each live programme's latest review (or launch, if never reviewed) to period end; the median.
SELECT CAST(median(days_since) AS DOUBLE) AS value,
       count(*) AS n
FROM review_cadence_status($end);
