package com.example.standbyprobe;

/** A bundle that a role without the install privilege sends to the standby first. */
public final class NotForRunners {
    private NotForRunners() {}

    public static long echo(long x) {
        return x;
    }
}
