-- communication.enrolment_lift · grain: period (programme campaigns sent in it) · params: $start, $end,
-- $business_units, $regions, $job_levels
-- For each send tied to a programme: enrolments on that programme in the 14 days from the send (send day
-- included) against the 28 days before it, scaled to 14 days. Pooled over campaigns:
-- sum(after) / (sum(before) × 14/28) − 1. Only campaigns whose 14 days after are inside the data (send
-- + 13 days ≤ the data's as-of date) count, so a late send does not look like a flop. Enrolments count
-- people in scope and, for a send to one unit, people of that unit only. n = campaigns; people = distinct
-- people who enrolled in the windows (the Python wrapper withholds the value below the minimum group size).
WITH as_of AS (
    SELECT coalesce(max(as_of), $end) AS day FROM dataset_info
), campaigns AS (
    SELECT c.communication_id, c.audience_business_unit
    FROM communications AS c, as_of
    WHERE c.program_id IS NOT NULL AND c.sent_on BETWEEN $start AND $end AND c.sent_on + 13 <= as_of.day
      AND (c.audience_business_unit IS NULL OR $business_units IS NULL OR list_contains($business_units, c.audience_business_unit))
), counted AS (
    SELECT count(*) FILTER (WHERE ce.is_after) AS after,
           count(*) FILTER (WHERE NOT ce.is_after) AS before,
           count(DISTINCT ce.employee_id) AS people
    FROM campaigns AS k
    JOIN communication_campaign_enrolments AS ce USING (communication_id)
    JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
    WHERE k.audience_business_unit IS NULL OR s.business_unit = k.audience_business_unit
)
SELECT counted.after / nullif(counted.before * 14.0 / 28.0, 0) - 1 AS value,
       (SELECT count(*) FROM campaigns) AS n,
       counted.people
FROM counted;
