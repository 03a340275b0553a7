-- leadership.sponsored_programme_share · grain: period · params: $start, $end (organisation-wide)
SELECT avg(CASE WHEN p.executive_sponsor_id IS NOT NULL THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM programs AS p
WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start);
