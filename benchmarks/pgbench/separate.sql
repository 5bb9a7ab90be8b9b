-- The same read under RLS, the tenant setting in a round trip of its own, as the common recipe does.
\set id random(1, 100000)
\set tenant :id % 100
\startpipeline
BEGIN;
SELECT set_config('app.tenant_id', :tenant::text, true);
\endpipeline
SELECT id, title FROM task WHERE id = :id;
COMMIT;
