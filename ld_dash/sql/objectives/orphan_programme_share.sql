-- objectives.orphan_programme_share · grain: period · params: $start, $end (organisation-wide; programmes)
-- Programmes active in the period (launched by its end, not retired before its start) mapped to no goal,
-- or to a goal missing from `objectives`, over all programmes active in the period. n = active programmes.
SELECT avg(CASE WHEN o.objective_id IS NULL THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM programs AS p
LEFT JOIN objectives AS o ON o.objective_id = p.objective_id
WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start);
