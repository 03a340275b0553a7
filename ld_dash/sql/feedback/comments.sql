-- feedback comments · grain: period × programme × comment text
-- params: $start, $end, $business_units, $regions, $job_levels, $comment_min, $per_programme
-- Free-text comments of the responses given in the period, ONLY for programmes with at least
-- $comment_min distinct respondents in the period and scope (settings.comment_min_group_size, higher
-- than the ordinary minimum because a comment can identify its writer). Identical texts are counted
-- together (times); at most $per_programme texts per programme, the most frequent and then the most
-- recent first. No dates or people leave this query. n = the programme's respondents (people).
WITH responses AS (
    SELECT r.response_id, r.program_id, r.employee_id, r.responded_on, r.satisfaction
    FROM feedback_responses AS r
    WHERE r.responded_on BETWEEN $start AND $end
      AND in_scope($business_units, $regions, $job_levels, r.business_unit, r.region, r.job_level)
), groups AS (
    SELECT program_id, count(DISTINCT employee_id) AS n, avg(satisfaction) AS satisfaction
    FROM responses
    GROUP BY ALL
    HAVING count(DISTINCT employee_id) >= $comment_min
), texts AS (
    SELECT r.program_id, f.comment, count(*) AS times, max(r.responded_on) AS latest
    FROM responses AS r
    JOIN feedback AS f USING (response_id)
    WHERE f.comment IS NOT NULL AND trim(f.comment) <> ''
    GROUP BY ALL
)
SELECT p.name AS programme, t.comment, t.times, g.n
FROM texts AS t
JOIN groups AS g USING (program_id)
JOIN programs AS p USING (program_id)
QUALIFY row_number() OVER (PARTITION BY t.program_id ORDER BY t.times DESC, t.latest DESC, t.comment)
        <= $per_programme
ORDER BY g.satisfaction, p.name, t.times DESC, t.latest DESC, t.comment;
