package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;
import java.util.EnumMap;

/** Counts by an enum of the application's own, in an EnumMap passed in and returned. */
public class Tally {
    public enum Shift { EARLY, LATE, NIGHT { @Override public String toString() { return "night (paid extra)"; } } }

    private Tally() {}

    @Remote
    public static EnumMap<Shift, Integer> add(Connection c, EnumMap<Shift, Integer> counts, Shift shift) {
        EnumMap<Shift, Integer> result = new EnumMap<>(counts);
        result.merge(shift, 1, Integer::sum);
        return result;
    }

    @Remote
    public static EnumMap<Shift, Integer> none(Connection c) {
        return new EnumMap<>(Shift.class);
    }
}
