-- The manual read with the tenant setting added to its round trip, without RLS: what set_config costs on its own.
\set id random(1, 100000)
\set tenant :id % 100
\startpipeline
BEGIN;
SELECT set_config('app.tenant_id', :tenant::text, true);
SELECT id, title FROM task_plain WHERE id = :id AND tenant_id = :tenant;
\endpipeline
COMMIT;
