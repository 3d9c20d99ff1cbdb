-- Webhooks: tenants' endpoints and one delivery row per (endpoint, event). The outbox is fanned out
-- into deliveries by a worker; deliveries are claimed with a lease (locked_until) and FOR UPDATE
-- SKIP LOCKED, so several nodes share the work and a crashed node's lease runs out and is claimed again.

ALTER TABLE outbox_events ADD COLUMN dispatched_at timestamptz;
CREATE INDEX outbox_events_undispatched_idx ON outbox_events (created_at) WHERE dispatched_at IS NULL;
CREATE INDEX outbox_events_type_idx ON outbox_events (tenant_id, type, created_at, id);

CREATE TABLE webhook_endpoints (
    tenant_id                  uuid        NOT NULL REFERENCES tenants (id),
    id                         uuid        NOT NULL,
    url                        text        NOT NULL CHECK (url ~* '^https?://'),
    events                     text[]      NOT NULL CHECK (cardinality(events) > 0),
    description                text,
    enabled                    boolean     NOT NULL DEFAULT true,
    disabled_reason            text,
    secret                     bytea       NOT NULL,
    previous_secret            bytea,
    previous_secret_expires_at timestamptz,
    failing_since              timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_endpoints_list_idx ON webhook_endpoints (tenant_id, created_at, id);

CREATE TABLE webhook_deliveries (
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    id               uuid        NOT NULL,
    endpoint_id      uuid        NOT NULL,
    event_id         text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'retrying', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    locked_until     timestamptz,
    last_status_code integer,
    last_error       text,
    last_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (endpoint_id, event_id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, event_id) REFERENCES outbox_events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at, id);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON webhook_endpoints TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON webhook_deliveries TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries TO ${app_role};

-- Plugins subscribe through their manifest's `events`; each installation gets its own deliveries.
ALTER TABLE plugin_installations ADD COLUMN events text[] NOT NULL DEFAULT '{}';

CREATE TABLE plugin_event_deliveries (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    id              uuid        NOT NULL,
    installation_id uuid        NOT NULL,
    event_id        text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'retrying', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    locked_until    timestamptz,
    last_error      text,
    last_attempt_at timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (installation_id, event_id),
    FOREIGN KEY (tenant_id, installation_id) REFERENCES plugin_installations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, event_id) REFERENCES outbox_events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX plugin_event_deliveries_due_idx ON plugin_event_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'retrying');

ALTER TABLE plugin_event_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE plugin_event_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON plugin_event_deliveries
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON plugin_event_deliveries TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON plugin_event_deliveries TO ${app_role};

-- Fan-out, across tenants: turns undispatched events into one delivery per matching enabled endpoint
-- (exact type, "prefix.*" or "*"). webhook.test events go only to the endpoint that asked for them.
CREATE FUNCTION dispatch_outbox_events(p_limit int, p_now timestamptz)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    DECLARE
        dispatched integer;
    BEGIN
        WITH batch AS (
            SELECT e.tenant_id, e.id, e.type
            FROM outbox_events e
            WHERE e.dispatched_at IS NULL
            ORDER BY e.created_at
            LIMIT p_limit
            FOR UPDATE SKIP LOCKED
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
        UPDATE outbox_events e SET dispatched_at = p_now
        FROM batch b WHERE e.id = b.id;
        GET DIAGNOSTICS dispatched = ROW_COUNT;
        RETURN dispatched;
    END
    $$;
GRANT EXECUTE ON FUNCTION dispatch_outbox_events(int, timestamptz) TO ${app_role};

-- Claims due deliveries across tenants with a lease; the attempt is counted when claimed, so a node
-- that dies mid-delivery has used that attempt and the next claim is a new one.
CREATE FUNCTION claim_webhook_deliveries(p_limit int, p_now timestamptz, p_lease interval)
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
            FROM due WHERE d.id = due.id
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.endpoint_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.endpoint_id, w.url, w.secret, w.previous_secret,
               w.previous_secret_expires_at, e.id, e.type, e.created_at, e.payload
        FROM claimed c
        JOIN webhook_endpoints w ON w.id = c.endpoint_id
        JOIN outbox_events e ON e.id = c.event_id
    $$;
GRANT EXECUTE ON FUNCTION claim_webhook_deliveries(int, timestamptz, interval) TO ${app_role};

-- The same for plugin subscribers: their own claims, leases and attempts.
CREATE FUNCTION claim_plugin_event_deliveries(p_limit int, p_now timestamptz, p_lease interval)
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
            FROM due WHERE d.id = due.id
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.installation_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.installation_id, e.id, e.type, e.created_at, e.payload
        FROM claimed c JOIN outbox_events e ON e.id = c.event_id
    $$;
GRANT EXECUTE ON FUNCTION claim_plugin_event_deliveries(int, timestamptz, interval) TO ${app_role};

-- Events are kept 30 days; their deliveries go with them.
CREATE FUNCTION purge_outbox_events(p_before timestamptz)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        WITH gone AS (DELETE FROM outbox_events WHERE created_at < p_before RETURNING 1)
        SELECT count(*)::integer FROM gone
    $$;
GRANT EXECUTE ON FUNCTION purge_outbox_events(timestamptz) TO ${app_role};
