-- feedback: outcomes and assessment scores per programme · grain: period × programme
-- params: $start, $end, $business_units, $regions, $job_levels
-- Enrolments of people in scope that began in the period, by where they stand now: completed, failed
-- (an assessment failed and not passed since), dropped, or still open (enrolled or in progress). The
-- completion rate is completed over all those enrolments; the pass rate is completed over those that
-- reached a result (completed or failed). The mean assessment score is the post-score (0-100) of the
-- enrolments that have one. n = distinct people enrolled.
SELECT p.name AS programme, e.program_id,
       count(*) AS enrolments,
       count(*) FILTER (WHERE e.status = 'completed') AS completed,
       count(*) FILTER (WHERE e.status = 'failed') AS failed,
       count(*) FILTER (WHERE e.status = 'dropped') AS dropped,
       count(*) FILTER (WHERE e.status IN ('enrolled', 'in_progress')) AS open,
       count(*) FILTER (WHERE e.status = 'completed') / count(*) AS completion_rate,
       count(*) FILTER (WHERE e.status = 'completed')
           / nullif(count(*) FILTER (WHERE e.status IN ('completed', 'failed')), 0) AS pass_rate,
       avg(e.post_score) AS mean_score,
       count(e.post_score) AS scored,
       count(DISTINCT e.employee_id) AS n
FROM enrollments AS e
JOIN staff($business_units, $regions, $job_levels) AS s USING (employee_id)
JOIN programs AS p USING (program_id)
WHERE e.enrolled_on BETWEEN $start AND $end
GROUP BY ALL
ORDER BY completion_rate, programme;
