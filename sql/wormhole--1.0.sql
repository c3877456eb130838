-- wormhole--1.0.sql: the SQL surface of the Wormhole extension.
\echo Use "CREATE EXTENSION wormhole" to load this file. \quit

-- Every name in this script is schema-qualified and every operator spelled OPERATOR(pg_catalog.op), and every
-- function sets search_path = pg_catalog, pg_temp: nothing here may resolve to an object a role planted in a
-- schema on someone's search_path, or to a temporary one (PostgreSQL's "Writing SECURITY DEFINER Functions Safely").

-- Two privileges a DBA grants: running bundles the server already holds, and installing new ones.
--   GRANT wormhole_run TO app;          -- may call wormhole.invoke with bundles the server holds
--   GRANT wormhole_install TO app;      -- may also ship new bundles (they pass the verifier first)
-- Roles are cluster-wide, so they may exist already (another database has the extension).
--
-- wormhole_host owns the server's tables and is the role the host's own statements (bundle store, audit, settings,
-- statistics) run as: it holds nothing else, and nobody may log in as it or act as it through membership. An
-- existing one that anybody could act as would hand them the server's tables, so installing refuses it.
DO $$
DECLARE
    host pg_catalog.oid;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'wormhole_run') THEN
        CREATE ROLE wormhole_run NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'wormhole_install') THEN
        CREATE ROLE wormhole_install NOLOGIN IN ROLE wormhole_run;
    END IF;
    SELECT r.oid INTO host FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'wormhole_host';
    IF host IS NULL THEN
        CREATE ROLE wormhole_host NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
    ELSIF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) host
                  AND (r.rolcanlogin OR r.rolsuper OR r.rolcreaterole OR r.rolreplication OR r.rolbypassrls))
       OR EXISTS (SELECT FROM pg_catalog.pg_auth_members m
                  WHERE m.roleid OPERATOR(pg_catalog.=) host OR m.member OPERATOR(pg_catalog.=) host) THEN
        RAISE EXCEPTION 'role wormhole_host exists and can be acted as'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'The host''s own statements run as wormhole_host: it must be NOLOGIN, not a superuser,'
                           ' without CREATEROLE, REPLICATION or BYPASSRLS, and neither have members nor be a member'
                           ' of any role.',
                  HINT = 'Fix the role (ALTER ROLE wormhole_host NOLOGIN ...; REVOKE ...) or drop it, then retry.';
    END IF;
END
$$;

GRANT USAGE ON SCHEMA @extschema@ TO wormhole_run, wormhole_host;

CREATE FUNCTION invoke(frame bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'wormhole_invoke'
    LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION invoke(bytea) IS
    'Runs a shipped Java method: takes a request frame, returns a response frame (see runtime/WIRE.md).';
REVOKE ALL ON FUNCTION invoke(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invoke(bytea) TO wormhole_run;

CREATE FUNCTION start_vm() RETURNS boolean
    AS 'MODULE_PATHNAME', 'wormhole_start_vm'
    LANGUAGE C STRICT VOLATILE;
COMMENT ON FUNCTION start_vm() IS
    'Starts this backend''s Java VM and warms the loader now instead of at the first call (for a pool''s connection'
    ' init statement); true when it started the VM.';
REVOKE ALL ON FUNCTION start_vm() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION start_vm() TO wormhole_run;

-- Bundles the server holds: a backend that does not have a bundle in memory looks here before asking the client
-- to send its bytes again, so a warm call is one round trip in any backend. Only the server writes here, after
-- the verifier accepted the bundle, in a transaction of its own (a background worker's): a caller's transaction
-- never holds a lock on these rows, and its rollback does not undo an installation. Call statistics live in
-- shared memory (wormhole.bundle_stats). allowlist_version is the allowlist's version the bundle was last verified under, rejection what the verifier
-- said then (NULL: accepted); woven_by names the server's verifier and weaving code that made the verdict (a digest
-- the build writes). A bundle verified under an older version, or by other code, is verified again before any
-- backend defines a class of it. woven holds the classes as the sandbox defines them (instrumented, same layout as
-- classes): a backend defines those bytes as they are, so only the host writes them, and they count only while both
-- still match.
CREATE TABLE bundles (
    hash         bytea PRIMARY KEY CHECK (pg_catalog.length(hash) OPERATOR(pg_catalog.=) 32),
    class_names  text[] NOT NULL,
    classes      bytea NOT NULL,
    size         integer NOT NULL,
    installed_by name NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    allowlist_version bigint NOT NULL,
    rejection    text,
    woven        bytea,
    woven_by     text
);
REVOKE ALL ON bundles FROM PUBLIC;
COMMENT ON TABLE bundles IS 'Shipped class bundles by SHA-256; classes in the layout of runtime/WIRE.md''s inline bundle.';

-- Who installed, had rejected, or evicted which bundle, and why.
CREATE TABLE audit (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    role    name NOT NULL,
    action  text NOT NULL CHECK (action IN ('install', 'reject', 'evict')),
    hash    bytea,
    detail  text
);
REVOKE ALL ON audit FROM PUBLIC;

-- The JDK references shipped code may make, one rule a row (format in io/wormhole/server/verify/package-info.java).
-- Every committed change bumps allowlist_version; bundles verified under an older version are verified again
-- before their next call in any backend.
CREATE TABLE allowlist (
    position serial PRIMARY KEY,
    rule     text NOT NULL UNIQUE
);
REVOKE ALL ON allowlist FROM PUBLIC;

CREATE TABLE allowlist_version (
    version bigint NOT NULL,
    one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row)
);
REVOKE ALL ON allowlist_version FROM PUBLIC;
INSERT INTO allowlist_version (version) VALUES (1);

-- Runs as wormhole_host so that whoever the DBA lets edit the allowlist needs no right on allowlist_version.
CREATE FUNCTION allowlist_changed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE @extschema@.allowlist_version SET version = version OPERATOR(pg_catalog.+) 1;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION allowlist_changed() FROM PUBLIC;
CREATE TRIGGER allowlist_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON allowlist
    FOR EACH STATEMENT EXECUTE FUNCTION allowlist_changed();

-- Tells every backend (hot standbys too, through WAL replay) at commit that what it trusts may have changed: each
-- compares a generation counter before every call and then re-reads the allowlist's version and its bundles.
-- On bundles only what changes a held bundle's standing fires it, not an installation.
CREATE FUNCTION trust_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'wormhole_trust_changed'
    LANGUAGE C;
REVOKE ALL ON FUNCTION trust_changed() FROM PUBLIC;
CREATE TRIGGER trust_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON allowlist
    FOR EACH STATEMENT EXECUTE FUNCTION trust_changed();
CREATE TRIGGER trust_changed AFTER DELETE OR TRUNCATE OR UPDATE OF hash, classes, allowlist_version, rejection
    ON bundles FOR EACH STATEMENT EXECUTE FUNCTION trust_changed();

CREATE FUNCTION default_allowlist() RETURNS SETOF text
    AS 'MODULE_PATHNAME', 'wormhole_default_allowlist'
    LANGUAGE C STRICT STABLE;
REVOKE ALL ON FUNCTION default_allowlist() FROM PUBLIC;

CREATE FUNCTION allowlist_reset() RETURNS void LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    TRUNCATE @extschema@.allowlist RESTART IDENTITY;
    INSERT INTO @extschema@.allowlist (rule) SELECT r FROM @extschema@.default_allowlist() AS r;
$$;
REVOKE ALL ON FUNCTION allowlist_reset() FROM PUBLIC;

CREATE FUNCTION allowlist_add(rule text) RETURNS void LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO @extschema@.allowlist (rule) VALUES (allowlist_add.rule) ON CONFLICT DO NOTHING;
$$;
REVOKE ALL ON FUNCTION allowlist_add(text) FROM PUBLIC;

CREATE FUNCTION allowlist_remove(rule text) RETURNS boolean LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    WITH gone AS (DELETE FROM @extschema@.allowlist a
                  WHERE a.rule OPERATOR(pg_catalog.=) allowlist_remove.rule RETURNING 1)
    SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM gone;
$$;
REVOKE ALL ON FUNCTION allowlist_remove(text) FROM PUBLIC;

CREATE FUNCTION allowlist_list() RETURNS SETOF text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.rule FROM @extschema@.allowlist a ORDER BY a.position;
$$;
REVOKE ALL ON FUNCTION allowlist_list() FROM PUBLIC;

SELECT @extschema@.allowlist_reset();

-- What the verifier says of a bundle (in the layout of runtime/WIRE.md's inline bundle), without installing it.
CREATE FUNCTION verify(classes bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'wormhole_verify'
    LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION verify(bytea) FROM PUBLIC;

-- Removes a stored bundle; backends that hold it drop it before their next call.
CREATE FUNCTION evict(bundle_hash bytea) RETURNS boolean LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    WITH gone AS (DELETE FROM @extschema@.bundles b WHERE b.hash OPERATOR(pg_catalog.=) evict.bundle_hash
                  RETURNING b.hash),
         logged AS (INSERT INTO @extschema@.audit (role, action, hash)
                    SELECT CURRENT_USER, 'evict', gone.hash FROM gone RETURNING 1)
    SELECT pg_catalog.count(*) OPERATOR(pg_catalog.>) 0 FROM logged;
$$;
REVOKE ALL ON FUNCTION evict(bytea) FROM PUBLIC;

-- Calls per (role, bundle, method) in this database since the counters began (they survive a clean restart, not a
-- crash), kept in shared memory by every backend without any write in the caller's transaction
-- (wormhole.max_bundle_stats bounds how many entries are kept). method is as pg_stat_activity showed it during the
-- call, '' for a call that never found its method; errors counts the calls that failed (threw, were refused or
-- stopped); rows the rows its statements returned or changed (as SPI counts them; the host's own not included).
CREATE FUNCTION call_stats(OUT hash bytea, OUT role name, OUT method text, OUT calls bigint, OUT errors bigint,
                           OUT rows bigint, OUT total_time interval, OUT last_used timestamptz)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'wormhole_call_stats'
    LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION call_stats() FROM PUBLIC;

-- Per method: what a DBA asks first (which Java methods run here, how often, how long, how often they fail).
CREATE VIEW method_stats AS
    SELECT s.method, s.role, pg_catalog.encode(s.hash, 'hex') AS bundle, s.calls, s.errors, s.rows, s.total_time,
           CASE WHEN s.calls OPERATOR(pg_catalog.>) 0 THEN s.total_time OPERATOR(pg_catalog./) s.calls END
               AS mean_time,
           s.last_used
    FROM @extschema@.call_stats() s;
REVOKE ALL ON method_stats FROM PUBLIC;

-- Stored bundles with their calls; a bundle called but not stored (a trusted session's, one not stored yet) shows
-- with its calls only.
CREATE VIEW bundle_stats AS
    SELECT pg_catalog.encode(COALESCE(b.hash, s.hash), 'hex') AS hash,
           pg_catalog.array_length(b.class_names, 1) AS classes, b.size, b.installed_by, b.installed_at,
           b.allowlist_version, b.rejection, s.last_used, COALESCE(s.calls, 0) AS calls,
           COALESCE(s.total_time, '0'::pg_catalog.interval) AS total_time,
           CASE WHEN s.calls OPERATOR(pg_catalog.>) 0 THEN s.total_time OPERATOR(pg_catalog./) s.calls END
               AS mean_time
    FROM @extschema@.bundles b
    FULL JOIN (SELECT c.hash, pg_catalog.sum(c.calls)::pg_catalog.int8 AS calls, pg_catalog.sum(c.total_time) AS total_time,
                      pg_catalog.max(c.last_used) AS last_used
               FROM @extschema@.call_stats() c GROUP BY c.hash) s ON s.hash OPERATOR(pg_catalog.=) b.hash;
REVOKE ALL ON bundle_stats FROM PUBLIC;

-- The memory budget of the backends' Java VMs (server-loader/native/budget.c): the cap, what the VMs reserve
-- together, how many VMs hold a reservation, and this backend's own reservation, all in MB.
CREATE FUNCTION memory_budget(OUT cap_mb integer, OUT reserved_mb integer, OUT vms integer, OUT mine_mb integer)
    AS 'MODULE_PATHNAME', 'wormhole_memory_budget'
    LANGUAGE C STRICT VOLATILE;

-- Java VM starts (starts.c): at most max_starting_vms at once; waiting ones show wait_event_type 'Extension'.
CREATE FUNCTION vm_starts(OUT max_starting_vms integer, OUT starting integer, OUT waiting integer)
    AS 'MODULE_PATHNAME', 'wormhole_vm_starts'
    LANGUAGE C STRICT VOLATILE;

-- The host's own statements run as wormhole_host, which owns the server's tables and needs nothing else.
ALTER TABLE bundles OWNER TO wormhole_host;
ALTER TABLE audit OWNER TO wormhole_host;
ALTER TABLE allowlist OWNER TO wormhole_host;
ALTER TABLE allowlist_version OWNER TO wormhole_host;
ALTER FUNCTION allowlist_changed() OWNER TO wormhole_host;

-- The ids of calls that returned having written something, inserted in the caller's transaction so that a row
-- commits exactly when the call's work does; a client whose connection broke during a call asks call_outcome()
-- before retrying. Ids are version 7 UUIDs made by the client (their first 48 bits are the Unix time in ms); calls
-- remove rows older than wormhole.call_outcome_retention a few at a time, by id, never waiting for a lock.
CREATE TABLE call_outcomes (
    id uuid PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
REVOKE ALL ON call_outcomes FROM PUBLIC;
ALTER TABLE call_outcomes OWNER TO wormhole_host;

-- 'committed', 'not committed' (rolled back, never ran, or wrote nothing), 'in progress' (ask again), or
-- 'unknown' (older than the retention). See server-loader/native/outcomes.c.
CREATE FUNCTION call_outcome(id uuid) RETURNS text
    AS 'MODULE_PATHNAME', 'wormhole_call_outcome'
    LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION call_outcome(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION call_outcome(uuid) TO wormhole_run;
