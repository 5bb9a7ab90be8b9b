-- A point read with the tenant in the WHERE clause. BEGIN travels with the query, as pgJDBC sends it.
\set id random(1, 100000)
\set tenant :id % 100
\startpipeline
BEGIN;
SELECT id, title FROM task_plain WHERE id = :id AND tenant_id = :tenant;
\endpipeline
COMMIT;
