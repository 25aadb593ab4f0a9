-- The dashboard's three database roles (README "Deploy" and "Database roles"). The one source of them.
--
--   nnecl_owner     owns the tables: `python -m nnecl_data build` runs as this role
--   nnecl_viewer    the dashboard's connection: SELECT only, read-only transactions by default
--   nnecl_importer  the admin page and the command-line import: reads everything, writes the four
--                   registers and the load log (deploy/postgres/grants.sql, after each build)
--
-- Run as a superuser, or on a managed server as its admin role (CREATEROLE, owner of schema public),
-- connected to the dashboard's database, after setting the three passwords for the session:
--   SET nnecl.owner_password = '...'; SET nnecl.viewer_password = '...'; SET nnecl.importer_password = '...';
--   \i deploy/postgres/roles.sql
-- `python -m deploy.database roles` does exactly that with passwords from the environment or secret
-- files. Idempotent: running it again resets the passwords and the grants.
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['nnecl_owner', 'nnecl_viewer', 'nnecl_importer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', role_name);
        END IF;
        EXECUTE format(
            'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
            role_name, current_setting('nnecl.' || substr(role_name, 7) || '_password')
        );
    END LOOP;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO nnecl_owner, nnecl_viewer, nnecl_importer', current_database());
END
$roles$;

-- Nobody but the owner creates objects (PostgreSQL before 15 let every role create in public).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO nnecl_owner;
GRANT USAGE ON SCHEMA public TO nnecl_viewer, nnecl_importer;

-- Every table the owner creates (now or in a later build) is readable by the viewer and the importer.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO nnecl_viewer, nnecl_importer;
ALTER DEFAULT PRIVILEGES FOR ROLE nnecl_owner IN SCHEMA public GRANT SELECT ON TABLES TO nnecl_viewer, nnecl_importer;

-- Belt and braces: the viewer's transactions are read-only unless it asks otherwise, and it holds no
-- privilege that would let such a request write anything.
ALTER ROLE nnecl_viewer SET default_transaction_read_only = on;
