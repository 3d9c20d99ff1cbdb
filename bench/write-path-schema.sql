-- Look-alike tables for write-path.sql: same key shapes (tenant_id, id) and indexes as the platform's tables.
CREATE TABLE IF NOT EXISTS b_counters (tenant_id uuid NOT NULL, name text NOT NULL, value bigint NOT NULL,
  PRIMARY KEY (tenant_id, name));
CREATE TABLE IF NOT EXISTS b_tickets (tenant_id uuid NOT NULL, id uuid NOT NULL, number text NOT NULL,
  customer_id uuid NOT NULL, issue_description text NOT NULL, status text NOT NULL,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE INDEX IF NOT EXISTS b_tickets_created ON b_tickets (tenant_id, created_at, id);
CREATE TABLE IF NOT EXISTS b_outbox (tenant_id uuid NOT NULL, id uuid NOT NULL, type text NOT NULL,
  resource_type text NOT NULL, resource_id uuid NOT NULL, sequence bigserial, payload jsonb NOT NULL,
  created_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, id));
CREATE TABLE IF NOT EXISTS b_audit (tenant_id uuid NOT NULL, id uuid NOT NULL, action text NOT NULL,
  resource_type text NOT NULL, resource_id uuid NOT NULL, actor_key_id uuid, request_id text,
  created_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, id));
