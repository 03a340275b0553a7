-- review_cadence days since last review · grain: band of days × status · params: $end (organisation-wide)
-- Programmes live at period end by days since their latest review (or launch, if never reviewed), in
-- bands, split by whether they are within their own review cycle.
WITH banded AS (
    SELECT CASE WHEN days_since <= 90 THEN 1 WHEN days_since <= 182 THEN 2 WHEN days_since <= 365 THEN 3
                WHEN days_since <= 547 THEN 4 WHEN days_since <= 730 THEN 5 ELSE 6 END AS position,
           CASE WHEN in_cycle THEN 'Within cycle' ELSE 'Overdue' END AS status
    FROM review_cadence_status($end)
)
SELECT position,
       ['Up to 3 months', '3-6 months', '6-12 months', '12-18 months', '18-24 months', 'Over 2 years'][position]
           AS band,
       status, count(*) AS programmes
FROM banded
GROUP BY ALL
ORDER BY position, status DESC;
