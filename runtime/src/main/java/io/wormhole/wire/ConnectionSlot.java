package io.wormhole.wire;

/**
 * Stands in the argument stream where the caller passed a {@code java.sql.Connection}: a connection cannot travel,
 * and on the server that argument is bound to the server-side connection of the call.
 */
public enum ConnectionSlot {
    INSTANCE
}
