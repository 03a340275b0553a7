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

-- Weak-feedback signals and the review that followed. At every month end d, for every programme live on
-- d: mean satisfaction of the responses since its latest review before d (or since launch), at most the
-- 12 months to d ((d − 12 months, d]). It is weak when there are at least 10 such responses and the mean is
-- below weak_feedback_below() (ld_dash/thresholds.py). A signal is the first weak month end after a review (or launch): the date the feedback fell
-- below the threshold. The review that followed is the first review on or after that day (none yet =
-- NULL); a review resets the clock, so a programme still weak afterwards raises a new signal.
CREATE OR REPLACE TABLE review_cadence_signals AS
WITH bounds AS (
    SELECT min(responded_on) AS first_day, max(responded_on) AS last_day FROM review_cadence_feedback_days
), month_ends AS (
    SELECT CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS checked_on
    FROM (SELECT unnest(generate_series(CAST(date_trunc('month', first_day) AS TIMESTAMP),
                                        CAST(last_day AS TIMESTAMP), INTERVAL 1 MONTH)) AS m
          FROM bounds WHERE first_day IS NOT NULL)
), checks AS (
    SELECT p.program_id, d.checked_on, p.launched_on,
           (SELECT max(r.reviewed_on) FROM program_reviews AS r
            WHERE r.program_id = p.program_id AND r.reviewed_on < d.checked_on) AS last_review
    FROM programs AS p
    JOIN month_ends AS d ON p.launched_on <= d.checked_on AND (p.retired_on IS NULL OR p.retired_on > d.checked_on)
), rated AS (
    SELECT c.program_id, c.checked_on, c.last_review,
           sum(f.satisfaction_sum) / sum(f.responses) AS satisfaction,
           sum(f.responses) AS responses
    FROM checks AS c
    JOIN review_cadence_feedback_days AS f
      ON f.program_id = c.program_id
     AND f.responded_on >= coalesce(c.last_review, c.launched_on)
     AND f.responded_on > CAST(c.checked_on - INTERVAL 12 MONTH AS DATE)
     AND f.responded_on <= c.checked_on
    GROUP BY ALL
), signals AS (
    SELECT program_id, last_review,
           arg_min(checked_on, checked_on) AS signal_on,
           arg_min(satisfaction, checked_on) AS satisfaction,
           arg_min(responses, checked_on) AS responses
    FROM rated
    WHERE responses >= weak_feedback_min_responses() AND satisfaction < weak_feedback_below()
    GROUP BY ALL
)
SELECT s.program_id, s.signal_on, s.satisfaction, s.responses, s.last_review AS previous_review,
       r.reviewed_on, r.outcome,
       date_diff('day', s.signal_on, r.reviewed_on) AS days_to_review
FROM signals AS s
LEFT JOIN LATERAL (
    SELECT reviewed_on, outcome FROM program_reviews AS pr
    WHERE pr.program_id = s.program_id AND pr.reviewed_on >= s.signal_on
    ORDER BY reviewed_on, review_id LIMIT 1
) AS r ON true
ORDER BY s.signal_on, s.program_id;
