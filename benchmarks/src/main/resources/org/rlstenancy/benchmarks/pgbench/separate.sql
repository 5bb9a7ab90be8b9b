-- As benchmarks/pgbench/separate.sql: under RLS, set_config in a round trip of its own, as rls-separate sends it.
-- The point read of the benchmark command (--pgbench), on its own tables and rows. pgbench is given -D rows=<rows>
-- -D others=<tenants - 1>; the tenant of row i is the one TaskSchema gives it, and its uuid is computed as TaskSchema
-- computes it (one md5 per transaction in every script).
\set id random(1, :rows)
\set tenant case when :id % 10 = 0 then 0 else 1 + (:id - :id / 10) % :others end
\startpipeline
BEGIN;
SELECT set_config('app.tenant_id', md5('rls-tenancy-benchmark-tenant-' || :tenant)::uuid::text, true);
\endpipeline
SELECT id, created_at, done, project_id, tenant_id, title FROM task WHERE id = :id;
COMMIT;
