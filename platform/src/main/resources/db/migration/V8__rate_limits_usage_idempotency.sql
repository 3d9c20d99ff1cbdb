-- API guarantees: per-tenant overrides of the plan's limits, the cluster's shared rate-limit counters,
-- the monthly api_calls meter, and stored first responses of idempotent POSTs.

-- The operator's overrides; NULL means the plan's default.
ALTER TABLE tenants
    ADD COLUMN rate_limit_per_minute  integer CHECK (rate_limit_per_minute > 0),
    ADD COLUMN monthly_api_call_quota bigint  CHECK (monthly_api_call_quota >= 0);

-- What every node consumed per bucket (subject: 'tenant' or 'key:<uuid>') and minute. Nodes add
-- their consumption in one batched upsert every few hundred milliseconds and read the cluster total
-- back; the request path never touches this table.
CREATE TABLE rate_limit_windows (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    subject      text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 100),
    window_start timestamptz NOT NULL,
    consumed     bigint      NOT NULL CHECK (consumed >= 0),
    PRIMARY KEY (tenant_id, subject, window_start)
);
CREATE INDEX rate_limit_windows_start_idx ON rate_limit_windows (window_start);

-- Calls per tenant and calendar month (UTC), added in batches.
CREATE TABLE api_usage (
    tenant_id  uuid   NOT NULL REFERENCES tenants (id),
    period     text   NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    api_calls  bigint NOT NULL CHECK (api_calls >= 0),
    PRIMARY KEY (tenant_id, period)
);

-- One row per owner and Idempotency-Key. The owner is the tenant for tenant keys, and the key itself
-- for operator and vendor keys (tenant_id NULL). The row is claimed ('running') in its own committed
-- transaction before the request runs, so the unique key lets exactly one of concurrent repeats run.
CREATE TABLE idempotency_keys (
    owner_id         uuid        NOT NULL,
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    tenant_id        uuid        REFERENCES tenants (id),
    fingerprint      bytea       NOT NULL,
    status           text        NOT NULL CHECK (status IN ('running', 'done')),
    request_id       text,
    response_status  integer,
    content_type     text,
    body             bytea,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    PRIMARY KEY (owner_id, idempotency_key),
    CHECK (tenant_id IS NULL OR tenant_id = owner_id)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);

ALTER TABLE rate_limit_windows ENABLE ROW LEVEL SECURITY;
ALTER TABLE rate_limit_windows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rate_limit_windows
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON rate_limit_windows TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE api_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_usage
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON api_usage TO CURRENT_USER USING (true) WITH CHECK (true);

-- Tenant rows are visible to their tenant only; the operator's and vendors' rows (tenant_id NULL) only
-- when no tenant is bound.
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
    USING (tenant_id IS NOT DISTINCT FROM current_tenant_id())
    WITH CHECK (tenant_id IS NOT DISTINCT FROM current_tenant_id());
CREATE POLICY schema_owner ON idempotency_keys TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT ON rate_limit_windows, api_usage TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${app_role};

-- Batched bookkeeping for many tenants in one round trip: adds each node's consumption and answers
-- the cluster totals.
CREATE FUNCTION add_rate_limit_consumption(p_tenant_ids uuid[], p_subjects text[], p_window timestamptz,
                                           p_consumed bigint[])
    RETURNS TABLE (tenant_id uuid, subject text, consumed bigint)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        INSERT INTO rate_limit_windows AS w (tenant_id, subject, window_start, consumed)
        SELECT u.tenant_id, u.subject, p_window, u.consumed
        FROM unnest(p_tenant_ids, p_subjects, p_consumed) AS u(tenant_id, subject, consumed)
        ORDER BY 1, 2
        ON CONFLICT (tenant_id, subject, window_start)
            DO UPDATE SET consumed = w.consumed + EXCLUDED.consumed
        RETURNING w.tenant_id, w.subject, w.consumed
    $$;
GRANT EXECUTE ON FUNCTION add_rate_limit_consumption(uuid[], text[], timestamptz, bigint[]) TO ${app_role};

CREATE FUNCTION purge_rate_limit_windows(p_before timestamptz)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ DELETE FROM rate_limit_windows WHERE window_start < p_before $$;
GRANT EXECUTE ON FUNCTION purge_rate_limit_windows(timestamptz) TO ${app_role};

CREATE FUNCTION add_api_calls(p_tenant_ids uuid[], p_period text, p_calls bigint[])
    RETURNS TABLE (tenant_id uuid, api_calls bigint)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        INSERT INTO api_usage AS a (tenant_id, period, api_calls)
        SELECT u.tenant_id, p_period, u.calls
        FROM unnest(p_tenant_ids, p_calls) AS u(tenant_id, calls)
        ORDER BY 1
        ON CONFLICT (tenant_id, period) DO UPDATE SET api_calls = a.api_calls + EXCLUDED.api_calls
        RETURNING a.tenant_id, a.api_calls
    $$;
GRANT EXECUTE ON FUNCTION add_api_calls(uuid[], text, bigint[]) TO ${app_role};

CREATE FUNCTION purge_idempotency_keys(p_now timestamptz)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at < p_now RETURNING 1)
        SELECT count(*)::integer FROM gone
    $$;
GRANT EXECUTE ON FUNCTION purge_idempotency_keys(timestamptz) TO ${app_role};
