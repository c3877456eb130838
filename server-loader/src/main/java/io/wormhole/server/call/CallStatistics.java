package io.wormhole.server.call;

import io.wormhole.server.pg.Host;
import io.wormhole.server.pg.PgException;
import java.sql.SQLException;

/**
 * The figures a DBA reads per method and per bundle ({@code wormhole.method_stats}, {@code wormhole.bundle_stats}):
 * every call served counts once, with its time and whether it failed, in the host's shared memory, never in the
 * caller's transaction (a rollback does not uncount a call).
 */
final class CallStatistics {
    private CallStatistics() {}

    static void count(byte[] bundleHash, long nanos, boolean failed) throws PgException {
        try {
            Host.countCall(bundleHash, nanos, failed);
        } catch (SQLException e) {
            throw Failures.raised(e);
        }
    }
}
