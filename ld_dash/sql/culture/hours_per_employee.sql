-- culture.hours_per_employee · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Completed learning hours in the period (of people in scope, leavers included) / mean of the headcount
-- at period start and at period end. n = headcount at period end. A period that ends before the first
-- recorded completion has no learning data, so it gets no value rather than zero hours.
WITH hours AS (
    SELECT sum(c.learning_hours) AS hours
    FROM completions AS c
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE c.completed_on BETWEEN $start AND $end
), heads AS (
    SELECT count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date, $start)) AS at_start,
           count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date, $end)) AS at_end
    FROM staff($business_units, $regions, $job_levels) AS s
), covered AS (
    SELECT coalesce($end >= (SELECT min(completed_on) FROM completions), false) AS yes
)
SELECT CASE WHEN covered.yes
            THEN coalesce(hours.hours, 0) / nullif((heads.at_start + heads.at_end) / 2.0, 0) END AS value,
       CASE WHEN covered.yes THEN heads.at_end ELSE 0 END AS n
FROM hours, heads, covered;
