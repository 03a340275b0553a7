-- human-capital disclosure: turnover · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Leavers in the period by termination reason and the mean of the headcount at period start and end
-- (ISO 30414 turnover rate; GRI 401-1). Rates are for the period, not annualised.
SELECT count(*) FILTER (WHERE s.termination_date BETWEEN $start AND $end
                        AND s.termination_reason = 'voluntary') AS voluntary_leavers,
       count(*) FILTER (WHERE s.termination_date BETWEEN $start AND $end
                        AND s.termination_reason = 'involuntary') AS involuntary_leavers,
       count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date, $start)) AS at_start,
       count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date, $end)) AS at_end
FROM staff($business_units, $regions, $job_levels) AS s;
