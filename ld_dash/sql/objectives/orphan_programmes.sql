-- objectives orphan programmes · grain: programme active in the period with no goal
-- params: $start, $end, $business_units, $regions, $job_levels
-- Programmes active in the period (launched by its end, not retired before its start) that are mapped to
-- no goal, or to a goal missing from `objectives`: their programme costs in the period (organisation-wide)
-- and completed learning hours and learners in the period (people in scope). Costliest first.
WITH orphans AS (
    SELECT p.program_id, p.name, p.category, p.delivery_mode, p.owner, p.launched_on, p.retired_on
    FROM programs AS p
    LEFT JOIN objectives AS o ON o.objective_id = p.objective_id
    WHERE o.objective_id IS NULL
      AND p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start)
), spend AS (
    SELECT program_id, sum(amount) AS spend
    FROM program_costs WHERE incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), hours AS (
    SELECT c.program_id, sum(c.learning_hours) AS learning_hours, count(DISTINCT c.employee_id) AS learners
    FROM completions AS c
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE c.completed_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT o.name AS programme, o.category, o.delivery_mode, o.owner,
       coalesce(sp.spend, 0.0) AS spend,
       coalesce(sp.spend, 0.0) / nullif((SELECT sum(amount) FROM program_costs
                                         WHERE incurred_on BETWEEN $start AND $end), 0) AS spend_share,
       coalesce(h.learning_hours, 0.0) AS learning_hours,
       coalesce(h.learners, 0) AS learners
FROM orphans AS o
LEFT JOIN spend AS sp USING (program_id)
LEFT JOIN hours AS h USING (program_id)
ORDER BY spend DESC, programme;
