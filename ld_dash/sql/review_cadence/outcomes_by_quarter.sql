-- review_cadence outcomes · grain: quarter · params: $end (organisation-wide)
-- Programme reviews per quarter and outcome: the quarter of period end and the seven before it (to period end).
SELECT strftime(reviewed_on, '%Y') || '-Q' || CAST(quarter(reviewed_on) AS VARCHAR) AS quarter,
       CASE outcome WHEN 'continue' THEN 'Continue' WHEN 'revise' THEN 'Revise' ELSE 'Retire' END AS outcome,
       count(*) AS reviews
FROM program_reviews
WHERE reviewed_on >= CAST(date_trunc('quarter', $end) - INTERVAL 21 MONTH AS DATE) AND reviewed_on <= $end
GROUP BY ALL
ORDER BY quarter, outcome;
