-- wormhole--1.0.sql: the SQL surface of the Wormhole extension.
\echo Use "CREATE EXTENSION wormhole" to load this file. \quit

CREATE FUNCTION invoke(frame bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'wormhole_invoke'
    LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION invoke(bytea) IS
    'Runs a shipped Java method: takes a request frame, returns a response frame (see runtime/WIRE.md).';

REVOKE ALL ON FUNCTION invoke(bytea) FROM PUBLIC;

-- Bundles the server holds: a backend that does not have a bundle in memory looks here before asking the client
-- to send its bytes again, so a warm call is one round trip in any backend.
CREATE TABLE bundles (
    hash         bytea PRIMARY KEY CHECK (length(hash) = 32),
    class_names  text[] NOT NULL,
    classes      bytea NOT NULL,
    size         integer NOT NULL,
    installed_by name NOT NULL DEFAULT current_user,
    installed_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON bundles FROM PUBLIC;
COMMENT ON TABLE bundles IS 'Shipped class bundles by SHA-256; classes in the layout of runtime/WIRE.md''s inline bundle.';
