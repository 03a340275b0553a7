-- pathways promotion within 12 months: completers vs comparable non-completers · grain: pathway (and all
-- pathways) · params: $start, $end, $business_units, $regions, $job_levels
-- Completers: people in scope who completed a pathway's last step (first time) between 12 months before
-- the period start and 12 months before its end, so that their 12 months of follow-up end in the period.
-- Their starting point is the job level and role family held on the completion day (job_changes);
-- promoted = a job-level increase in the 12 months after it. Executives (no higher level) are left out.
-- Comparable colleagues: people in scope employed on the first of each month of the completers' range
-- (from the month of its first day to its end), of a role family and level that completers
-- started from, who had completed no pathway by 12 months after that day; promoted = a level increase in
-- the 12 months after the index day. Their rate per (role family, level) is weighted by the completers of
-- that cell, so both groups have the same mix. Leavers count as not promoted in both groups.
-- 'All pathways' takes each person's first completion in the range once. n = completers; peers = the
-- distinct comparable colleagues.
WITH bounds AS (
    SELECT CAST($start - INTERVAL 12 MONTH AS DATE) AS first_day, CAST($end - INTERVAL 12 MONTH AS DATE) AS last_day
), completed AS (
    SELECT c.employee_id, c.pathway_id, c.completed_on
    FROM pathways_completers AS c, bounds AS b
    WHERE c.completed_on BETWEEN b.first_day AND b.last_day
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
), cases AS (
    SELECT l.name AS pathway, c.employee_id, c.completed_on FROM completed AS c JOIN pathways_lengths AS l USING (pathway_id)
    UNION ALL
    SELECT 'All pathways' AS pathway, employee_id, min(completed_on) AS completed_on FROM completed GROUP BY ALL
), completers AS (
    SELECT k.pathway, k.employee_id, s.role_family, s.level_rank,
           count(p.promoted_on) > 0 AS promoted
    FROM cases AS k
    JOIN pathways_job_spells AS s
      ON s.employee_id = k.employee_id AND k.completed_on >= s.valid_from AND k.completed_on < s.valid_to
    LEFT JOIN pathways_promotions AS p
      ON p.employee_id = k.employee_id AND p.promoted_on > k.completed_on
     AND p.promoted_on <= k.completed_on + INTERVAL 12 MONTH
    WHERE s.level_rank < 5
    GROUP BY ALL
), cells AS (
    SELECT DISTINCT role_family, level_rank FROM completers
), peers AS (
    -- the comparison pool (pathways/_derived.sql) on the first of each month of the completers' range
    SELECT pd.emp_key, pd.role_family, pd.level_rank, pd.promoted
    FROM pathways_peer_days AS pd
    JOIN bounds AS b ON pd.day BETWEEN CAST(date_trunc('month', b.first_day) AS DATE) AND b.last_day
    SEMI JOIN cells AS c ON c.role_family = pd.role_family AND c.level_rank = pd.level_rank
    WHERE in_scope($business_units, $regions, $job_levels, pd.business_unit, pd.region, pd.job_level)
), peer_cells AS (
    SELECT role_family, level_rank, avg(CASE WHEN promoted THEN 1.0 ELSE 0.0 END) AS rate
    FROM peers
    GROUP BY ALL
), joined AS (
    SELECT c.pathway, c.employee_id, c.promoted, c.role_family, c.level_rank, pc.rate AS peer_rate
    FROM completers AS c
    JOIN peer_cells AS pc USING (role_family, level_rank)
), per_pathway AS (
    SELECT pathway,
           count(DISTINCT employee_id) AS n,
           count(*) FILTER (WHERE promoted) AS promoted,
           avg(CASE WHEN promoted THEN 1.0 ELSE 0.0 END) AS completer_rate,
           avg(peer_rate) AS peer_rate
    FROM joined
    GROUP BY ALL
), peer_keys AS (
    SELECT DISTINCT emp_key, role_family, level_rank FROM peers
), peer_people AS (
    SELECT j.pathway, count(DISTINCT p.emp_key) AS peers
    FROM (SELECT DISTINCT pathway, role_family, level_rank FROM joined) AS j
    JOIN peer_keys AS p USING (role_family, level_rank)
    GROUP BY ALL
)
SELECT pw.pathway, pw.n, pw.promoted, pw.completer_rate, pp.peers, pw.peer_rate,
       (pw.completer_rate - pw.peer_rate) * 100 AS uplift_points
FROM per_pathway AS pw
JOIN peer_people AS pp USING (pathway)
ORDER BY pw.pathway = 'All pathways' DESC, pw.pathway;
