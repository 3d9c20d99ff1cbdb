-- Every status change of a quote, like tickets' and work orders' histories.
CREATE TABLE quote_transitions (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    id           uuid        NOT NULL,
    quote_id     uuid        NOT NULL,
    from_status  text,
    to_status    text        NOT NULL,
    note         text,
    actor_key_id uuid,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, quote_id) REFERENCES quotes (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX quote_transitions_idx ON quote_transitions (tenant_id, quote_id, created_at, id);

ALTER TABLE quote_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE quote_transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON quote_transitions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON quote_transitions TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON quote_transitions TO ${app_role};
