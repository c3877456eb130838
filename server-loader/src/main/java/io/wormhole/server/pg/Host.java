package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * What the host's C side tells the server directly, without SQL: its size limits and its trust generation; and the
 * call statistics it keeps in shared memory.
 */
public final class Host {
    private Host() {}

    /**
     * The size limits as the GUCs stand now, read in C so that no object on the caller's {@code search_path}
     * (a temporary {@code pg_settings}, say) can stand in for them.
     */
    public record Limits(int maxClasses, int maxClassBytes, long maxBundleBytes) {}

    public static Limits limits() throws SQLException {
        long[] l = Backend.onMain(Bridge::hostLimits);
        return new Limits(Math.toIntExact(l[0]), Math.toIntExact(l[1]), l[2]);
    }

    /**
     * Grows whenever a transaction that changed {@code wormhole.bundles} or {@code wormhole.allowlist} committed in
     * any backend: while it stays the same, nothing this backend trusts has been withdrawn. Cheap enough for every call.
     */
    public static long trustGeneration() throws SQLException {
        return Backend.onMain(Bridge::trustGeneration);
    }

    /** Counts one call of a bundle and its time in the host's shared statistics (wormhole.bundle_stats). */
    public static void countCall(byte[] bundleHash, long nanos) throws SQLException {
        Backend.onMain(() -> {
            Bridge.countCall(bundleHash, nanos);
            return null;
        });
    }
}
