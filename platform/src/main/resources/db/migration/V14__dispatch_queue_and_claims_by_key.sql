-- Fan-out and claims without a cost that grows with history.
--
-- 1. Events waiting to be fanned out get a queue of their own. Marking an outbox row dispatched was an UPDATE
-- of a column in a partial index's predicate, so it could never be heap-only: every event cost a second row
-- version and an entry in each of the outbox's five other indexes, once for each event any tenant wrote.
-- Now the outbox is insert-only: a statement trigger queues what each INSERT wrote, and fan-out deletes
-- what it takes from the queue (a delete adds no index entries).

CREATE TABLE outbox_pending (
    position  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL,
    event_id  text NOT NULL
);
-- Only the SECURITY DEFINER functions below touch the queue; the app role has no grant on it at all.
ALTER TABLE outbox_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_pending FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_pending
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON outbox_pending TO CURRENT_USER USING (true) WITH CHECK (true);

INSERT INTO outbox_pending (tenant_id, event_id)
SELECT tenant_id, id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY created_at, id;

CREATE FUNCTION queue_outbox_events()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    BEGIN
        INSERT INTO outbox_pending (tenant_id, event_id)
        SELECT tenant_id, id FROM written ORDER BY created_at, id;
        RETURN NULL;
    END
    $$;
CREATE TRIGGER queue_for_dispatch AFTER INSERT ON outbox_events
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION queue_outbox_events();

-- Fan-out as before (one delivery per matching enabled endpoint and per subscribed plugin installation),
-- taking its batch off the queue in the order events were queued (= ANY (ARRAY(...)) so the delete looks
-- its rows up by key; with IN the planner hashed the batch and scanned the whole queue, dead rows too). A
-- queued event purged before it was fanned out is dropped with its queue row.
CREATE OR REPLACE FUNCTION dispatch_outbox_events(p_limit int, p_now timestamptz)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    DECLARE
        dispatched integer;
    BEGIN
        WITH taken AS (
            DELETE FROM outbox_pending p
            WHERE p.position = ANY (ARRAY(SELECT q.position FROM outbox_pending q ORDER BY q.position LIMIT p_limit
                                          FOR UPDATE SKIP LOCKED))
            RETURNING p.tenant_id, p.event_id
        ), batch AS (
            SELECT e.tenant_id, e.id, e.type
            FROM taken t JOIN outbox_events e ON e.id = t.event_id AND e.tenant_id = t.tenant_id
        ), fanned AS (
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, next_attempt_at,
                                            created_at, updated_at)
            SELECT b.tenant_id, gen_random_uuid(), w.id, b.id, 'pending', p_now, p_now, p_now
            FROM batch b
            JOIN webhook_endpoints w ON w.tenant_id = b.tenant_id AND w.enabled
            WHERE b.type <> 'webhook.test'
              AND (b.type = ANY (w.events) OR '*' = ANY (w.events)
                   OR split_part(b.type, '.', 1) || '.*' = ANY (w.events))
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
        ), to_plugins AS (
            INSERT INTO plugin_event_deliveries (tenant_id, id, installation_id, event_id, status, next_attempt_at,
                                                 created_at, updated_at)
            SELECT b.tenant_id, gen_random_uuid(), i.id, b.id, 'pending', p_now, p_now, p_now
            FROM batch b
            JOIN plugin_installations i ON i.tenant_id = b.tenant_id AND i.status = 'active'
                                        AND 'events' = ANY (i.capabilities)
            WHERE b.type <> 'webhook.test'
              AND (b.type = ANY (i.events) OR '*' = ANY (i.events)
                   OR split_part(b.type, '.', 1) || '.*' = ANY (i.events))
            ON CONFLICT (installation_id, event_id) DO NOTHING
        )
        SELECT count(*) INTO dispatched FROM taken;
        RETURN dispatched;
    END
    $$;

DROP INDEX outbox_events_undispatched_idx;
ALTER TABLE outbox_events DROP COLUMN dispatched_at;

-- 2. Claims look their rows up by key. Inside a function LIMIT p_limit is a parameter, which the planner
-- takes for a tenth of the due rows; once that looked like enough rows, it claimed by hash-joining the
-- due batch with a sequential scan of all deliveries and read the events the same way, so every claim
-- read every delivery and event ever kept (measured: seven million delivery rows read for 10,000
-- deliveries, PostgreSQL's CPU per delivery growing with each backlog). = ANY (ARRAY(...)) makes the
-- update and the event lookup index scans whatever the estimate.
CREATE OR REPLACE FUNCTION claim_webhook_deliveries(p_limit int, p_now timestamptz, p_lease interval)
    RETURNS TABLE (tenant_id uuid, delivery_id uuid, attempt integer, locked_until timestamptz,
                   endpoint_id uuid, url text, secret bytea, previous_secret bytea,
                   previous_secret_expires_at timestamptz, event_id text, event_type text,
                   event_created_at timestamptz, payload jsonb)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        WITH due AS (
            SELECT d.id
            FROM webhook_deliveries d
            JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.enabled
            WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= p_now
              AND (d.locked_until IS NULL OR d.locked_until < p_now)
            ORDER BY d.next_attempt_at
            LIMIT p_limit
            FOR UPDATE OF d SKIP LOCKED
        ), claimed AS (
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, locked_until = p_now + p_lease, updated_at = p_now
            WHERE d.id = ANY (ARRAY(SELECT due.id FROM due))
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.endpoint_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.endpoint_id, w.url, w.secret, w.previous_secret,
               w.previous_secret_expires_at, e.id, e.type, e.created_at, e.payload
        FROM claimed c
        JOIN webhook_endpoints w ON w.id = c.endpoint_id
        JOIN outbox_events e ON e.id = c.event_id AND e.id = ANY (ARRAY(SELECT claimed.event_id FROM claimed))
    $$;

CREATE OR REPLACE FUNCTION claim_plugin_event_deliveries(p_limit int, p_now timestamptz, p_lease interval)
    RETURNS TABLE (tenant_id uuid, delivery_id uuid, attempt integer, locked_until timestamptz,
                   installation_id uuid, event_id text, event_type text, event_created_at timestamptz, payload jsonb)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        WITH due AS (
            SELECT d.id
            FROM plugin_event_deliveries d
            JOIN plugin_installations i ON i.id = d.installation_id AND i.status = 'active'
            WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= p_now
              AND (d.locked_until IS NULL OR d.locked_until < p_now)
            ORDER BY d.next_attempt_at
            LIMIT p_limit
            FOR UPDATE OF d SKIP LOCKED
        ), claimed AS (
            UPDATE plugin_event_deliveries d
            SET attempts = d.attempts + 1, locked_until = p_now + p_lease, updated_at = p_now
            WHERE d.id = ANY (ARRAY(SELECT due.id FROM due))
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.installation_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.installation_id, e.id, e.type, e.created_at, e.payload
        FROM claimed c
        JOIN outbox_events e ON e.id = c.event_id AND e.id = ANY (ARRAY(SELECT claimed.event_id FROM claimed))
    $$;

-- 3. Nothing references a delivery by (tenant_id, id), and id alone is the primary key: the unique index was
-- one more entry to write for every delivery row version that is not heap-only. And a delivery's tenant is
-- already held to an existing tenant by its (tenant_id, endpoint_id) or (tenant_id, installation_id) key,
-- whose parent references tenants: the direct key was a third foreign-key check on every fanned-out row.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_tenant_id_id_key;
ALTER TABLE plugin_event_deliveries DROP CONSTRAINT plugin_event_deliveries_tenant_id_id_key;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_tenant_id_fkey;
ALTER TABLE plugin_event_deliveries DROP CONSTRAINT plugin_event_deliveries_tenant_id_fkey;
