-- Delivery claims also cap each tenant's share of a node's slots.
--
-- V18 capped what one endpoint may have in flight on a node (64 of 256), but a tenant with four slow endpoints
-- that each had a backlog still took all 256, each slot held for up to the request timeout, and every other
-- tenant's deliveries waited. The caller now also passes how many deliveries it has in flight per tenant and a
-- per-tenant limit; the round of the endpoints takes from an endpoint at most what both limits leave, counting
-- what this claim has already taken for the endpoint's tenant. The endpoint's tenant comes from the same row
-- the enabled check already reads.

DROP FUNCTION claim_webhook_deliveries(int, timestamptz, interval, int, uuid[], int[], uuid);

CREATE FUNCTION claim_webhook_deliveries(p_limit int, p_now timestamptz, p_lease interval, p_per_endpoint int,
                                         p_busy_endpoints uuid[], p_busy_counts int[], p_per_tenant int,
                                         p_busy_tenants uuid[], p_busy_tenant_counts int[], p_after uuid)
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
        v_tenant   uuid;
        -- in flight per tenant: the caller's counts, plus what this claim takes
        v_tenants  uuid[] := coalesce(p_busy_tenants, '{}');
        v_counts   int[] := coalesce(p_busy_tenant_counts, '{}');
        v_i        int;
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
            CONTINUE WHEN v_room <= 0;
            -- a disabled endpoint's deliveries wait for it to be enabled again, unread
            v_tenant := (SELECT w.tenant_id FROM webhook_endpoints w WHERE w.id = v_endpoint AND w.enabled);
            CONTINUE WHEN v_tenant IS NULL;
            v_i := array_position(v_tenants, v_tenant);
            v_room := least(v_room, p_per_tenant - coalesce(v_counts[v_i], 0));
            CONTINUE WHEN v_room <= 0;
            v_taken := cardinality(v_ids);
            v_ids := v_ids || ARRAY(
                SELECT d.id
                FROM webhook_deliveries d
                WHERE d.endpoint_id = v_endpoint AND d.status IN ('pending', 'retrying')
                  AND d.next_attempt_at <= p_now AND (d.locked_until IS NULL OR d.locked_until < p_now)
                ORDER BY d.next_attempt_at
                LIMIT v_room
                FOR UPDATE OF d SKIP LOCKED);
            v_taken := cardinality(v_ids) - v_taken;
            IF v_taken > 0 THEN
                v_last := v_endpoint;
                IF v_i IS NULL THEN
                    v_tenants := v_tenants || v_tenant;
                    v_counts := v_counts || v_taken;
                ELSE
                    v_counts[v_i] := v_counts[v_i] + v_taken;
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
GRANT EXECUTE ON FUNCTION claim_webhook_deliveries(int, timestamptz, interval, int, uuid[], int[], int, uuid[], int[], uuid)
    TO ${app_role};
