-- Built at publish after derived.sql. Both tables carry the learner's current business unit, region and
-- job level (the same attributes staff() filters on), so queries filter with in_scope() instead of
-- joining employees, and both are sorted by date so that period filters prune by zone maps.

-- Every survey response with the learner and programme of its enrolment. Free-text comments are left
-- out on purpose: only feedback/comments.sql reads them (from `feedback`, by response_id), behind the
-- higher comments threshold.
CREATE OR REPLACE TABLE feedback_responses AS
SELECT f.response_id, f.enrollment_id, e.employee_id, e.program_id, f.responded_on, f.satisfaction,
       f.relevance, f.nps, f.intent_to_apply, f.applied_on_job_90d,
       s.business_unit, s.region, s.job_level
FROM feedback AS f
JOIN enrollments AS e USING (enrollment_id)
JOIN employees AS s ON s.employee_id = e.employee_id
ORDER BY f.responded_on;

-- Every completion with its scores and whether it has a survey response (at any date).
CREATE OR REPLACE TABLE feedback_completions AS
SELECT c.enrollment_id, c.employee_id, c.program_id, c.completed_on, c.pre_score, c.post_score,
       c.enrollment_id IN (SELECT enrollment_id FROM feedback) AS has_response,
       s.business_unit, s.region, s.job_level
FROM completions AS c
JOIN employees AS s USING (employee_id)
ORDER BY c.completed_on;
