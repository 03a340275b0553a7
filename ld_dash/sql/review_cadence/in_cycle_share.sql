-- review_cadence.in_cycle_share · grain: period end · params: $end (organisation-wide, programmes)
-- Programmes live at period end whose latest review (or launch) is within review_cycle_months of it.
SELECT avg(CASE WHEN in_cycle THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM review_cadence_status($end);
