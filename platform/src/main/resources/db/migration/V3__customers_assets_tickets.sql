-- The shop's own work, first slice: customers, their assets, repair tickets with their transition
-- history, per-tenant counters for human numbers, and the outbox of domain events. Every table is
-- tenant data under row-level security; references between them are composite (tenant_id, id).

-- Human numbers (T-000001, later WO-…, Q-…): one row per tenant and counter name, bumped with
-- INSERT … ON CONFLICT … RETURNING inside the creating transaction, so the row lock serialises only
-- that tenant's creates of that kind and a rolled-back create gives its number back.
CREATE TABLE tenant_counters (
    tenant_id uuid   NOT NULL REFERENCES tenants (id),
    name      text   NOT NULL CHECK (name ~ '^[a-z_]{1,50}$'),
    value     bigint NOT NULL CHECK (value > 0),
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE customers (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    id          uuid        NOT NULL,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       text,
    phone       text        CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
    address     text,
    notes       text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id)
);
CREATE INDEX customers_list_idx ON customers (tenant_id, created_at, id);

CREATE TABLE assets (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    id            uuid        NOT NULL,
    customer_id   uuid        NOT NULL,
    kind          text,
    make          text,
    model         text,
    serial_number text,
    location      text,
    notes         text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    -- Lets a ticket's foreign key prove that its asset belongs to its customer.
    UNIQUE (tenant_id, customer_id, id),
    -- A customer's devices go with the customer (deletion is refused while open tickets exist).
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX assets_list_idx ON assets (tenant_id, created_at, id);
CREATE INDEX assets_customer_idx ON assets (tenant_id, customer_id, created_at, id);
CREATE INDEX assets_serial_idx ON assets (tenant_id, serial_number);

CREATE TABLE tickets (
    tenant_id         uuid        NOT NULL REFERENCES tenants (id),
    id                uuid        NOT NULL,
    number            text        NOT NULL,
    customer_id       uuid        NOT NULL,
    asset_id          uuid,
    issue_description text        NOT NULL CHECK (length(issue_description) BETWEEN 1 AND 10000),
    priority          text        NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    category          text,
    status            text        NOT NULL CHECK (status IN ('new', 'diagnosing', 'awaiting_approval', 'approved',
                                                             'in_repair', 'on_hold', 'ready', 'closed', 'cancelled')),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
    -- MATCH SIMPLE: checked only when asset_id is set, and then the asset must be this customer's.
    FOREIGN KEY (tenant_id, customer_id, asset_id) REFERENCES assets (tenant_id, customer_id, id) ON DELETE CASCADE
);
CREATE INDEX tickets_list_idx ON tickets (tenant_id, created_at, id);
CREATE INDEX tickets_customer_idx ON tickets (tenant_id, customer_id, status);
CREATE INDEX tickets_asset_idx ON tickets (tenant_id, asset_id) WHERE asset_id IS NOT NULL;

CREATE TABLE ticket_transitions (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id),
    id           uuid        NOT NULL,
    ticket_id    uuid        NOT NULL,
    from_status  text,
    to_status    text        NOT NULL,
    note         text,
    actor_key_id uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, actor_key_id) REFERENCES api_keys (tenant_id, id)
);
CREATE INDEX ticket_transitions_ticket_idx ON ticket_transitions (tenant_id, ticket_id, created_at, id);

-- Domain events, written in the transaction of the change they describe: a rolled-back change
-- leaves no event. sequence orders the events of one resource; its writers hold that resource's
-- row lock, and the unique constraint turns a missed lock into an error instead of a duplicate.
CREATE TABLE outbox_events (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    id            text        NOT NULL CHECK (id ~ '^evt_[0-9a-f]{32}$'),
    type          text        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   uuid        NOT NULL,
    sequence      bigint      NOT NULL CHECK (sequence > 0),
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, resource_type, resource_id, sequence)
);
CREATE INDEX outbox_events_created_idx ON outbox_events (tenant_id, created_at, id);

ALTER TABLE tenant_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_counters
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON tenant_counters TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
ALTER TABLE customers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON customers TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE assets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON assets
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON assets TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tickets
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON tickets TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE ticket_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ticket_transitions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON ticket_transitions TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_events
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON outbox_events TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_counters, customers, assets, tickets, ticket_transitions,
    outbox_events TO ${app_role};
