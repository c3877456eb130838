package io.wormhole.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the agent runs in this JVM, and the one warning when it does not: without it, {@code @Remote} methods run
 * in the client as plain Java, which nothing else would say. The runtime cannot see a {@code @Remote} method start
 * without the agent, so it warns from the places such a JVM reaches: JDBC loading its drivers (see
 * {@link AgentCheckDriver}: any application that opens a connection through {@code DriverManager}, pools included),
 * {@code Wormhole.configure} and {@code Wormhole.connection()}. {@code -Dwormhole.mode=local} says running them here
 * is intended, and silences it. Not API.
 */
public final class AgentCheck {
    /** The System.Logger the warning goes to, besides stderr. */
    public static final String LOGGER = "io.wormhole";
    private static volatile boolean installed;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private AgentCheck() {}

    /** Called by the agent when it installs itself. */
    public static void agentInstalled() {
        installed = true;
    }

    /** Warns, once per JVM, unless the agent runs or local mode is asked for; {@code noticed} says what showed it. */
    public static void warnIfAbsent(String noticed) {
        if (installed || "local".equals(System.getProperty("wormhole.mode")) || !WARNED.compareAndSet(false, true)) {
            return;
        }
        String message = "Wormhole: this JVM runs without the agent (noticed " + noticed + "), so @Remote methods run"
                + " here as plain Java, not in PostgreSQL: start it with -javaagent:wormhole-agent.jar, or with"
                + " -Dwormhole.mode=local if running them here is intended";
        System.err.println(message);
        System.getLogger(LOGGER).log(System.Logger.Level.WARNING, message);
    }
}
