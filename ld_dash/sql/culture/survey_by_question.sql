-- culture survey by question over time · grain: quarter × question · params: $end, $business_units, $regions, $job_levels
-- Mean score (on the index's 1-5 scale) per question of the index and survey quarter over the three years to period end (a trend needs more
-- than the selected period). n = respondents to that question on the quarter's largest survey day (exact
-- with one survey a quarter, a lower bound otherwise). Reads the culture_survey_cells summary.
WITH days AS (
    SELECT c.surveyed_on, c.question_key, sum(c.score_sum) AS score_sum, sum(c.answers) AS answers,
           sum(c.respondents) AS respondents
    FROM culture_survey_cells AS c
    WHERE c.surveyed_on > CAST($end AS DATE) - INTERVAL 3 YEAR AND c.surveyed_on <= $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
      AND c.in_index
    GROUP BY ALL
), points AS (
    SELECT CAST(date_trunc('quarter', surveyed_on) AS DATE) AS first_day, question_key,
           sum(score_sum) / nullif(sum(answers), 0) AS score, max(respondents) AS n
    FROM days
    GROUP BY ALL
)
SELECT strftime(first_day, '%Y-Q') || CAST(quarter(first_day) AS VARCHAR) AS quarter, question_key, score, n
FROM points
ORDER BY quarter, question_key;
