-- Enrolments before and after each programme campaign, built at publish after derived.sql so that the
-- lift queries neither range-join enrolments nor re-count them per request. One row per campaign ×
-- enrolment in its window: 28 days before the send ([sent_on − 28, sent_on)) or the 14 days from the
-- send ([sent_on, sent_on + 14)), with the enrolling person. Scope filters apply at query time.
CREATE OR REPLACE TABLE communication_campaign_enrolments AS
SELECT c.communication_id, e.employee_id, e.enrolled_on >= c.sent_on AS is_after
FROM communications AS c
JOIN enrollments AS e
  ON e.program_id = c.program_id
 AND e.enrolled_on >= c.sent_on - 28 AND e.enrolled_on < c.sent_on + 14
WHERE c.program_id IS NOT NULL;

-- Each send's audience headcount: employees employed on the send day, of its audience unit (everyone when
-- the send has no audience unit). Reach = recipients / this.
CREATE OR REPLACE TABLE communication_send_audience AS
SELECT c.communication_id, count(e.employee_id) AS audience
FROM communications AS c
LEFT JOIN employees AS e
  ON employed_on(e.hire_date, e.termination_date, c.sent_on)
 AND (c.audience_business_unit IS NULL OR e.business_unit = c.audience_business_unit)
GROUP BY ALL;
