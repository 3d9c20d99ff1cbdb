-- A repair ticket may name the technician working on it.
ALTER TABLE tickets ADD COLUMN technician_id uuid;
ALTER TABLE tickets ADD CONSTRAINT tickets_technician_fk
    FOREIGN KEY (tenant_id, technician_id) REFERENCES technicians (tenant_id, id);
CREATE INDEX tickets_technician_idx ON tickets (tenant_id, technician_id, status) WHERE technician_id IS NOT NULL;
