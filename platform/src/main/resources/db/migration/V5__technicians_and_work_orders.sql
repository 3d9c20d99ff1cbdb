-- Technicians and field work orders, with their transition history. Tenant data under row-level
-- security; references are composite (tenant_id, id).

CREATE TABLE technicians (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    id         uuid        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      text,
    phone      text        CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
    skills     text[]      NOT NULL DEFAULT '{}',
    active     boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id)
);
CREATE INDEX technicians_list_idx ON technicians (tenant_id, created_at, id);

CREATE TABLE work_orders (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    id              uuid        NOT NULL,
    number          text        NOT NULL,
    customer_id     uuid        NOT NULL,
    asset_id        uuid,
    technician_id   uuid,
    description     text        NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
    priority        text        NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    site_address    text,
    scheduled_start timestamptz,
    scheduled_end   timestamptz,
    sla_due_at      timestamptz,
    status          text        NOT NULL CHECK (status IN ('unscheduled', 'scheduled', 'dispatched', 'in_progress',
                                                           'on_hold', 'completed', 'cancelled')),
    signature_name  text,
    signed_at       timestamptz,
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, number),
    CHECK (scheduled_end IS NULL OR scheduled_start IS NULL OR scheduled_end > scheduled_start),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, customer_id, asset_id) REFERENCES assets (tenant_id, customer_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, technician_id) REFERENCES technicians (tenant_id, id)
);
CREATE INDEX work_orders_list_idx ON work_orders (tenant_id, created_at, id);
CREATE INDEX work_orders_customer_idx ON work_orders (tenant_id, customer_id, status);
CREATE INDEX work_orders_technician_idx ON work_orders (tenant_id, technician_id, status);

CREATE TABLE work_order_transitions (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    id            uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    from_status   text        NOT NULL,
    to_status     text        NOT NULL,
    note          text,
    actor_key_id  uuid,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, work_order_id) REFERENCES work_orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX work_order_transitions_idx ON work_order_transitions (tenant_id, work_order_id, created_at, id);

ALTER TABLE technicians ENABLE ROW LEVEL SECURITY;
ALTER TABLE technicians FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON technicians
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON technicians TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE work_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_orders
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON work_orders TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE work_order_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_order_transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_order_transitions
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON work_order_transitions TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON technicians TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON work_orders TO ${app_role};
GRANT SELECT, INSERT, DELETE ON work_order_transitions TO ${app_role};
