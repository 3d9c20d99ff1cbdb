-- The audit log: append-only, written by triggers in the same transaction as every change an API
-- request makes to the audited tables. The request's actor, request id and endpoint arrive as
-- transaction-local settings (app.actor, app.request_id, app.action) next to app.tenant_id; changes
-- made outside any request (workers' bookkeeping) carry no request id and are not audited.

CREATE TABLE audit_events (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid        REFERENCES tenants (id),
    actor_kind    text        NOT NULL,
    actor_key_id  uuid,
    action        text        NOT NULL,
    operation     text        NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    resource_type text        NOT NULL,
    resource_id   text,
    request_id    text        NOT NULL,
    changes       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, created_at, id);
CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, created_at);
CREATE INDEX audit_events_request_idx ON audit_events (request_id);

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
-- Tenants read their own records; platform records (tenant_id NULL) are the operator's, read through
-- list_audit_events below.
CREATE POLICY tenant_isolation ON audit_events USING (tenant_id = current_tenant_id());
CREATE POLICY schema_owner ON audit_events TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT ON audit_events TO ${app_role};

CREATE FUNCTION audit_row_change()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
    DECLARE
        request_id text := NULLIF(current_setting('app.request_id', true), '');
        actor      text := COALESCE(NULLIF(current_setting('app.actor', true), ''), 'system:');
        old_row    jsonb := CASE WHEN TG_OP = 'INSERT' THEN '{}'::jsonb ELSE to_jsonb(OLD) END;
        new_row    jsonb := CASE WHEN TG_OP = 'DELETE' THEN '{}'::jsonb ELSE to_jsonb(NEW) END;
        changes    jsonb := '{}'::jsonb;
        field      text;
        row_tenant uuid;
    BEGIN
        IF request_id IS NULL THEN
            RETURN NULL;
        END IF;
        FOR field IN SELECT jsonb_object_keys(old_row || new_row) LOOP
            CONTINUE WHEN field IN ('updated_at', 'created_at', 'tenant_id');
            CONTINUE WHEN (old_row -> field) IS NOT DISTINCT FROM (new_row -> field);
            IF field IN ('key_hash', 'secret', 'secrets', 'previous_secret', 'content', 'response_body') THEN
                changes := changes || jsonb_build_object(field, jsonb_build_object(
                    'before', CASE WHEN old_row ? field AND old_row -> field <> 'null' THEN '"[redacted]"'::jsonb END,
                    'after', CASE WHEN new_row ? field AND new_row -> field <> 'null' THEN '"[redacted]"'::jsonb END));
            ELSE
                changes := changes || jsonb_build_object(field, jsonb_build_object(
                    'before', old_row -> field, 'after', new_row -> field));
            END IF;
        END LOOP;
        IF changes = '{}'::jsonb THEN
            RETURN NULL;
        END IF;
        row_tenant := CASE WHEN TG_TABLE_NAME = 'tenants' THEN COALESCE(new_row ->> 'id', old_row ->> 'id')::uuid
                           ELSE COALESCE(new_row ->> 'tenant_id', old_row ->> 'tenant_id')::uuid END;
        INSERT INTO audit_events (tenant_id, actor_kind, actor_key_id, action, operation, resource_type, resource_id,
                                  request_id, changes)
        VALUES (row_tenant, split_part(actor, ':', 1), NULLIF(split_part(actor, ':', 2), '')::uuid,
                COALESCE(NULLIF(current_setting('app.action', true), ''), TG_OP), lower(TG_OP), TG_TABLE_NAME,
                COALESCE(new_row ->> 'id', old_row ->> 'id', new_row ->> 'part_id', old_row ->> 'part_id'),
                request_id, changes);
        RETURN NULL;
    END
    $$;

DO $$
DECLARE
    audited text[] := ARRAY['tenants', 'api_keys', 'vendors', 'vendor_keys', 'operator_keys', 'plugin_submissions',
                            'plugin_installations', 'capability_choices', 'customers', 'assets', 'tickets',
                            'technicians', 'work_orders', 'quotes', 'quote_line_items', 'inventory_locations', 'parts',
                            'inventory_movements', 'webhook_endpoints', 'webhook_deliveries'];
    audited_table text;
BEGIN
    FOREACH audited_table IN ARRAY audited LOOP
        EXECUTE format('CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION audit_row_change()', audited_table);
    END LOOP;
END
$$;

-- The operator's view: every tenant's records and the platform's own.
CREATE FUNCTION list_audit_events(p_resource_type text, p_resource_id text, p_request_id text, p_since timestamptz,
                                  p_after_created timestamptz, p_after_id uuid, p_limit int)
    RETURNS SETOF audit_events
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        SELECT * FROM audit_events
        WHERE (p_resource_type IS NULL OR resource_type = p_resource_type)
          AND (p_resource_id IS NULL OR resource_id = p_resource_id)
          AND (p_request_id IS NULL OR request_id = p_request_id)
          AND (p_since IS NULL OR created_at >= p_since)
          AND (p_after_created IS NULL OR (created_at, id) > (p_after_created, p_after_id))
        ORDER BY created_at, id
        LIMIT p_limit
    $$;
GRANT EXECUTE ON FUNCTION list_audit_events(text, text, text, timestamptz, timestamptz, uuid, int) TO ${app_role};
