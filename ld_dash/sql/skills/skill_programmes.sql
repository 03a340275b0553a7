-- skills gaps and the programmes addressing them · grain: skill required by some role family, at period end
-- params: $start, $end, $business_units, $regions, $job_levels
-- For each skill some role family requires: people assessed by period end, people with an open gap
-- (latest level below the requirement), levels short in total and on average, and the programmes active
-- in the period (launched by period end, not retired before it began) that develop the skill
-- (program_skills), the first three by name. n = people assessed (one pair per person per skill, so count(*)).
WITH gaps AS (
    SELECT skill_id, any_value(skill) AS skill, bool_or(is_strategic) AS is_strategic,
           count(*) AS n,
           count(*) FILTER (WHERE gap > 0) AS open_gaps,
           CAST(sum(gap) AS DOUBLE) AS levels_short,
           CAST(avg(gap) AS DOUBLE) AS average_gap
    FROM skills_pairs($business_units, $regions, $job_levels, $end)
    GROUP BY skill_id
), active AS (
    SELECT ps.skill_id, p.name, row_number() OVER (PARTITION BY ps.skill_id ORDER BY p.name) AS position
    FROM program_skills AS ps
    JOIN programs AS p USING (program_id)
    WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start)
), addressing AS (
    -- the first three by name, then "+N more", so the table stays readable
    SELECT skill_id, count(*) AS programmes,
           string_agg(name, ', ' ORDER BY name) FILTER (WHERE position <= 3)
               || CASE WHEN count(*) > 3 THEN ' +' || CAST(count(*) - 3 AS VARCHAR) || ' more' ELSE '' END
               AS programme_names
    FROM active
    GROUP BY skill_id
)
SELECT g.skill || CASE WHEN g.is_strategic THEN ' ★' ELSE '' END AS skill,
       g.is_strategic, g.n, g.open_gaps, g.levels_short, g.average_gap,
       coalesce(a.programmes, 0) AS programmes,
       coalesce(a.programme_names, 'None') AS programme_names,
       a.programmes IS NULL AS unaddressed
FROM gaps AS g
LEFT JOIN addressing AS a USING (skill_id)
ORDER BY g.levels_short DESC, skill;
