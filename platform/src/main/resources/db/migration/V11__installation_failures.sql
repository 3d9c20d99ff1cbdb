-- Consecutive failed calls of an installation: past a threshold the platform suspends it.
ALTER TABLE plugin_installations ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0;
