-- The manual read with a SELECT 1 added to its round trip: what any extra statement costs, however little it does.
\set id random(1, 100000)
\set tenant :id % 100
\startpipeline
BEGIN;
SELECT 1;
SELECT id, title FROM task_plain WHERE id = :id AND tenant_id = :tenant;
\endpipeline
COMMIT;
