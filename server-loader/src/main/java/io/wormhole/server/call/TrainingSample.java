package io.wormhole.server.call;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link Training} ships to itself, renamed out of {@code io.wormhole}: a method shaped like an application's
 * (loops, a lambda and a stream, string concatenation, a record, a caught exception, a value class for Kryo), so
 * that the archive holds the JDK classes such code links against. Never loaded in a backend.
 */
final class TrainingSample {
    private TrainingSample() {}

    record Line(String name, BigDecimal amount) {}

    static String summary(Connection conn, int n, String label) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(new Line(label + "-" + i, BigDecimal.valueOf(i * 7L, 2)));
        }
        Map<Boolean, List<String>> parts = new HashMap<>();
        for (Line line : lines) {
            parts.computeIfAbsent(line.amount().signum() > 0, k -> new ArrayList<>()).add(line.name());
        }
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String joined = lines.stream().filter(l -> l.name().endsWith("1")).map(Line::name)
                .collect(Collectors.joining(","));
        try {
            Integer.parseInt(label);
        } catch (NumberFormatException e) {
            joined = joined + "!" + e.getMessage().length();
        }
        return label + ": " + total + " over " + parts.size() + " groups, " + joined;
    }
}
