-- Tenancy foundation. Runs as the schema owner; the application role (${app_role}) only gets the
-- privileges granted here, and row-level security binds it on every tenant table.

ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The tenant of the current transaction, or NULL: policies built on it fail closed when unset.
CREATE FUNCTION current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION current_tenant_id() TO ${app_role};

CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    plan        text        NOT NULL CHECK (plan IN ('starter', 'pro', 'business', 'enterprise')),
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX tenants_created_idx ON tenants (created_at, id);

CREATE TABLE api_keys (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    scope        text        NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    prefix       text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    created_by   uuid,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    -- Composite: foreign-key checks bypass row-level security, so the tenant is part of the key.
    FOREIGN KEY (tenant_id, created_by) REFERENCES api_keys (tenant_id, id)
);
CREATE INDEX api_keys_list_idx ON api_keys (tenant_id, created_at, id) WHERE revoked_at IS NULL;

-- Every tenant table: enabled and forced, one policy for the application, one for the owner so the
-- narrow SECURITY DEFINER functions below can read across tenants.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());
CREATE POLICY schema_owner ON tenants TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON api_keys TO CURRENT_USER USING (true) WITH CHECK (true);

-- Platform-level principals: not tenant data.
CREATE TABLE vendors (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX vendors_created_idx ON vendors (created_at, id);

CREATE TABLE vendor_keys (
    id           uuid        PRIMARY KEY,
    vendor_id    uuid        NOT NULL REFERENCES vendors (id),
    prefix       text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE operator_keys (
    id          uuid        PRIMARY KEY,
    prefix      text        NOT NULL,
    key_hash    bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

GRANT SELECT, INSERT, UPDATE ON tenants, api_keys TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON vendors, vendor_keys TO ${app_role};
GRANT SELECT, INSERT ON operator_keys TO ${app_role};

-- The narrow cross-tenant path. Each function does one read the application cannot do under
-- row-level security, runs as the owner, and is executable by the application role only.

-- Authentication: a key's hash to its tenant, before any tenant is known.
CREATE FUNCTION authenticate_tenant_key(p_key_hash bytea)
    RETURNS TABLE (key_id uuid, tenant_id uuid, scope text, tenant_status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        SELECT k.id, k.tenant_id, k.scope, t.status
        FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
        WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL
    $$;
GRANT EXECUTE ON FUNCTION authenticate_tenant_key(bytea) TO ${app_role};

-- Batched last_used_at bookkeeping for keys of many tenants in one round trip.
CREATE FUNCTION touch_tenant_keys(p_key_ids uuid[], p_used_at timestamptz[])
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
        FROM unnest(p_key_ids, p_used_at) AS u(id, used_at)
        WHERE k.id = u.id
    $$;
GRANT EXECUTE ON FUNCTION touch_tenant_keys(uuid[], timestamptz[]) TO ${app_role};

-- The operator's list of tenants, keyset-paginated on (created_at, id).
CREATE FUNCTION list_tenants(p_after_created timestamptz, p_after_id uuid, p_status text, p_limit int)
    RETURNS SETOF tenants
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        SELECT * FROM tenants
        WHERE (p_after_created IS NULL OR (created_at, id) > (p_after_created, p_after_id))
          AND (p_status IS NULL OR status = p_status)
        ORDER BY created_at, id
        LIMIT p_limit
    $$;
GRANT EXECUTE ON FUNCTION list_tenants(timestamptz, uuid, text, int) TO ${app_role};
