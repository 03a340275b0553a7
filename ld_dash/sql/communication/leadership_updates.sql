-- communication.leadership_updates · grain: period · params: $start, $end (organisation-wide)
-- Sends on the 'leadership update' channel. NULL when the period has no sends at all (no communication
-- data to judge by); 0 when there were sends but none to leadership. n = leadership-update sends.
SELECT CASE WHEN count(*) = 0 THEN NULL
            ELSE CAST(count(*) FILTER (WHERE c.channel = 'leadership update') AS DOUBLE) END AS value,
       count(*) FILTER (WHERE c.channel = 'leadership update') AS n
FROM communications AS c
WHERE c.sent_on BETWEEN $start AND $end;
