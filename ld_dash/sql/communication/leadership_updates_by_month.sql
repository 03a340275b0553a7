-- communication leadership updates by month · grain: calendar month · params: $start, $end
-- (organisation-wide). Calendar months overlapping the period: sends on the 'leadership update' channel
-- in the month (0 when none) and their running total from the period's first month. The plan is added
-- in Python from metric_plans. Sends, not people: no person count.
WITH months AS (
    SELECT CAST(m AS DATE) AS month
    FROM range(CAST(date_trunc('month', $start) AS TIMESTAMP), CAST($end AS TIMESTAMP) + INTERVAL 1 DAY,
               INTERVAL 1 MONTH) AS t(m)
), sent AS (
    SELECT CAST(date_trunc('month', sent_on) AS DATE) AS month, count(*) AS updates
    FROM communications
    WHERE channel = 'leadership update' AND sent_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT m.month, coalesce(s.updates, 0) AS updates,
       sum(coalesce(s.updates, 0)) OVER (ORDER BY m.month) AS cumulative
FROM months AS m
LEFT JOIN sent AS s USING (month)
ORDER BY m.month;
