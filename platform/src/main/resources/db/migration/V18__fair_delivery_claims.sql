-- Fair delivery claims: an endpoint that is slow and has a backlog no longer takes every in-flight slot of a node.
--
-- Deliveries were claimed oldest-due first across all endpoints. An endpoint that answered slowly and had more
-- deliveries due than a node has slots got all of them, each held for up to the request timeout, and every
-- delivery that fell due after its backlog (any tenant's) waited until that backlog was worked off.
--
-- Claims now go round the endpoints that have deliveries due, in endpoint id order, and take each endpoint's
-- oldest due deliveries, at most as many as the caller's per-endpoint limit leaves: the caller passes how many
-- deliveries of each endpoint it has in flight. Each claim starts after the endpoint the caller's previous
-- claim ended on (returned as resume_after), so the round goes on where it stopped and no endpoint is always
-- first. (Not from a random point: endpoint ids are UUIDv7, all close together in time, so a random UUID
-- almost always lies above every one of them and every claim would begin at the oldest endpoint.)
-- Finding the next endpoint is one probe of an index on (endpoint_id, next_attempt_at), so an endpoint at its
-- limit is passed over without reading its backlog. The index replaces the one on next_attempt_at alone, which
-- only the claim used.

CREATE INDEX webhook_deliveries_endpoint_due_idx ON webhook_deliveries (endpoint_id, next_attempt_at)
    WHERE status IN ('pending', 'retrying');
DROP INDEX webhook_deliveries_due_idx;

DROP FUNCTION claim_webhook_deliveries(int, timestamptz, interval);

CREATE FUNCTION claim_webhook_deliveries(p_limit int, p_now timestamptz, p_lease interval, p_per_endpoint int,
                                         p_busy_endpoints uuid[], p_busy_counts int[], p_after uuid)
    RETURNS TABLE (tenant_id uuid, delivery_id uuid, attempt integer, locked_until timestamptz,
                   endpoint_id uuid, url text, secret bytea, previous_secret bytea,
                   previous_secret_expires_at timestamptz, event_id text, event_type text,
                   event_created_at timestamptz, payload jsonb, resume_after uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    #variable_conflict use_column
    DECLARE
        -- the nil UUID sorts before every endpoint id (random or time-based UUIDs, never the nil one)
        v_start    constant uuid := coalesce(p_after, '00000000-0000-0000-0000-000000000000');
        v_endpoint uuid := v_start;
        v_wrapped  boolean := false;
        v_room     int;
        v_taken    int;
        v_ids      uuid[] := '{}';
        v_last     uuid;
    BEGIN
        WHILE cardinality(v_ids) < p_limit LOOP
            v_endpoint := (SELECT d.endpoint_id FROM webhook_deliveries d
                           WHERE d.status IN ('pending', 'retrying') AND d.endpoint_id > v_endpoint
                             AND d.next_attempt_at <= p_now
                           ORDER BY d.endpoint_id LIMIT 1);
            IF v_endpoint IS NULL THEN
                EXIT WHEN v_wrapped;
                v_wrapped := true;
                v_endpoint := '00000000-0000-0000-0000-000000000000';
                CONTINUE;
            END IF;
            EXIT WHEN v_wrapped AND v_endpoint > v_start;
            v_room := least(p_limit - cardinality(v_ids), p_per_endpoint - coalesce(
                    (SELECT b.n FROM unnest(p_busy_endpoints, p_busy_counts) AS b (id, n) WHERE b.id = v_endpoint), 0));
            -- a disabled endpoint's deliveries wait for it to be enabled again, unread
            IF v_room > 0 AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = v_endpoint AND w.enabled) THEN
                v_taken := cardinality(v_ids);
                v_ids := v_ids || ARRAY(
                    SELECT d.id
                    FROM webhook_deliveries d
                    WHERE d.endpoint_id = v_endpoint AND d.status IN ('pending', 'retrying')
                      AND d.next_attempt_at <= p_now AND (d.locked_until IS NULL OR d.locked_until < p_now)
                    ORDER BY d.next_attempt_at
                    LIMIT v_room
                    FOR UPDATE OF d SKIP LOCKED);
                IF cardinality(v_ids) > v_taken THEN
                    v_last := v_endpoint;
                END IF;
            END IF;
        END LOOP;
        RETURN QUERY
        WITH claimed AS (
            UPDATE webhook_deliveries d
            SET attempts = d.attempts + 1, locked_until = p_now + p_lease, updated_at = p_now
            WHERE d.id = ANY (v_ids)
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.endpoint_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.endpoint_id, w.url, w.secret, w.previous_secret,
               w.previous_secret_expires_at, e.id, e.type, e.created_at, e.payload, v_last
        FROM claimed c
        JOIN webhook_endpoints w ON w.id = c.endpoint_id
        JOIN outbox_events e ON e.id = c.event_id AND e.id = ANY (ARRAY(SELECT claimed.event_id FROM claimed));
    END
    $$;
GRANT EXECUTE ON FUNCTION claim_webhook_deliveries(int, timestamptz, interval, int, uuid[], int[], uuid) TO ${app_role};
