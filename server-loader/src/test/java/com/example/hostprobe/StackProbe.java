package com.example.hostprobe;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import java.sql.SQLException;

/** Java recursion on the thread that runs calls, and statements issued from the bottom of it. */
public final class StackProbe {
    private static int reached;

    private StackProbe() {}

    /**
     * Recurses until the stack overflows: {@link #reached} then says how many levels of {@link #queryAt} fit (the
     * overflow cannot be caught here: the loader rethrows it from every handler).
     */
    public static void overflow() throws SQLException {
        descend(0, Integer.MAX_VALUE, null);
    }

    public static int reached() {
        return reached;
    }

    /** Recurses {@code depth} levels, then runs {@code sql} there and returns its first column. */
    public static String queryAt(int depth, String sql) throws SQLException {
        return descend(0, depth, sql);
    }

    private static String descend(int level, int depth, String sql) throws SQLException {
        reached = level;
        if (level == depth) {
            try (Plan plan = Plan.prepare(sql)) {
                return plan.execute(Params.none(), 0).text(0, 0);
            }
        }
        return descend(level + 1, depth, sql);
    }
}
