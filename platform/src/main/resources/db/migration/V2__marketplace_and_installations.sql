-- The marketplace (platform data: vendors' submissions and the bundles they carry) and each
-- tenant's plugin installations (tenant data, under row-level security).

CREATE TABLE plugin_bundles (
    sha256      text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content     bytea       NOT NULL,
    size_bytes  integer     NOT NULL,
    created_at  timestamptz NOT NULL
);

-- The first vendor whose submission of a plugin id passes the automated checks owns the id.
CREATE TABLE plugin_owners (
    plugin_id   text        PRIMARY KEY,
    vendor_id   uuid        NOT NULL REFERENCES vendors (id),
    claimed_at  timestamptz NOT NULL
);

CREATE TABLE plugin_submissions (
    id               uuid        PRIMARY KEY,
    vendor_id        uuid        NOT NULL REFERENCES vendors (id),
    plugin_id        text,
    version          text,
    status           text        NOT NULL CHECK (status IN ('pending_review', 'rejected', 'approved', 'yanked')),
    checks_passed    boolean     NOT NULL,
    checks           jsonb       NOT NULL,
    sha256           text        NOT NULL,
    size_bytes       integer     NOT NULL,
    manifest         jsonb,
    submitted_at     timestamptz NOT NULL,
    decided_at       timestamptz,
    decision_note    text,
    yanked_at        timestamptz,
    yank_reason      text,
    CHECK (NOT checks_passed OR (plugin_id IS NOT NULL AND version IS NOT NULL AND manifest IS NOT NULL))
);
-- A version that passed the checks is unique; failed uploads may repeat.
CREATE UNIQUE INDEX plugin_submissions_release_idx ON plugin_submissions (plugin_id, version) WHERE checks_passed;
CREATE INDEX plugin_submissions_list_idx ON plugin_submissions (submitted_at, id);
CREATE INDEX plugin_submissions_vendor_idx ON plugin_submissions (vendor_id, submitted_at, id);

GRANT SELECT, INSERT ON plugin_bundles, plugin_owners TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON plugin_submissions TO ${app_role};

CREATE TABLE plugin_installations (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    id            uuid        NOT NULL,
    plugin_id     text        NOT NULL,
    version       text        NOT NULL,
    submission_id uuid        NOT NULL REFERENCES plugin_submissions (id),
    capabilities  text[]      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('active', 'disabled', 'suspended')),
    status_reason text,
    config        jsonb       NOT NULL,
    secrets       bytea,
    secret_names  text[]      NOT NULL DEFAULT '{}',
    installed_at  timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, plugin_id)
);
CREATE INDEX plugin_installations_list_idx ON plugin_installations (tenant_id, installed_at, id);
CREATE INDEX plugin_installations_release_idx ON plugin_installations (plugin_id, version) WHERE status = 'active';

CREATE TABLE capability_choices (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    capability      text NOT NULL,
    installation_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, capability),
    FOREIGN KEY (tenant_id, installation_id) REFERENCES plugin_installations (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE plugin_installations ENABLE ROW LEVEL SECURITY;
ALTER TABLE plugin_installations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON plugin_installations
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON plugin_installations TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE capability_choices ENABLE ROW LEVEL SECURITY;
ALTER TABLE capability_choices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON capability_choices
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON capability_choices TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON plugin_installations, capability_choices TO ${app_role};

-- A yank suspends every tenant's installations of one release.
CREATE FUNCTION suspend_release_installations(p_plugin_id text, p_version text, p_reason text, p_at timestamptz)
    RETURNS TABLE (tenant_id uuid, installation_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        UPDATE plugin_installations i
        SET status = 'suspended', status_reason = p_reason, updated_at = p_at
        WHERE i.plugin_id = p_plugin_id AND i.version = p_version AND i.status <> 'suspended'
        RETURNING i.tenant_id, i.id
    $$;
GRANT EXECUTE ON FUNCTION suspend_release_installations(text, text, text, timestamptz) TO ${app_role};

-- The releases some tenant still runs: a node unloads every other version it holds.
CREATE FUNCTION releases_in_use()
    RETURNS TABLE (plugin_id text, version text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        SELECT DISTINCT i.plugin_id, i.version FROM plugin_installations i WHERE i.status = 'active'
    $$;
GRANT EXECUTE ON FUNCTION releases_in_use() TO ${app_role};
