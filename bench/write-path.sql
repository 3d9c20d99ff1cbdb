-- One POST /v1/tickets, as plain SQL: the per-tenant number, the ticket, the outbox event and the audit row in one
-- transaction, against look-alike tables (bench/run-all.sh creates them in the bench database).
BEGIN;
INSERT INTO b_counters (tenant_id, name, value) VALUES ('00000000-0000-7000-8000-000000000001', 'ticket', 1)
  ON CONFLICT (tenant_id, name) DO UPDATE SET value = b_counters.value + 1;
INSERT INTO b_tickets (tenant_id, id, number, customer_id, issue_description, status, created_at, updated_at)
  VALUES ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), 'T-1', '00000000-0000-7000-8000-000000000002',
          'Screen cracked', 'new', now(), now());
INSERT INTO b_outbox (tenant_id, id, type, resource_type, resource_id, payload, created_at)
  VALUES ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), 'ticket.created', 'ticket', gen_random_uuid(),
          '{"number": "T-1", "status": "new", "issue_description": "Screen cracked"}'::jsonb, now());
INSERT INTO b_audit (tenant_id, id, action, resource_type, resource_id, actor_key_id, request_id, created_at)
  VALUES ('00000000-0000-7000-8000-000000000001', gen_random_uuid(), 'ticket.create', 'ticket', gen_random_uuid(),
          gen_random_uuid(), 'req', now());
END;
