-- After every `python -m nnecl_data build`, as nnecl_owner (README "Deploy"): the importer may change
-- the four registers and write the load log, nothing else. Idempotent. Roles: deploy/postgres/roles.sql.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO nnecl_viewer, nnecl_importer;
GRANT INSERT, UPDATE, DELETE ON institutions, quality_mark_awards, memberships, partnerships, load_log
    TO nnecl_importer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO nnecl_importer;  -- load_log's id
