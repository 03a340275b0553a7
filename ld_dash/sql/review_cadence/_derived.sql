-- review_cadence summaries, built at every publish after derived.sql.

-- Programme x day feedback totals: the 12-month satisfaction before a review reads this small table
-- instead of joining every feedback response to its enrolment per request.
CREATE OR REPLACE TABLE review_cadence_feedback_days AS
SELECT e.program_id, f.responded_on, count(*) AS responses, sum(f.satisfaction) AS satisfaction_sum
FROM feedback AS f
JOIN enrollments AS e USING (enrollment_id)
GROUP BY ALL
ORDER BY f.responded_on;

-- Review status on day d of every programme live on d (launched by d, not retired by d).
-- The clock starts at the latest review on or before d, or at launch when there is none yet;
-- a programme is due a review cycle (review_cycle_months) later and overdue after that day.
CREATE OR REPLACE MACRO review_cadence_status(d) AS TABLE
WITH latest AS (
    SELECT program_id, max(reviewed_on) AS last_review
    FROM program_reviews
    WHERE reviewed_on <= d
    GROUP BY ALL
), live AS (
    SELECT p.program_id, p.name, p.owner, p.review_cycle_months, p.launched_on, l.last_review,
           coalesce(l.last_review, p.launched_on) AS clock_start
    FROM programs AS p
    LEFT JOIN latest AS l USING (program_id)
    WHERE p.launched_on <= d AND (p.retired_on IS NULL OR p.retired_on > d)
)
SELECT *,
       CAST(clock_start + to_months(review_cycle_months) AS DATE) AS due_on,
       date_diff('day', clock_start, CAST(d AS DATE)) AS days_since,
       date_diff('day', clock_start, CAST(clock_start + to_months(review_cycle_months) AS DATE)) AS cycle_days,
       CAST(clock_start + to_months(review_cycle_months) AS DATE) >= d AS in_cycle
FROM live;
