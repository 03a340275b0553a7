-- feedback trend · grain: quarter · params: $end, $business_units, $regions, $job_levels
-- Responses in the eight quarters to period end (a trend needs more than the selected period):
-- share satisfied (satisfaction 4-5), share finding it relevant to the job (relevance 4-5) and share applied on the job (90-day answer 4-5, of those who
-- answered it). n = distinct respondents behind each point. Responses are first summed per person and
-- quarter, which counts distinct people more cheaply than two count(DISTINCT) over the responses.
WITH per_person AS (
    SELECT CAST(date_trunc('quarter', r.responded_on) AS DATE) AS first_day, r.employee_id,
           count(*) AS responses,
           count(*) FILTER (WHERE r.satisfaction >= 4) AS satisfied,
           count(*) FILTER (WHERE r.relevance >= 4) AS relevant,
           count(r.applied_on_job_90d) AS answered,
           count(*) FILTER (WHERE r.applied_on_job_90d >= 4) AS applied
    FROM feedback_responses AS r
    WHERE r.responded_on >= date_trunc('quarter', CAST($end AS DATE)) - INTERVAL 21 MONTH
      AND r.responded_on <= $end
      AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level)
    GROUP BY ALL
), per_quarter AS (
    SELECT first_day,
           sum(satisfied) / sum(responses) AS satisfied, sum(relevant) / sum(responses) AS relevant,
           count(*) AS respondents,
           sum(applied) / nullif(sum(answered), 0) AS applied, count(*) FILTER (WHERE answered > 0) AS answered
    FROM per_person
    GROUP BY ALL
), points AS (
    SELECT first_day, 'Satisfied (rated 4-5)' AS measure, satisfied AS share, respondents AS n FROM per_quarter
    UNION ALL
    SELECT first_day, 'Relevant to the job (rated 4-5)' AS measure, relevant AS share, respondents AS n
    FROM per_quarter
    UNION ALL
    SELECT first_day, 'Applied on the job at 90 days (4-5)' AS measure, applied AS share, answered AS n
    FROM per_quarter WHERE answered > 0
)
SELECT strftime(first_day, '%Y-Q') || CAST(quarter(first_day) AS VARCHAR) AS quarter, measure, share, n
FROM points
ORDER BY measure DESC, quarter;
