-- The same read under RLS, the tenant setting folded into the same round trip, as RLS Tenancy sends it.
\set id random(1, 100000)
\set tenant :id % 100
\startpipeline
BEGIN;
SELECT set_config('app.tenant_id', :tenant::text, true);
SELECT id, title FROM task WHERE id = :id;
\endpipeline
COMMIT;
