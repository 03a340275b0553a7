-- skills before/after related programmes · grain: programme × {before, after}
-- params: $start, $end, $business_units, $regions, $job_levels
-- Reassessments in the period of a skill the person's role requires, where the person completed a
-- programme that develops the skill (program_skills) on or after the previous assessment's day and before
-- this one: the assessed level before (previous assessment) and after (this one), averaged per programme,
-- with the required level. A reassessment after two related programmes counts under both.
-- n = people behind the programme's row (the same for both moments).
WITH pairs AS (
    SELECT DISTINCT q.employee_id, q.skill_id, q.assessed_on, q.prev_level, q.level, q.required_level,
           c.program_id
    FROM skills_pair_levels AS q
    JOIN completions AS c ON c.employee_id = q.employee_id
    JOIN program_skills AS ps ON ps.program_id = c.program_id AND ps.skill_id = q.skill_id
    WHERE q.assessed_on BETWEEN $start AND $end AND q.related_since_prev
      AND c.completed_on >= q.prev_on AND c.completed_on < q.assessed_on
      AND in_scope($business_units, $regions, $job_levels, q.business_unit, q.region, q.job_level)
), per_programme AS (
    SELECT p.name AS programme,
           CAST(avg(prev_level) AS DOUBLE) AS level_before,
           CAST(avg(level) AS DOUBLE) AS level_after,
           CAST(avg(required_level) AS DOUBLE) AS required,
           count(*) AS reassessments,
           count(DISTINCT employee_id) AS n
    FROM pairs
    JOIN programs AS p USING (program_id)
    GROUP BY ALL
)
SELECT programme, moment, level, required, level_after - level_before AS gain, reassessments, n
FROM (
    SELECT *, 'Before' AS moment, level_before AS level, 0 AS position FROM per_programme
    UNION ALL
    SELECT *, 'After' AS moment, level_after AS level, 1 AS position FROM per_programme
)
ORDER BY gain DESC, programme, position;
