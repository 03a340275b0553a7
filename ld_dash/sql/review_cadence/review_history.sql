-- review_cadence review history · grain: programme · params: $end (organisation-wide)
-- Every programme live at period end or reviewed in the three years to it: its reviews in those three
-- years in date order ("2025-03 Revise → 2026-02 Continue"), their count, the latest outcome, and
-- "Never reviewed" for a programme with no review at all by period end.
WITH reviews AS (
    SELECT program_id, reviewed_on, review_id,
           CASE outcome WHEN 'continue' THEN 'Continue' WHEN 'revise' THEN 'Revise' ELSE 'Retire' END AS outcome
    FROM program_reviews
    WHERE reviewed_on <= $end
), recent AS (
    SELECT program_id,
           string_agg(strftime(reviewed_on, '%Y-%m') || ' ' || outcome, ' → ' ORDER BY reviewed_on, review_id)
               AS timeline,
           count(*) AS reviews,
           count(*) FILTER (WHERE outcome <> 'Continue') AS changes
    FROM reviews
    WHERE reviewed_on > CAST($end - INTERVAL 3 YEAR AS DATE)
    GROUP BY ALL
), latest AS (
    SELECT program_id, max(reviewed_on) AS last_review, arg_max(outcome, reviewed_on) AS last_outcome
    FROM reviews
    GROUP BY ALL
)
SELECT p.name AS programme, p.owner, p.review_cycle_months, p.launched_on,
       coalesce(r.reviews, 0) AS reviews, coalesce(r.changes, 0) AS changes,
       CASE WHEN l.last_review IS NULL THEN 'Never reviewed (launched ' || strftime(p.launched_on, '%-d %b %Y') || ')'
            ELSE coalesce(r.timeline, 'None in the last 3 years') END AS timeline,
       coalesce(l.last_outcome, 'Never reviewed') AS last_outcome,
       p.retired_on IS NOT NULL AND p.retired_on <= $end AS retired
FROM programs AS p
LEFT JOIN recent AS r USING (program_id)
LEFT JOIN latest AS l USING (program_id)
WHERE p.launched_on <= $end
  AND ((p.retired_on IS NULL OR p.retired_on > $end) OR r.program_id IS NOT NULL)
ORDER BY l.last_review NULLS FIRST, programme;
