-- leadership pipeline · grain: 12-month block × route · params: $end, $business_units, $regions, $job_levels
-- Appointments into people-leader roles (a job change into a leader role from a role that was not one) in
-- the three 12-month blocks ending at period end, by route: internal (promotion or lateral move) after
-- completing a leadership programme (programs.is_leadership, completed before the effective date),
-- internal without one, and external hire. appointments counts people appointed.
WITH history AS (
    SELECT j.*, lag(j.is_people_leader) OVER (PARTITION BY j.employee_id ORDER BY j.effective_on) AS was_leader
    FROM job_changes AS j
), appointments AS (
    SELECT h.employee_id, h.effective_on,
           CASE WHEN h.change_type = 'hire' THEN 3
                WHEN EXISTS (SELECT 1 FROM completions AS c
                             WHERE c.employee_id = h.employee_id AND c.is_leadership
                               AND c.completed_on < h.effective_on) THEN 1
                ELSE 2 END AS route_no,
           -- 0 = the 12 months to period end, 1 = the 12 months before, 2 = the 12 before those
           CASE WHEN h.effective_on > CAST($end AS DATE) - INTERVAL 12 MONTH THEN 0
                WHEN h.effective_on > CAST($end AS DATE) - INTERVAL 24 MONTH THEN 1
                ELSE 2 END AS block
    FROM history AS h
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE h.is_people_leader AND NOT coalesce(h.was_leader, false)
      AND h.effective_on > CAST($end AS DATE) - INTERVAL 36 MONTH AND h.effective_on <= $end
), blocks AS (
    SELECT b.block, r.route_no
    FROM range(3) AS b(block), range(1, 4) AS r(route_no)
)
SELECT strftime(CAST($end AS DATE) - to_months(12 * b.block + 11), '%b %Y') || ' – '
           || strftime(CAST($end AS DATE) - to_months(12 * b.block), '%b %Y') AS period,
       b.block, b.route_no,
       ['Internal, after a leadership programme', 'Internal, no leadership programme', 'External hire'][b.route_no]
           AS route,
       count(a.employee_id) AS appointments
FROM blocks AS b
LEFT JOIN appointments AS a USING (block, route_no)
GROUP BY ALL
ORDER BY b.block DESC, b.route_no;
