-- communication open and click rates by channel · grain: period × channel × measure · params: $start,
-- $end, $business_units
-- Pooled rates per channel over the sends in scope (audience NULL = everyone). Rows are channels'
-- totals of sends, not people, hence no person count.
WITH by_channel AS (
    SELECT c.channel, count(*) AS sends, sum(c.recipients) AS recipients,
           CAST(sum(c.opens) AS DOUBLE) / nullif(sum(c.recipients), 0) AS open_rate,
           CAST(sum(c.clicks) AS DOUBLE) / nullif(sum(c.recipients), 0) AS click_rate
    FROM communications AS c
    WHERE c.sent_on BETWEEN $start AND $end
      AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
    GROUP BY ALL
)
SELECT channel, 'Open rate' AS measure, open_rate AS rate, sends, recipients FROM by_channel
UNION ALL
SELECT channel, 'Click rate' AS measure, click_rate AS rate, sends, recipients FROM by_channel
ORDER BY measure DESC, rate DESC;
