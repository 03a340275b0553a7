-- technology breakdown by business unit · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- n = employees in scope at period end. Monthly active share: as the catalog metric, per unit (each month:
-- unit's employees at month end active that month / unit's employees at month end, averaged). Active
-- learners: the unit's people with platform activity in the months overlapping the period; mobile share:
-- the share of them active on mobile. Hours: learning hours completed in the period by the unit's people.
WITH headcount_months AS (
    SELECT business_unit, month, sum(headcount) AS headcount
    FROM technology_headcount_months
    WHERE month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), active_months AS (
    SELECT business_unit, month, sum(active) AS active
    FROM technology_active_months
    WHERE platform = 'Any platform'
      AND month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), monthly AS (
    SELECT h.business_unit, avg(coalesce(a.active, 0) / h.headcount) AS monthly_active_share
    FROM headcount_months AS h
    LEFT JOIN active_months AS a USING (business_unit, month)
    GROUP BY ALL
), learner_people AS (
    SELECT business_unit, emp_key, bool_or(used_mobile) AS mobile
    FROM technology_learner_months
    WHERE month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), learners AS (
    SELECT business_unit, count(*) AS active_learners, avg(CASE WHEN mobile THEN 1.0 ELSE 0.0 END) AS mobile_share
    FROM learner_people
    GROUP BY ALL
), hours AS (
    SELECT business_unit, sum(learning_hours) AS hours, sum(learning_hours * digital_weight) AS digital_hours
    FROM technology_completions
    WHERE completed_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), headcount AS (
    SELECT s.business_unit, count(*) AS n
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
    GROUP BY ALL
)
SELECT h.business_unit,
       h.n,
       m.monthly_active_share,
       coalesce(l.active_learners, 0) AS active_learners,
       l.mobile_share,
       coalesce(hrs.hours, 0) AS hours,
       coalesce(hrs.hours, 0) / h.n AS hours_per_employee,
       hrs.digital_hours / nullif(hrs.hours, 0) AS digital_hours_share
FROM headcount AS h
LEFT JOIN monthly AS m USING (business_unit)
LEFT JOIN learners AS l USING (business_unit)
LEFT JOIN hours AS hrs USING (business_unit)
ORDER BY h.business_unit;
