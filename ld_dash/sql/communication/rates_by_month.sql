-- communication open and click rates by month · grain: month × measure · params: $start, $end, $business_units
-- Months overlapping the period, extended back to at least 12 months before period end so a trend shows
-- even for a quarter. Pooled over the sends in scope (audience NULL = everyone); sends, not people.
SELECT CAST(date_trunc('month', c.sent_on) AS DATE) AS month, m.measure,
       CAST(sum(CASE WHEN m.measure = 'Open rate' THEN c.opens ELSE c.clicks END) AS DOUBLE)
           / nullif(sum(c.recipients), 0) AS rate,
       count(*) AS sends
FROM communications AS c, (VALUES ('Open rate'), ('Click rate')) AS m(measure)
WHERE c.sent_on BETWEEN least(CAST(date_trunc('month', $start) AS DATE),
                              CAST(date_trunc('month', $end) - INTERVAL 11 MONTH AS DATE)) AND $end
  AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
GROUP BY ALL
ORDER BY measure DESC, month;
