package com.example.standbyprobe;

/** A bundle the verifier rejects (System.exit), sent to the standby first. */
public final class Exits {
    private Exits() {}

    public static long echo(long x) {
        if (x < 0) {
            System.exit(3);
        }
        return x;
    }
}
