package com.example.hostprobe;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import java.sql.SQLException;

/** Java recursion on the thread that runs calls, and statements issued from the bottom of it. */
public final class StackProbe {
    private static int reached;

    private StackProbe() {}

    /** How many levels of {@link #queryAt} fit on the stack before a StackOverflowError. */
    public static int deepestLevel() {
        reached = 0;
        try {
            descend(0, Integer.MAX_VALUE, null);
        } catch (StackOverflowError e) {
            return reached;
        } catch (SQLException e) {
            throw new IllegalStateException("no statement runs while measuring", e);
        }
        throw new IllegalStateException("the recursion ended without a StackOverflowError");
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
