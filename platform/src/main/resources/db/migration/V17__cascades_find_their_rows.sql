-- Every cascading foreign key gets an index that can find the rows it removes.
--
-- A cascade runs DELETE FROM <table> WHERE <key columns> = ... once for each deleted row. Nothing looked a
-- delivery up by its event, so the hourly purge of events older than 30 days scanned the deliveries once per
-- purged event (cost: events purged x deliveries kept). Likewise removing an installation scanned the
-- capability choices of every tenant.
--
-- webhook_deliveries: the unique (endpoint_id, event_id) becomes (event_id, endpoint_id): the same uniqueness
-- and the same ON CONFLICT arbiter (inference ignores column order), now able to find an event's deliveries,
-- with no index added to the fan-out's inserts. The endpoint index loses its leading tenant_id: the listing,
-- the recovery of dead deliveries and the endpoint's cascade all know the endpoint, and with tenant_id first
-- the planner could take it for the success recording (tenant_id from row-level security, id = ANY (...))
-- and read every delivery the tenant ever had, which it did while the table's statistics were stale.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_id_event_id_key;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_id_endpoint_id_key UNIQUE (event_id, endpoint_id);
DROP INDEX webhook_deliveries_endpoint_idx;
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at, id);

-- plugin_event_deliveries: its unique (installation_id, event_id) serves the installation's cascade; the
-- event's needs its own index.
CREATE INDEX plugin_event_deliveries_event_idx ON plugin_event_deliveries (event_id);

-- capability_choices: found by (tenant_id, capability); an installation's removal finds them by installation.
CREATE INDEX capability_choices_installation_idx ON capability_choices (installation_id);
