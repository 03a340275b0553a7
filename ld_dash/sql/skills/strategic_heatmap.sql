-- skills strategic coverage heatmap · grain: role family × strategic skill it requires, at period end
-- params: $end, $business_units, $regions, $job_levels
-- Share of people in the role family whose latest assessed level of the strategic skill (by period end)
-- is at or above the level the role family requires, over people assessed. n = people behind the cell
-- (one pair per person in a cell, so count(*)).
SELECT role_family, skill,
       avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS coverage,
       CAST(avg(gap) AS DOUBLE) AS average_gap,
       count(*) AS n
FROM skills_pairs($business_units, $regions, $job_levels, $end)
WHERE is_strategic
GROUP BY ALL
ORDER BY role_family, skill;
