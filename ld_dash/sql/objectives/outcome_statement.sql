-- objectives Outcome Statement (lite) · grain: goal in force, priority order
-- params: $start, $end, $business_units, $regions, $job_levels
-- Per goal: programmes mapped to it and active in the period, their programme costs in the period
-- (organisation-wide), completed learning hours and learners in the period (people in scope), the latest
-- KPI reading by period end against target, and its status against the baseline-to-target line
-- (on track / at risk / off track, see objectives_goal_status in _derived.sql).
WITH goals AS (
    SELECT * FROM objectives_goal_status($start, $end)
), active AS (
    SELECT p.program_id, p.name, p.objective_id
    FROM programs AS p
    WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start)
), programmes AS (
    SELECT objective_id, count(*) AS programmes, string_agg(name, '; ' ORDER BY name) AS programme_names
    FROM active
    GROUP BY ALL
), spend AS (
    SELECT p.objective_id, sum(c.amount) AS spend
    FROM program_costs AS c
    JOIN programs AS p USING (program_id)
    WHERE c.incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), hours AS (
    SELECT c.objective_id, sum(c.learning_hours) AS learning_hours, count(DISTINCT c.employee_id) AS learners
    FROM completions AS c
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE c.completed_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT g.priority, g.business_goal AS goal, g.kpi_name, g.kpi_unit, g.expected_learning_contribution,
       coalesce(pr.programmes, 0) AS programmes,
       coalesce(pr.programme_names, 'None: no programme running for this goal') AS programme_names,
       coalesce(sp.spend, 0.0) AS spend,
       coalesce(h.learning_hours, 0.0) AS learning_hours,
       coalesce(h.learners, 0) AS learners,
       g.baseline_value, g.latest_value, g.measured_on, g.target_value, g.target_date,
       g.progress, g.time_elapsed, g.line_gap, g.status
FROM goals AS g
LEFT JOIN programmes AS pr USING (objective_id)
LEFT JOIN spend AS sp USING (objective_id)
LEFT JOIN hours AS h USING (objective_id)
ORDER BY g.priority;
