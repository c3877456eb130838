-- wormhole--1.0.sql: the SQL surface of the Wormhole extension.
\echo Use "CREATE EXTENSION wormhole" to load this file. \quit

-- Two privileges a DBA grants: running bundles the server already holds, and installing new ones.
--   GRANT wormhole_run TO app;          -- may call wormhole.invoke with bundles the server holds
--   GRANT wormhole_install TO app;      -- may also ship new bundles (they pass the verifier first)
-- Roles are cluster-wide, so they may exist already (another database has the extension).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'wormhole_run') THEN
        CREATE ROLE wormhole_run NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'wormhole_install') THEN
        CREATE ROLE wormhole_install NOLOGIN IN ROLE wormhole_run;
    END IF;
    -- The role the host's own statements run as: it owns the extension's tables and nothing else.
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'wormhole_host') THEN
        CREATE ROLE wormhole_host NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA @extschema@ TO wormhole_run;

CREATE FUNCTION invoke(frame bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'wormhole_invoke'
    LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION invoke(bytea) IS
    'Runs a shipped Java method: takes a request frame, returns a response frame (see runtime/WIRE.md).';
REVOKE ALL ON FUNCTION invoke(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoke(bytea) TO wormhole_run;

-- Bundles the server holds: a backend that does not have a bundle in memory looks here before asking the client
-- to send its bytes again, so a warm call is one round trip in any backend. Only the server writes here, after
-- the verifier accepted the bundle; calls and total_time are flushed by each backend about once a second.
CREATE TABLE bundles (
    hash         bytea PRIMARY KEY CHECK (length(hash) = 32),
    class_names  text[] NOT NULL,
    classes      bytea NOT NULL,
    size         integer NOT NULL,
    installed_by name NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now(),
    last_used    timestamptz,
    calls        bigint NOT NULL DEFAULT 0,
    total_time   interval NOT NULL DEFAULT '0'
);
REVOKE ALL ON bundles FROM PUBLIC;
COMMENT ON TABLE bundles IS 'Shipped class bundles by SHA-256; classes in the layout of runtime/WIRE.md''s inline bundle.';

-- Who installed, had rejected, or evicted which bundle, and why.
CREATE TABLE audit (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    role    name NOT NULL,
    action  text NOT NULL CHECK (action IN ('install', 'reject', 'evict')),
    hash    bytea,
    detail  text
);
REVOKE ALL ON audit FROM PUBLIC;

-- The JDK references shipped code may make, one rule a row (format in io/wormhole/server/verify/package-info.java).
-- Changes apply to bundles verified afterwards.
CREATE TABLE allowlist (
    position serial PRIMARY KEY,
    rule     text NOT NULL UNIQUE
);
REVOKE ALL ON allowlist FROM PUBLIC;

ALTER TABLE bundles OWNER TO wormhole_host;
ALTER TABLE audit OWNER TO wormhole_host;
ALTER TABLE allowlist OWNER TO wormhole_host;
GRANT USAGE ON SCHEMA @extschema@ TO wormhole_host;

-- Every backend learns of a committed change to what the server trusts before its next call (see host.c).
CREATE FUNCTION trust_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'wormhole_trust_changed'
    LANGUAGE C;
REVOKE ALL ON FUNCTION trust_changed() FROM PUBLIC;
CREATE TRIGGER bundles_trust_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bundles
    FOR EACH STATEMENT EXECUTE FUNCTION trust_changed();
CREATE TRIGGER allowlist_trust_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON allowlist
    FOR EACH STATEMENT EXECUTE FUNCTION trust_changed();

CREATE FUNCTION default_allowlist() RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'wormhole_default_allowlist'
    LANGUAGE C STRICT STABLE;
REVOKE ALL ON FUNCTION default_allowlist() FROM PUBLIC;

CREATE FUNCTION allowlist_reset() RETURNS void LANGUAGE sql AS $$
    TRUNCATE @extschema@.allowlist RESTART IDENTITY;
    INSERT INTO @extschema@.allowlist (rule) SELECT r FROM @extschema@.default_allowlist() AS r;
$$;
REVOKE ALL ON FUNCTION allowlist_reset() FROM PUBLIC;

CREATE FUNCTION allowlist_add(rule text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO @extschema@.allowlist (rule) VALUES (rule) ON CONFLICT DO NOTHING;
$$;
REVOKE ALL ON FUNCTION allowlist_add(text) FROM PUBLIC;

CREATE FUNCTION allowlist_remove(rule text) RETURNS boolean LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM @extschema@.allowlist a WHERE a.rule = allowlist_remove.rule RETURNING 1)
    SELECT count(*) > 0 FROM gone;
$$;
REVOKE ALL ON FUNCTION allowlist_remove(text) FROM PUBLIC;

CREATE FUNCTION allowlist_list() RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT rule FROM @extschema@.allowlist ORDER BY position;
$$;
REVOKE ALL ON FUNCTION allowlist_list() FROM PUBLIC;

SELECT allowlist_reset();

-- What the verifier says of a bundle (in the layout of runtime/WIRE.md's inline bundle), without installing it.
CREATE FUNCTION verify(classes bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'wormhole_verify'
    LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION verify(bytea) FROM PUBLIC;

CREATE FUNCTION evict(bundle_hash bytea) RETURNS boolean LANGUAGE sql AS $$
    WITH gone AS (DELETE FROM @extschema@.bundles b WHERE b.hash = bundle_hash RETURNING b.hash),
         logged AS (INSERT INTO @extschema@.audit (role, action, hash)
                    SELECT current_user, 'evict', hash FROM gone RETURNING 1)
    SELECT count(*) > 0 FROM logged;
$$;
REVOKE ALL ON FUNCTION evict(bytea) FROM PUBLIC;

CREATE VIEW bundle_stats AS
    SELECT encode(hash, 'hex') AS hash, array_length(class_names, 1) AS classes, size, installed_by, installed_at,
           last_used, calls, total_time,
           CASE WHEN calls > 0 THEN total_time / calls END AS mean_time
    FROM bundles;
REVOKE ALL ON bundle_stats FROM PUBLIC;
