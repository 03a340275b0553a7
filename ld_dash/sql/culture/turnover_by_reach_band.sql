-- culture turnover by learning-reach band · grain: period × band of units
-- params: $start, $end, $business_units, $regions, $job_levels
-- Units are departments (business unit · department): six business units are too few to band. Per unit:
-- the 90-day reach at period end (as culture.reach_90d), and voluntary leavers in the period over the
-- mean of the headcount at period start and end, annualised (× 365.25 / days in the period). Units
-- with someone employed at period end are split into thirds by reach (ntile, lowest reach first; two
-- units make a lower and a higher band, one unit a single band); a band pools its units' people. n = the band's mean headcount (people); units counts departments.
WITH people AS (
    SELECT s.employee_id, s.business_unit || ' · ' || s.department AS unit,
           employed_on(s.hire_date, s.termination_date, $start) AS at_start,
           employed_on(s.hire_date, s.termination_date, $end) AS at_end,
           s.termination_reason = 'voluntary' AND s.termination_date BETWEEN $start AND $end AS left_voluntarily
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE s.hire_date <= $end AND (s.termination_date IS NULL OR s.termination_date >= $start)
), recent AS (
    SELECT employee_id FROM learned_recently($end)
), units AS (
    SELECT p.unit,
           count(r.employee_id) FILTER (WHERE p.at_end) / nullif(count(*) FILTER (WHERE p.at_end), 0) AS reach,
           count(*) FILTER (WHERE p.at_end) AS at_end,
           count(*) FILTER (WHERE p.at_start) AS at_start,
           count(*) FILTER (WHERE p.left_voluntarily) AS leavers,
           count(r.employee_id) FILTER (WHERE p.at_end) AS reached
    FROM people AS p
    LEFT JOIN recent AS r USING (employee_id)
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE p.at_end) > 0
), banded AS (
    SELECT *, ntile(3) OVER (ORDER BY reach, unit) AS third, count(*) OVER () AS all_units
    FROM units
)
SELECT CASE WHEN max(all_units) = 1 THEN 'All units'
            WHEN max(all_units) = 2 THEN CASE WHEN third = 1 THEN 'Lower reach' ELSE 'Higher reach' END
            WHEN third = 1 THEN 'Lowest reach third'
            WHEN third = 2 THEN 'Middle third' ELSE 'Highest reach third' END AS band,
       count(*) AS units,
       string_agg(unit, '; ' ORDER BY reach, unit) AS unit_names,
       min(reach) AS reach_low, max(reach) AS reach_high,
       sum(reached) / sum(at_end) AS reach,
       (sum(at_start) + sum(at_end)) / 2.0 AS n,
       sum(leavers) AS leavers,
       sum(leavers) / nullif((sum(at_start) + sum(at_end)) / 2.0, 0)
           * 365.25 / (CAST($end AS DATE) - CAST($start AS DATE) + 1) AS turnover
FROM banded
GROUP BY third
ORDER BY third;
