package com.example.attacks;

import io.wormhole.Remote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.util.stream.LongStream;

/**
 * Calls whose time goes where shipped code cannot poll: inside the JDK, or in methods of the call's objects that the
 * host itself invokes after the method returned. Harmless arguments make each an ordinary call (that is how the
 * bundle gets installed); hostile ones make it run for hours. Only the host's watchdog can end the hostile ones.
 */
public final class JdkRunaways {
    private JdkRunaways() {}

    @Remote public static int powerBitLength(Connection c, int exponent) {
        return BigInteger.valueOf(3).pow(exponent).bitLength();
    }

    @Remote public static long sumBelow(Connection c, long end) {
        return LongStream.range(0, end).sum();
    }

    /** {@code 1E+100000000} plus one: aligning the scales computes ten to the hundred millionth. */
    @Remote public static int addedPrecision(Connection c, BigDecimal a, BigDecimal b) {
        return a.add(b).precision();
    }

    @Remote public static long failWithEndlessMessage(Connection c, boolean endless) {
        throw new EndlessMessage(endless);
    }

    @Remote public static long failWithEndlessToString(Connection c, boolean endless) {
        throw new EndlessToString(endless);
    }

    @Remote public static Endless endlessResult(Connection c, boolean endless) {
        Endless result = new Endless();
        result.value = 42;
        result.endless = endless;
        return result;
    }

    /**
     * Whether a method of one of these objects loops is decided on the server and stays there (transient), so the
     * client's copy answers normally and only the server is ever caught in the loop.
     */
    static long loopWhile(boolean endless) {
        long n = 0;
        while (endless && n >= 0) {
            n = (n * 31 + 7) & 0x7fffffffL;
        }
        return n;
    }

    static final class EndlessMessage extends RuntimeException {
        private final transient boolean endless;

        EndlessMessage(boolean endless) {
            this.endless = endless;
        }

        @Override
        public String getMessage() {
            return "message after " + loopWhile(endless) + " steps";
        }
    }

    static final class EndlessToString extends RuntimeException {
        private final transient boolean endless;

        EndlessToString(boolean endless) {
            super("a plain message");
            this.endless = endless;
        }

        @Override
        public String toString() {
            return "text after " + loopWhile(endless) + " steps";
        }
    }

    /** A result whose every method the host might call for its own purposes loops. */
    public static final class Endless {
        int value;
        transient boolean endless;

        public int value() {
            return value;
        }

        @Override
        public int hashCode() {
            return (int) loopWhile(endless) + value;
        }

        @Override
        public boolean equals(Object o) {
            return loopWhile(endless) >= 0 && o instanceof Endless e && e.value == value;
        }

        @Override
        public String toString() {
            return "Endless " + value + " after " + loopWhile(endless) + " steps";
        }
    }
}
