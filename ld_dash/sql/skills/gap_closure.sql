-- skills gap closure after related programmes · grain: {completed a related programme, did not}
-- params: $start, $end, $business_units, $regions, $job_levels
-- Reassessments in the period of a required skill whose gap was open on the previous assessment, split by
-- whether the person completed a programme that develops that skill (program_skills) after the previous
-- assessment and by this one. Levels of gap closed = previous gap − new gap (negative if it widened);
-- narrowed_share = share of those gaps that are smaller than before; closed_share = share now met.
SELECT CASE WHEN related_since_prev THEN 'Completed a related programme' ELSE 'No related programme' END
           AS learners,
       CAST(avg(prev_gap - gap) AS DOUBLE) AS gap_closed,
       avg(CASE WHEN gap < prev_gap THEN 1.0 ELSE 0.0 END) AS narrowed_share,
       avg(CASE WHEN gap = 0 THEN 1.0 ELSE 0.0 END) AS closed_share,
       CAST(avg(prev_gap) AS DOUBLE) AS gap_before,
       CAST(avg(gap) AS DOUBLE) AS gap_after,
       count(*) AS gaps,
       count(DISTINCT employee_id) AS n
FROM skills_pair_levels
WHERE assessed_on BETWEEN $start AND $end AND prev_gap > 0
  AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
GROUP BY ALL
ORDER BY learners;
