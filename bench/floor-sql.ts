// The dashboard's figures in hand-written SQL: the floor the page is measured against. Kept apart from
// the code that runs and checks it (floor.ts) so the SQL can be read on its own.
//
// Conventions shared with the tracker (lib/timeliness/): percentiles by nearest rank (rank ⌈p·n⌉,
// here (n·p% + 99) / 100 in integer arithmetic), a request judged by the goal version in force on its
// first submission date (the decision date when it has none), percent to one decimal rounding halves
// up (integer arithmetic again, so no floating-point edge can differ from Math.round).

const OPEN_STATES = "('hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned')";

/**
 * Every figure over decided requests in one statement. Each decided row of the period gets the goal
 * version of each stage it is judged by (an index seek on timeliness_goals (stage, effective_from)).
 * Then, rather than rank every value with a window (measured 2–3× slower at 50k), each group's values
 * are counted into a histogram (business days are small integers), and a running sum over that much
 * smaller histogram finds each nearest-rank percentile: the smallest value whose running count reaches
 * rank ⌈p·n⌉. Groups: each clocked stage; end to end by month, by HSI office and by division;
 * decisions; training waits. Rows with no end-to-end time count as decided but not in n.
 * Parameters: @from, @to (calendar dates, inclusive).
 */
export const DECIDED_FIGURES_SQL = `
WITH timed AS (
  SELECT t.decided_on, coalesce(t.first_submitted_on, t.decided_on) AS judged_on, t.decision,
         t.hsi_review_days, t.dea_hq_review_days, t.division_review_days, t.dea_decision_days,
         t.end_to_end_days, t.pending_training_days,
         r.hsi_office_id, coalesce(r.routed_division_id, r.dea_division_id) AS division_id
  FROM request_timings t JOIN requests r ON r.id = t.request_id
  WHERE t.decided_on BETWEEN @from AND @to
),
decided AS MATERIALIZED (
  SELECT timed.*,
    (SELECT business_days FROM timeliness_goals g WHERE g.stage = 'hsi_review' AND g.effective_from <= judged_on ORDER BY g.effective_from DESC LIMIT 1) AS hsi_review_goal,
    (SELECT business_days FROM timeliness_goals g WHERE g.stage = 'dea_hq_review' AND g.effective_from <= judged_on ORDER BY g.effective_from DESC LIMIT 1) AS dea_hq_review_goal,
    (SELECT business_days FROM timeliness_goals g WHERE g.stage = 'division_review' AND g.effective_from <= judged_on ORDER BY g.effective_from DESC LIMIT 1) AS division_review_goal,
    (SELECT business_days FROM timeliness_goals g WHERE g.stage = 'dea_decision' AND g.effective_from <= judged_on ORDER BY g.effective_from DESC LIMIT 1) AS dea_decision_goal,
    (SELECT business_days FROM timeliness_goals g WHERE g.stage = 'end_to_end' AND g.effective_from <= judged_on ORDER BY g.effective_from DESC LIMIT 1) AS end_to_end_goal
  FROM timed
),
histogram (dim, key, v, c, judged, within) AS (
            SELECT 'stage', 'hsi_review', hsi_review_days, count(*), count(hsi_review_goal), sum(hsi_review_days <= hsi_review_goal) FROM decided WHERE hsi_review_days IS NOT NULL GROUP BY 3
  UNION ALL SELECT 'stage', 'dea_hq_review', dea_hq_review_days, count(*), count(dea_hq_review_goal), sum(dea_hq_review_days <= dea_hq_review_goal) FROM decided WHERE dea_hq_review_days IS NOT NULL GROUP BY 3
  UNION ALL SELECT 'stage', 'division_review', division_review_days, count(*), count(division_review_goal), sum(division_review_days <= division_review_goal) FROM decided WHERE division_review_days IS NOT NULL GROUP BY 3
  UNION ALL SELECT 'stage', 'dea_decision', dea_decision_days, count(*), count(dea_decision_goal), sum(dea_decision_days <= dea_decision_goal) FROM decided WHERE dea_decision_days IS NOT NULL GROUP BY 3
  UNION ALL SELECT 'stage', 'end_to_end', end_to_end_days, count(*), count(end_to_end_goal), sum(end_to_end_days <= end_to_end_goal) FROM decided WHERE end_to_end_days IS NOT NULL GROUP BY 3
  UNION ALL SELECT 'month', substr(decided_on, 1, 7), end_to_end_days, count(*), count(end_to_end_days + end_to_end_goal), sum(end_to_end_days <= end_to_end_goal) FROM decided GROUP BY 2, 3
  UNION ALL SELECT 'office', hsi_office_id, end_to_end_days, count(*), count(end_to_end_days + end_to_end_goal), sum(end_to_end_days <= end_to_end_goal) FROM decided GROUP BY 2, 3
  UNION ALL SELECT 'division', division_id, end_to_end_days, count(*), count(end_to_end_days + end_to_end_goal), sum(end_to_end_days <= end_to_end_goal) FROM decided GROUP BY 2, 3
  UNION ALL SELECT 'decision', decision, NULL, count(*), 0, 0 FROM decided GROUP BY 2
  UNION ALL SELECT 'pending_training', '', pending_training_days, count(*), 0, 0 FROM decided WHERE pending_training_days IS NOT NULL GROUP BY 3
),
cumulative AS (
  SELECT dim, key, v, c, judged, within,
         sum(c) OVER (PARTITION BY dim, key ORDER BY v NULLS LAST ROWS UNBOUNDED PRECEDING) AS upto,
         sum(CASE WHEN v IS NOT NULL THEN c END) OVER (PARTITION BY dim, key) AS n
  FROM histogram
),
grouped AS (
  SELECT dim, key, sum(c) AS rows, coalesce(max(n), 0) AS n,
         min(CASE WHEN upto >= (n * 50 + 99) / 100 THEN v END) AS p50,
         min(CASE WHEN upto >= (n * 90 + 99) / 100 THEN v END) AS p90,
         max(v) AS max, sum(judged) AS judged, coalesce(sum(within), 0) AS within
  FROM cumulative GROUP BY dim, key
)
SELECT dim, key, rows, n, p50, p90, max,
       CASE WHEN judged > 0 THEN ((2000 * within + judged) / (2 * judged)) / 10.0 END AS within_goal_pct
FROM grouped`;

/** Open work counted: in all, by HSI office, by (routed or proposed) division; and approvals waiting for training. */
export const OPEN_COUNTS_SQL = `
            SELECT 'all' AS dim, 0 AS key, count(*) AS n FROM requests WHERE state IN ${OPEN_STATES}
  UNION ALL SELECT 'office', hsi_office_id, count(*) FROM requests WHERE state IN ${OPEN_STATES} GROUP BY hsi_office_id
  UNION ALL SELECT 'division', coalesce(routed_division_id, dea_division_id), count(*) FROM requests WHERE state IN ${OPEN_STATES} GROUP BY 2
  UNION ALL SELECT 'pending_training', 0, count(*) FROM requests WHERE state = 'pending_training'`;

/** The aging list as the page shows it: the oldest open requests, with names. Parameter: @limit. */
export const AGING_SQL = `
SELECT r.id, r.ref, r.state, r.first_submitted_at, a.name AS agent_name, o.name AS office_name, d.name AS division_name
FROM requests r
JOIN agents a ON a.id = r.agent_id
JOIN offices o ON o.id = r.hsi_office_id
JOIN offices d ON d.id = coalesce(r.routed_division_id, r.dea_division_id)
WHERE r.state IN ${OPEN_STATES}
ORDER BY r.first_submitted_at, r.id
LIMIT @limit`;

/**
 * The input of the open clocks (days in stage, due date, overdue): every open request's events. The
 * floor reads them but does not turn them into business days (see floor.ts).
 */
export const OPEN_EVENTS_SQL = `
SELECT e.request_id, e.action, e.to_state, e.at
FROM request_events e
WHERE e.request_id IN (SELECT id FROM requests WHERE state IN ${OPEN_STATES})
ORDER BY e.request_id, e.at, e.id`;

/** Designations in force on a date and not rescinded by the end of it. Parameters: @date, @endOfDay (ms). */
export const ACTIVE_DESIGNATIONS_SQL = `
SELECT count(*) AS n
FROM designations d
WHERE d.starts_on <= @date AND d.ends_on >= @date
  AND d.request_id NOT IN (SELECT request_id FROM request_events WHERE action = 'rescind' AND at < @endOfDay)`;

/** The goal of each stage in force on a date (the stage table's goal column). Parameter: @date. */
export const GOALS_ON_SQL = `
SELECT stage, business_days, max(effective_from) AS effective_from
FROM timeliness_goals WHERE effective_from <= @date GROUP BY stage`;
