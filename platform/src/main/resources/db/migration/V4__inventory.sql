-- Parts inventory: locations, parts, the append-only movement ledger and the stock it derives.
-- stock_levels is kept in step with the ledger in the same transaction; every movement locks its
-- part's row first, so movements of one part are serialised and stock can never go negative.

CREATE TABLE inventory_locations (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    id         uuid        NOT NULL,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind       text        NOT NULL CHECK (kind IN ('warehouse', 'shop', 'van')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id)
);
CREATE INDEX inventory_locations_list_idx ON inventory_locations (tenant_id, created_at, id);

CREATE TABLE parts (
    tenant_id         uuid          NOT NULL REFERENCES tenants (id),
    id                uuid          NOT NULL,
    sku               text          NOT NULL CHECK (length(sku) BETWEEN 1 AND 100),
    name              text          NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit              text          NOT NULL,
    reorder_point     numeric(18,3) NOT NULL CHECK (reorder_point >= 0),
    received_quantity numeric(18,3) NOT NULL DEFAULT 0,
    received_value    numeric(24,3) NOT NULL DEFAULT 0,
    stock_version     bigint        NOT NULL DEFAULT 0,
    created_at        timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, sku)
);
CREATE INDEX parts_list_idx ON parts (tenant_id, created_at, id);

CREATE TABLE stock_levels (
    tenant_id   uuid          NOT NULL REFERENCES tenants (id),
    part_id     uuid          NOT NULL,
    location_id uuid          NOT NULL,
    on_hand     numeric(18,3) NOT NULL CHECK (on_hand >= 0),
    reserved    numeric(18,3) NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand),
    PRIMARY KEY (tenant_id, part_id, location_id),
    FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES inventory_locations (tenant_id, id)
);

CREATE TABLE inventory_movements (
    tenant_id      uuid          NOT NULL REFERENCES tenants (id),
    id             uuid          NOT NULL,
    part_id        uuid          NOT NULL,
    location_id    uuid          NOT NULL,
    type           text          NOT NULL CHECK (type IN ('receive', 'adjust', 'transfer', 'consume', 'reserve', 'release')),
    quantity       numeric(18,3) NOT NULL CHECK (quantity <> 0),
    unit_cost      bigint        CHECK (unit_cost >= 0),
    to_location_id uuid,
    reference      text,
    reason         text,
    actor_key_id   uuid,
    created_at     timestamptz   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES inventory_locations (tenant_id, id),
    FOREIGN KEY (tenant_id, to_location_id) REFERENCES inventory_locations (tenant_id, id)
);
CREATE INDEX inventory_movements_list_idx ON inventory_movements (tenant_id, created_at, id);
CREATE INDEX inventory_movements_part_idx ON inventory_movements (tenant_id, part_id, created_at, id);

ALTER TABLE inventory_locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE inventory_locations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inventory_locations
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON inventory_locations TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE parts ENABLE ROW LEVEL SECURITY;
ALTER TABLE parts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON parts
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON parts TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE stock_levels ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_levels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stock_levels
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON stock_levels TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE inventory_movements ENABLE ROW LEVEL SECURITY;
ALTER TABLE inventory_movements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inventory_movements
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON inventory_movements TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON inventory_locations, parts, stock_levels TO ${app_role};
-- The ledger is append-only: the application may add movements, never change or remove one.
GRANT SELECT, INSERT ON inventory_movements TO ${app_role};
