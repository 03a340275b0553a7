-- roi.cost_per_participant · grain: period · params: $start, $end, $standard_annual_hours, $on_cost_rate
-- (organisation-wide). Fully loaded cost = programme costs incurred in the period + participants' time,
-- where time = learning_hours × annual_salary / $standard_annual_hours × (1 + $on_cost_rate) over the
-- completions in the period; divided by the unique people who completed in the period (n).
WITH programme AS (
    SELECT coalesce(sum(amount), 0) AS cost FROM program_costs WHERE incurred_on BETWEEN $start AND $end
), participants AS (
    SELECT sum(c.salary_hours) / $standard_annual_hours * (1 + $on_cost_rate) AS time_cost,
           count(DISTINCT c.employee_id) AS people
    FROM roi_completions AS c
    WHERE c.completed_on BETWEEN $start AND $end
)
SELECT (programme.cost + coalesce(participants.time_cost, 0)) / nullif(participants.people, 0) AS value,
       participants.people AS n
FROM programme, participants;
