-- skills breakdown by role family · grain: role family at period end · params: $end, $business_units, $regions, $job_levels
-- People employed at period end; the share assessed in the 12 months to it; coverage of strategic
-- requirements and mean gap over all requirements, on latest assessments by period end; how many skills the
-- role family requires (0 = no requirements recorded, so coverage and gap stay empty).
WITH people AS (
    SELECT s.employee_id, s.role_family
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), assessed AS (
    SELECT employee_id FROM assessed_in_year_to($end)
), pairs AS (
    SELECT role_family,
           avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) FILTER (WHERE is_strategic) AS strategic_coverage,
           CAST(avg(gap) AS DOUBLE) AS average_gap,
           count(*) FILTER (WHERE gap > 0) AS open_gaps
    FROM skills_pairs($business_units, $regions, $job_levels, $end)
    GROUP BY ALL
), required AS (
    SELECT role_family, count(*) AS required_skills,
           count(*) FILTER (WHERE k.is_strategic) AS strategic_skills
    FROM role_skill_requirements
    JOIN skills AS k USING (skill_id)
    GROUP BY ALL
)
SELECT p.role_family,
       coalesce(any_value(required.required_skills), 0) AS required_skills,
       coalesce(any_value(required.strategic_skills), 0) AS strategic_skills,
       count(*) AS n,
       count(assessed.employee_id) AS assessed,
       count(assessed.employee_id) / count(*) AS assessed_share,
       any_value(pairs.strategic_coverage) AS strategic_coverage,
       any_value(pairs.average_gap) AS average_gap,
       coalesce(any_value(pairs.open_gaps), 0) AS open_gaps
FROM people AS p
LEFT JOIN assessed USING (employee_id)
LEFT JOIN pairs USING (role_family)
LEFT JOIN required USING (role_family)
GROUP BY ALL
ORDER BY p.role_family;
