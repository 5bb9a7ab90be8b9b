-- The read under RLS with no set_config at all: the setting comes once per session, from
-- PGOPTIONS='-c app.tenant_id=5'. What RLS alone costs; RLS Tenancy never does this, as it would leave the tenant on
-- pooled connections.
\set id 5 + 100 * random(0, 999)
\startpipeline
BEGIN;
SELECT id, title FROM task WHERE id = :id;
\endpipeline
COMMIT;
