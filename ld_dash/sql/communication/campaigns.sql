-- communication campaigns ranked by enrolment lift · grain: programme campaign · params: $start, $end,
-- $business_units, $regions, $job_levels
-- The campaigns behind the catalog metric (sends tied to a programme, sent in the period, 14 days after
-- inside the data, audience in scope). Enrolments before (28 days) and after (14 days from the send),
-- counted as in the metric; expected = before × 14/28; lift = after / expected − 1.
-- n = distinct people who enrolled in either window: the enrolment counts describe them.
WITH as_of AS (
    SELECT coalesce(max(as_of), $end) AS day FROM dataset_info
), campaigns AS (
    SELECT c.*
    FROM communications AS c, as_of
    WHERE c.program_id IS NOT NULL AND c.sent_on BETWEEN $start AND $end AND c.sent_on + 13 <= as_of.day
      AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
), counted AS (
    SELECT k.communication_id,
           count(*) FILTER (WHERE ce.is_after) AS enrolments_after,
           count(*) FILTER (WHERE NOT ce.is_after) AS enrolments_before,
           count(DISTINCT ce.employee_id) AS n
    FROM campaigns AS k
    JOIN communication_campaign_enrolments AS ce USING (communication_id)
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE k.audience_business_unit IS NULL OR s.business_unit = k.audience_business_unit
    GROUP BY ALL
)
SELECT k.sent_on, k.channel, p.name AS programme,
       coalesce(k.audience_business_unit, 'Everyone') AS audience,
       k.recipients,
       CAST(k.opens AS DOUBLE) / nullif(k.recipients, 0) AS open_rate,
       CAST(k.clicks AS DOUBLE) / nullif(k.recipients, 0) AS click_rate,
       coalesce(x.enrolments_before, 0) AS enrolments_before,
       coalesce(x.enrolments_after, 0) AS enrolments_after,
       coalesce(x.enrolments_before, 0) * 14.0 / 28.0 AS expected_after,
       coalesce(x.enrolments_after, 0) / nullif(coalesce(x.enrolments_before, 0) * 14.0 / 28.0, 0) - 1 AS lift,
       coalesce(x.n, 0) AS n
FROM campaigns AS k
LEFT JOIN counted AS x USING (communication_id)
LEFT JOIN programs AS p USING (program_id)
ORDER BY lift DESC NULLS LAST, k.sent_on;
