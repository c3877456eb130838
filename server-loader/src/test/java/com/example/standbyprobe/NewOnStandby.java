package com.example.standbyprobe;

/** A bundle whose first call is on the standby: the primary never sees it. */
public final class NewOnStandby {
    private NewOnStandby() {}

    public static long twice(long x) {
        return 2 * x;
    }
}
