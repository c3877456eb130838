package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * What the host's C side tells the server directly, without SQL: its size limits and its trust generation; the
 * call statistics it keeps in shared memory; and what it shows a DBA of the running call.
 */
public final class Host {
    private Host() {}

    /**
     * The size limits as the GUCs stand now, read in C so that no object on the caller's {@code search_path}
     * (a temporary {@code pg_settings}, say) can stand in for them.
     */
    public record Limits(int maxClasses, int maxClassBytes, long maxBundleBytes, int maxResultBytes) {}

    public static Limits limits() throws SQLException {
        long[] l = Backend.onMain(Bridge::hostLimits);
        return new Limits(Math.toIntExact(l[0]), Math.toIntExact(l[1]), l[2], Math.toIntExact(l[3]));
    }

    /** Shows what the call runs in {@code pg_stat_activity} (UTF-8 text) until it ends. */
    public static void reportActivity(byte[] textUtf8) throws SQLException {
        Backend.enter(); // not onMain: see Backend.enter
        Bridge.reportActivity(textUtf8);
    }

    /**
     * Counts one call of the method it showed ({@link #reportActivity}) and its time, and whether it failed, in the
     * host's shared statistics (wormhole.method_stats, wormhole.bundle_stats).
     */
    public static void countCall(byte[] bundleHash, long nanos, boolean failed) throws SQLException {
        Backend.enter(); // not onMain: see Backend.enter
        try {
            Bridge.countCall(bundleHash, nanos, failed);
        } catch (SQLException e) {
            throw Backend.failed(e);
        }
    }
}
