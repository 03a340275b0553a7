-- leadership.sponsored_spend_share · grain: period · params: $start, $end (organisation-wide; programme money)
-- Programme costs incurred in the period on programmes with a named executive sponsor, over all programme
-- costs in the period. n = programmes with costs in the period.
SELECT sum(CASE WHEN p.executive_sponsor_id IS NOT NULL THEN c.amount ELSE 0 END) / nullif(sum(c.amount), 0) AS value,
       count(DISTINCT c.program_id) AS n
FROM program_costs AS c
JOIN programs AS p USING (program_id)
WHERE c.incurred_on BETWEEN $start AND $end;
