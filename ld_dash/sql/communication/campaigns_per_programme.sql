-- communication campaigns per programme · grain: programme · params: $start, $end, $business_units, $regions, $job_levels
-- Programmes live in the period (launched by its end, not retired before its start), with the sends tied
-- to them in the period (audience rule as open_rate): sends, channels used, recipients, pooled open and
-- click rates. Enrolments in the 14 days from each send against the 28 days before (people in scope; a
-- send to one unit counts that unit's people), pooled into the programme's lift, for sends whose 14 days
-- are inside the data, as communication.enrolment_lift. Programmes without a send show 0 campaigns.
-- n = distinct people who enrolled in the windows (the enrolment counts describe them).
WITH as_of AS (
    SELECT coalesce(max(as_of), $end) AS day FROM dataset_info
), live AS (
    SELECT p.program_id, p.name
    FROM programs AS p
    WHERE (p.launched_on IS NULL OR p.launched_on <= $end) AND (p.retired_on IS NULL OR p.retired_on >= $start)
), sends AS (
    SELECT c.*, c.sent_on + 13 <= as_of.day AS judged
    FROM communications AS c, as_of
    WHERE c.program_id IS NOT NULL AND c.sent_on BETWEEN $start AND $end
      AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
), per_programme AS (
    SELECT program_id, count(*) AS campaigns, string_agg(DISTINCT channel, ', ' ORDER BY channel) AS channels,
           sum(recipients) AS recipients,
           CAST(sum(opens) AS DOUBLE) / nullif(sum(recipients), 0) AS open_rate,
           CAST(sum(clicks) AS DOUBLE) / nullif(sum(recipients), 0) AS click_rate
    FROM sends
    GROUP BY ALL
), counted AS (
    SELECT k.program_id,
           count(*) FILTER (WHERE ce.is_after) AS enrolments_after,
           count(*) FILTER (WHERE NOT ce.is_after) AS enrolments_before,
           count(DISTINCT ce.employee_id) AS n
    FROM sends AS k
    JOIN communication_campaign_enrolments AS ce USING (communication_id)
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE k.judged AND (k.audience_business_unit IS NULL OR s.business_unit = k.audience_business_unit)
    GROUP BY ALL
)
SELECT l.name AS programme,
       coalesce(pp.campaigns, 0) AS campaigns, pp.channels, pp.recipients, pp.open_rate, pp.click_rate,
       CASE WHEN pp.campaigns > 0 THEN coalesce(x.enrolments_before, 0) END AS enrolments_before,
       CASE WHEN pp.campaigns > 0 THEN coalesce(x.enrolments_after, 0) END AS enrolments_after,
       x.enrolments_after / nullif(x.enrolments_before * 14.0 / 28.0, 0) - 1 AS lift,
       coalesce(x.n, 0) AS n
FROM live AS l
LEFT JOIN per_programme AS pp USING (program_id)
LEFT JOIN counted AS x USING (program_id)
ORDER BY campaigns DESC, l.name;
