-- communication.audience_reach · grain: period (sends in it) · params: $start, $end, $business_units
-- Recipients / audience headcount (employees employed on the send day in the send's audience unit, or
-- everyone), pooled over sends to learners in the period: leadership updates go to people leaders only
-- and are left out. Audience rule as open_rate (a send with no audience unit is always in scope).
-- n = sends.
SELECT CAST(sum(c.recipients) AS DOUBLE) / nullif(sum(a.audience), 0) AS value,
       count(*) AS n
FROM communications AS c
JOIN communication_send_audience AS a USING (communication_id)
WHERE c.sent_on BETWEEN $start AND $end
  AND c.channel <> 'leadership update'
  AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit));
