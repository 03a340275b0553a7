-- technology.cost_per_learning_hour · grain: period · params: $start, $end (organisation-wide)
-- Programme costs incurred in the period / learning hours completed in the period, all programmes.
-- n = programmes with a cost entry in the period.
WITH cost AS (
    SELECT sum(amount) AS amount, count(DISTINCT program_id) AS programmes
    FROM program_costs
    WHERE incurred_on BETWEEN $start AND $end
), hours AS (
    SELECT sum(learning_hours) AS hours
    FROM completions
    WHERE completed_on BETWEEN $start AND $end
)
SELECT cost.amount / nullif(hours.hours, 0) AS value,
       cost.programmes AS n
FROM cost, hours;
