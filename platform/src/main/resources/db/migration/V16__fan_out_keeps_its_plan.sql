-- The fan-out is planned once per session instead of once per call.
--
-- PL/pgSQL caches dispatch_outbox_events' statement, but under plan_cache_mode = auto PostgreSQL weighs a custom
-- plan against the generic one on each execution, and with events queued it kept taking a custom plan (which
-- knows p_limit; the generic plan guesses a tenth of the queue). So every call planned the whole statement
-- afresh: pg_stat_statements (track = all, track_planning = on) over a 10,000-event backlog counted 243 plans
-- for 243 calls at 0.77 ms each, some 19 µs of PostgreSQL's CPU per delivery, and an idle poll took 1 ms
-- instead of 0.25 ms. The generic plan keeps the key lookups the statement was written for (= ANY (ARRAY(...)):
-- the queue's primary key, outbox_events by (tenant_id, id)); checked with EXPLAIN on a queue of 20,000
-- events. One client, the statement alone on batches of 44 freshly queued events, 12 calls each: median 3.2 ms
-- with the generic plan, 6.7 ms with custom plans.

ALTER FUNCTION dispatch_outbox_events(integer, timestamptz) SET plan_cache_mode = force_generic_plan;
