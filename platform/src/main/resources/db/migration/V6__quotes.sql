-- Quotes and their line items. Amounts are integer minor units; line arithmetic is done by the
-- application (half-up to the minor unit) and stored, so a quote shows exactly what was sent.

CREATE TABLE quotes (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id),
    id             uuid        NOT NULL,
    number         text        NOT NULL,
    customer_id    uuid        NOT NULL,
    ticket_id      uuid,
    work_order_id  uuid,
    currency       text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    valid_until    timestamptz,
    status         text        NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired')),
    subtotal       bigint      NOT NULL,
    tax            bigint      NOT NULL,
    total          bigint      NOT NULL,
    sent_at        timestamptz,
    email_message_id text,
    signature_name text,
    accepted_at    timestamptz,
    accepted_hash  text,
    decline_reason text,
    declined_at    timestamptz,
    expired_at     timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, number),
    CHECK (ticket_id IS NULL OR work_order_id IS NULL),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id),
    FOREIGN KEY (tenant_id, work_order_id) REFERENCES work_orders (tenant_id, id)
);
CREATE INDEX quotes_list_idx ON quotes (tenant_id, created_at, id);
CREATE INDEX quotes_customer_idx ON quotes (tenant_id, customer_id, status);

CREATE TABLE quote_line_items (
    tenant_id    uuid          NOT NULL REFERENCES tenants (id),
    quote_id     uuid          NOT NULL,
    position     integer       NOT NULL,
    description  text          NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    quantity     numeric(15,3) NOT NULL CHECK (quantity > 0),
    unit_price   bigint        NOT NULL CHECK (unit_price >= 0),
    tax_rate_bps integer       NOT NULL CHECK (tax_rate_bps BETWEEN 0 AND 10000),
    part_id      uuid,
    subtotal     bigint        NOT NULL,
    tax          bigint        NOT NULL,
    total        bigint        NOT NULL,
    PRIMARY KEY (tenant_id, quote_id, position),
    FOREIGN KEY (tenant_id, quote_id) REFERENCES quotes (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, part_id) REFERENCES parts (tenant_id, id)
);

ALTER TABLE quotes ENABLE ROW LEVEL SECURITY;
ALTER TABLE quotes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON quotes
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON quotes TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE quote_line_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE quote_line_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON quote_line_items
    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON quote_line_items TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON quotes, quote_line_items TO ${app_role};
