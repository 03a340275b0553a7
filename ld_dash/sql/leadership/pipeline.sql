-- leadership pipeline · grain: 12-month block × route · params: $end, $business_units, $regions, $job_levels
-- Appointments into people-leader roles (a job change into a leader role from a role that was not one) in
-- the three 12-month blocks ending at period end, by route: internal (promotion or lateral move) after
-- completing a leadership programme (programs.is_leadership, completed before the effective date),
-- internal without one, and external hire. appointments counts people appointed.
-- Whether a move followed a leadership programme can only be told once learning is recorded: a block that
-- begins before the first recorded enrolment counts only from then and says so ("partial"), and a block
-- that ends before it is left out rather than drawn as a year without internal appointments; with no
-- learning recorded at all, no route can be told and nothing is drawn.
WITH learning_start AS (
    -- the earliest learning date recorded (an enrolment, or a completion exported without its enrolment date)
    SELECT min(least(enrolled_on, coalesce(completed_on, enrolled_on))) AS first_day FROM enrollments
), history AS (
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
      AND h.effective_on >= (SELECT first_day FROM learning_start)
), blocks AS (
    SELECT b.block, r.route_no,
           CAST(CAST($end AS DATE) - to_months(12 * (b.block + 1)) + INTERVAL 1 DAY AS DATE) AS first_day,
           CAST(CAST($end AS DATE) - to_months(12 * b.block) AS DATE) AS last_day
    FROM range(3) AS b(block), range(1, 4) AS r(route_no)
)
SELECT CASE WHEN ls.first_day > b.first_day
            THEN strftime(ls.first_day, '%b %Y') || ' – ' || strftime(b.last_day, '%b %Y') || ' (partial)'
            ELSE strftime(CAST($end AS DATE) - to_months(12 * b.block + 11), '%b %Y') || ' – '
                 || strftime(b.last_day, '%b %Y') END AS period,
       b.block, b.route_no,
       ['Internal, after a leadership programme', 'Internal, no leadership programme', 'External hire'][b.route_no]
           AS route,
       count(a.employee_id) AS appointments
FROM blocks AS b
CROSS JOIN learning_start AS ls
LEFT JOIN appointments AS a USING (block, route_no)
WHERE b.last_day >= ls.first_day
GROUP BY ALL
ORDER BY b.block DESC, b.route_no;
