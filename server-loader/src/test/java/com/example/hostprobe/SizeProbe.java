package com.example.hostprobe;

import java.util.ArrayList;
import java.util.List;

/** Shipped code whose result is larger than the server lets a call send back, or than one piece of its encoding. */
public final class SizeProbe {
    private SizeProbe() {}

    public record Row(int id, String name, long amount) {}

    public static String text(int length) {
        return "x".repeat(length);
    }

    public static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new Row(i, "name " + i, i * 10L));
        }
        return rows;
    }
}
