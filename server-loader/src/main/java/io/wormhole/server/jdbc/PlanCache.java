package io.wormhole.server.jdbc;

import io.wormhole.server.pg.Plan;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plans by SQL text and parameter types, shared by every call in the backend and bounded
 * ({@code -Dwormhole.jdbc.planCacheSize}, default 256): the least recently used plan is freed first.
 * PostgreSQL's plan cache revalidates kept plans after schema changes.
 */
final class PlanCache {
    private static final int SIZE = Integer.getInteger("wormhole.jdbc.planCacheSize", 256);
    private static final Map<Key, Plan> PLANS = new LinkedHashMap<>(64, 0.75f, true);

    /** The SQL and its parameter types, compared by content (a record compares arrays by identity). */
    private record Key(String sql, int[] types) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && sql.equals(k.sql) && Arrays.equals(types, k.types);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + Arrays.hashCode(types);
        }
    }

    private PlanCache() {}

    static synchronized Plan get(String sql, int[] types) throws SQLException {
        Key key = new Key(sql, types);
        Plan plan = PLANS.get(key);
        if (plan == null) {
            plan = Plan.prepare(sql, types);
            PLANS.put(key, plan);
            if (PLANS.size() > SIZE) {
                var eldest = PLANS.entrySet().iterator();
                Plan old = eldest.next().getValue();
                eldest.remove();
                old.close();
            }
        }
        return plan;
    }
}
