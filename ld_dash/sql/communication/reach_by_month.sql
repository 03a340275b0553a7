-- communication reach by channel and month · grain: month × channel · params: $start, $end, $business_units
-- Months overlapping the period, extended back to at least 12 months before period end. Reach = the
-- recipients of the month's sends on the channel / employees at month end (of the selected units, or
-- everyone): 1.0 means as many messages as employees, more when a channel sends several times a month.
-- Sends to learners only (leadership updates go to people leaders); audience rule as open_rate.
-- Rows sum whole sends, not people: no person count.
WITH months AS (
    SELECT CAST(m AS DATE) AS month, last_day(CAST(m AS DATE)) AS month_end
    FROM range(CAST(least(date_trunc('month', $start), date_trunc('month', $end) - INTERVAL 11 MONTH) AS TIMESTAMP),
               CAST($end AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t(m)
), headcount AS (
    SELECT m.month, count(e.employee_id) AS headcount
    FROM months AS m
    JOIN employees AS e
      ON employed_on(e.hire_date, e.termination_date, least(m.month_end, $end))
     AND ($business_units IS NULL OR list_contains($business_units, e.business_unit))
    GROUP BY ALL
), sends AS (
    SELECT CAST(date_trunc('month', c.sent_on) AS DATE) AS month, c.channel,
           count(*) AS sends, sum(c.recipients) AS recipients
    FROM communications AS c
    WHERE c.sent_on BETWEEN (SELECT min(month) FROM months) AND $end
      AND c.channel <> 'leadership update'
      AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
    GROUP BY ALL
)
SELECT s.month, s.channel, s.sends, s.recipients, h.headcount,
       CAST(s.recipients AS DOUBLE) / h.headcount AS reach
FROM sends AS s
JOIN headcount AS h USING (month)
WHERE h.headcount > 0
ORDER BY s.channel, s.month;
