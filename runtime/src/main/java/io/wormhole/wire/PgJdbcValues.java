package io.wormhole.wire;

import java.util.Set;

/**
 * pgJDBC's value classes: what its {@code getObject} returns for json, interval, inet, the geometric types and the
 * other types it has no Java class for. They travel as values both ways (the client has pgJDBC; the server carries
 * the same version) and are never shipped in a bundle: the server defines them itself.
 */
public final class PgJdbcValues {
    /** Binary names; the driver around them ({@code org.postgresql.Driver}, connections) is never one. */
    public static final Set<String> CLASSES = Set.of(
            "org.postgresql.util.PGobject", "org.postgresql.util.PGInterval", "org.postgresql.util.PGmoney",
            "org.postgresql.geometric.PGbox", "org.postgresql.geometric.PGcircle", "org.postgresql.geometric.PGline",
            "org.postgresql.geometric.PGlseg", "org.postgresql.geometric.PGpath", "org.postgresql.geometric.PGpoint",
            "org.postgresql.geometric.PGpolygon");

    /** Where pgJDBC's classes live: a bundle may not define a class there. */
    public static final String PACKAGE_PREFIX = "org.postgresql.";

    private PgJdbcValues() {}

    public static boolean contains(String className) {
        return CLASSES.contains(className);
    }
}
