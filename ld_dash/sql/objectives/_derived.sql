-- objectives macros, built at every publish after derived.sql.

-- Goals in force in the period [d0, d] (set by its end: baseline_date <= d; not finished before it began:
-- target_date >= d0), each with its latest KPI reading on or before d and where that reading stands
-- against the straight line from (baseline_date, baseline_value) to (target_date, target_value).
--   time_elapsed: share of the baseline-to-target time passed at the reading's date, clamped to [0, 1]
--   progress:     share of the way from baseline to target the reading has come (NULL if target = baseline)
--   expected:     the line's value at the reading's date
--   on_track:     reading at or beyond the line in the goal's direction (sign of target − baseline); a goal
--                 to hold a level (target = baseline) has no direction, so it is on track only while the
--                 reading equals the target. NULL when there is no reading yet.
--   line_gap:     how far the reading is ahead (+) or behind (−) the line, as a share of the whole way from
--                 baseline to target (= progress − time_elapsed); NULL for a goal to hold a level
--   status:       'On track' (on or beyond the line), 'At risk' (behind by less than 10% of the way from
--                 baseline to target), 'Off track' (further behind; a goal to hold a level that is off its
--                 target), 'No reading yet'
CREATE OR REPLACE MACRO objectives_goal_status(d0, d) AS TABLE
WITH goals AS (
    SELECT * FROM objectives WHERE baseline_date <= d AND target_date >= d0
), latest AS (
    SELECT m.objective_id, max(m.measured_on) AS measured_on, arg_max(m.value, m.measured_on) AS latest_value
    FROM objective_measurements AS m
    WHERE m.measured_on <= d
    GROUP BY ALL
), placed AS (
    SELECT g.*, l.measured_on, l.latest_value,
           sign(g.target_value - g.baseline_value) AS direction,
           CASE WHEN l.measured_on IS NULL THEN NULL
                WHEN g.target_date <= g.baseline_date THEN 1.0
                ELSE least(greatest(date_diff('day', g.baseline_date, l.measured_on)
                                    / date_diff('day', g.baseline_date, g.target_date), 0.0), 1.0)
           END AS time_elapsed,
           (l.latest_value - g.baseline_value) / nullif(g.target_value - g.baseline_value, 0) AS progress
    FROM goals AS g
    LEFT JOIN latest AS l USING (objective_id)
)
, judged AS (
    SELECT *,
           baseline_value + (target_value - baseline_value) * time_elapsed AS expected,
           CASE WHEN measured_on IS NULL THEN NULL
                WHEN direction = 0 THEN latest_value = target_value
                -- a hair of tolerance so a reading exactly on the line is not lost to rounding
                ELSE (latest_value - (baseline_value + (target_value - baseline_value) * time_elapsed)) * direction
                     >= -1e-9 * abs(target_value - baseline_value)
           END AS on_track,
           progress - time_elapsed AS line_gap
    FROM placed
)
SELECT *,
       CASE WHEN measured_on IS NULL THEN 'No reading yet'
            WHEN on_track THEN 'On track'
            WHEN direction <> 0 AND line_gap > -0.10 THEN 'At risk'
            ELSE 'Off track' END AS status
FROM judged;
