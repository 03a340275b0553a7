-- roi fully loaded cost · grain: period · params: $start, $end, $standard_annual_hours, $on_cost_rate
-- (organisation-wide). Programme costs incurred in the period, participants' time on completions in the
-- period (learning_hours × annual_salary / $standard_annual_hours × (1 + $on_cost_rate)), learning hours,
-- unique participants, and the programme cost that no completion of the period can carry (programmes
-- with costs but no completion in the period).
WITH programme AS (
    SELECT program_id, sum(amount) AS cost FROM program_costs
    WHERE incurred_on BETWEEN $start AND $end
    GROUP BY ALL
), done AS (
    SELECT sum(salary_hours) / $standard_annual_hours * (1 + $on_cost_rate) AS time_cost,
           sum(learning_hours) AS learning_hours,
           count(DISTINCT employee_id) AS participants,
           list(DISTINCT program_id) AS programmes
    FROM roi_completions
    WHERE completed_on BETWEEN $start AND $end
)
SELECT coalesce((SELECT sum(cost) FROM programme), 0) AS programme_cost,
       coalesce(done.time_cost, 0) AS time_cost,
       coalesce(done.learning_hours, 0) AS learning_hours,
       done.participants,
       coalesce((SELECT sum(cost) FROM programme
                 WHERE NOT list_contains(coalesce(done.programmes, []), program_id)), 0) AS unallocated_programme_cost
FROM done;
