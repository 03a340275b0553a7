-- communication.open_rate · grain: period (sends in it) · params: $start, $end, $business_units
-- Pooled: all opens / all recipients. A send with no audience unit went to everyone and is always in
-- scope; with a unit filter, sends to the selected units are too. Region and level filters do not apply:
-- sends record only an audience unit. n = sends.
SELECT CAST(sum(c.opens) AS DOUBLE) / nullif(sum(c.recipients), 0) AS value,
       count(*) AS n
FROM communications AS c
WHERE c.sent_on BETWEEN $start AND $end
  AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit));
