-- skills gap heatmap · grain: role family × required skill at period end · params: $end, $business_units, $regions, $job_levels
-- Mean gap and coverage of each (role family, skill it requires) over assessed pairs; strategic skills
-- are marked with a star. n = people behind the cell (one pair per person in a cell, so count(*)).
SELECT role_family,
       skill || CASE WHEN is_strategic THEN ' ★' ELSE '' END AS skill,
       CAST(avg(gap) AS DOUBLE) AS average_gap,
       avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS coverage,
       count(*) AS n
FROM skills_pairs($business_units, $regions, $job_levels, $end)
GROUP BY ALL
ORDER BY role_family, skill;
