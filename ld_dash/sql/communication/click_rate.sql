-- communication.click_rate · grain: period (sends in it) · params: $start, $end, $business_units
-- Pooled: all clicks / all recipients, same sends as open_rate (audience NULL = everyone). n = sends.
SELECT CAST(sum(c.clicks) AS DOUBLE) / nullif(sum(c.recipients), 0) AS value,
       count(*) AS n
FROM communications AS c
WHERE c.sent_on BETWEEN $start AND $end
  AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit));
