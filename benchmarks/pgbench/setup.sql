-- The tables of the pgbench comparison (see docs/6-performance.md). Run as a superuser in an empty database:
--   createdb rls_pgbench && psql -d rls_pgbench -f benchmarks/pgbench/setup.sql
-- 100,000 rows over 100 tenants, twice: task_plain without RLS, task with a policy of the canonical form. The tenant is an
-- integer here (id % 100), so the scripts can compute it.
DO $$
BEGIN
    CREATE ROLE rls_pgbench_app LOGIN PASSWORD 'rls_pgbench_app' NOSUPERUSER NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;
CREATE TABLE task_plain (id bigint PRIMARY KEY, tenant_id int NOT NULL, title text NOT NULL);
CREATE TABLE task (id bigint PRIMARY KEY, tenant_id int NOT NULL, title text NOT NULL);
INSERT INTO task_plain SELECT g, g % 100, 'task ' || g FROM generate_series(1, 100000) g;
INSERT INTO task SELECT * FROM task_plain;
CREATE INDEX ON task_plain (tenant_id);
CREATE INDEX ON task (tenant_id);
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
ALTER TABLE task FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON task
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::int)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::int);
GRANT SELECT ON task_plain, task TO rls_pgbench_app;
VACUUM ANALYZE task_plain, task;
