-- Fair claims for plugin event deliveries, as V18 made them for webhooks: a plugin listener that is slow and has
-- a backlog no longer takes every plugin event slot of a node, so other installations' events (any tenant's)
-- are not held up behind it.
--
-- Claims go round the installations that have deliveries due, in installation id order, each claim going on
-- after the installation the caller's previous claim took from last (returned as resume_after), and take each
-- installation's oldest due deliveries, at most as many as the caller's per-installation limit leaves (the
-- caller passes how many of each installation's deliveries it has in flight). The next installation is one
-- index-only probe of (installation_id, next_attempt_at), which replaces the index on next_attempt_at alone.

CREATE INDEX plugin_event_deliveries_installation_due_idx ON plugin_event_deliveries (installation_id, next_attempt_at)
    WHERE status IN ('pending', 'retrying');
DROP INDEX plugin_event_deliveries_due_idx;

DROP FUNCTION claim_plugin_event_deliveries(int, timestamptz, interval);

CREATE FUNCTION claim_plugin_event_deliveries(p_limit int, p_now timestamptz, p_lease interval,
                                              p_per_installation int, p_busy_installations uuid[],
                                              p_busy_counts int[], p_after uuid)
    RETURNS TABLE (tenant_id uuid, delivery_id uuid, attempt integer, locked_until timestamptz,
                   installation_id uuid, event_id text, event_type text, event_created_at timestamptz, payload jsonb,
                   resume_after uuid)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    #variable_conflict use_column
    DECLARE
        -- the nil UUID sorts before every installation id (random or time-based UUIDs, never the nil one)
        v_start        constant uuid := coalesce(p_after, '00000000-0000-0000-0000-000000000000');
        v_installation uuid := v_start;
        v_wrapped      boolean := false;
        v_room         int;
        v_taken        int;
        v_ids          uuid[] := '{}';
        v_last         uuid;
    BEGIN
        WHILE cardinality(v_ids) < p_limit LOOP
            v_installation := (SELECT d.installation_id FROM plugin_event_deliveries d
                               WHERE d.status IN ('pending', 'retrying') AND d.installation_id > v_installation
                                 AND d.next_attempt_at <= p_now
                               ORDER BY d.installation_id LIMIT 1);
            IF v_installation IS NULL THEN
                EXIT WHEN v_wrapped;
                v_wrapped := true;
                v_installation := '00000000-0000-0000-0000-000000000000';
                CONTINUE;
            END IF;
            EXIT WHEN v_wrapped AND v_installation > v_start;
            v_room := least(p_limit - cardinality(v_ids), p_per_installation - coalesce(
                    (SELECT b.n FROM unnest(p_busy_installations, p_busy_counts) AS b (id, n)
                     WHERE b.id = v_installation), 0));
            -- an installation that is not active keeps its deliveries, unread, until it is again
            IF v_room > 0 AND EXISTS (SELECT 1 FROM plugin_installations i
                                      WHERE i.id = v_installation AND i.status = 'active') THEN
                v_taken := cardinality(v_ids);
                v_ids := v_ids || ARRAY(
                    SELECT d.id
                    FROM plugin_event_deliveries d
                    WHERE d.installation_id = v_installation AND d.status IN ('pending', 'retrying')
                      AND d.next_attempt_at <= p_now AND (d.locked_until IS NULL OR d.locked_until < p_now)
                    ORDER BY d.next_attempt_at
                    LIMIT v_room
                    FOR UPDATE OF d SKIP LOCKED);
                IF cardinality(v_ids) > v_taken THEN
                    v_last := v_installation;
                END IF;
            END IF;
        END LOOP;
        RETURN QUERY
        WITH claimed AS (
            UPDATE plugin_event_deliveries d
            SET attempts = d.attempts + 1, locked_until = p_now + p_lease, updated_at = p_now
            WHERE d.id = ANY (v_ids)
            RETURNING d.tenant_id, d.id, d.attempts, d.locked_until, d.installation_id, d.event_id
        )
        SELECT c.tenant_id, c.id, c.attempts, c.locked_until, c.installation_id, e.id, e.type, e.created_at, e.payload,
               v_last
        FROM claimed c
        JOIN outbox_events e ON e.id = c.event_id AND e.id = ANY (ARRAY(SELECT claimed.event_id FROM claimed));
    END
    $$;
GRANT EXECUTE ON FUNCTION claim_plugin_event_deliveries(int, timestamptz, interval, int, uuid[], int[], uuid)
    TO ${app_role};
