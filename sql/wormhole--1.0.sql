-- wormhole--1.0.sql: the SQL surface of the Wormhole extension.
\echo Use "CREATE EXTENSION wormhole" to load this file. \quit

CREATE FUNCTION invoke(frame bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'wormhole_invoke'
    LANGUAGE C STRICT VOLATILE;

COMMENT ON FUNCTION invoke(bytea) IS
    'Runs a shipped Java method: takes a request frame, returns a response frame (see runtime/WIRE.md).';

REVOKE ALL ON FUNCTION invoke(bytea) FROM PUBLIC;
