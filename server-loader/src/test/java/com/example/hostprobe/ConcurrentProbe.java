package com.example.hostprobe;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shipped code that uses the concurrent collections as plain ones, as code ported from a service does. */
public final class ConcurrentProbe {
    private ConcurrentProbe() {}

    public static String countWords(String text) {
        ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
        List<String> order = new CopyOnWriteArrayList<>();
        for (String word : text.split(" ")) {
            if (counts.merge(word, 1, Integer::sum) == 1) {
                order.add(word);
            }
        }
        return order + " " + new ConcurrentSkipListMap<>(counts);
    }
}
