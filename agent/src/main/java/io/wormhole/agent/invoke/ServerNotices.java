package io.wormhole.agent.invoke;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Locale;

/**
 * The NOTICEs and WARNINGs a call raised in the backend ({@code System.out}, loggers, {@code RAISE NOTICE} in the SQL
 * it ran), handed to the application: pgJDBC keeps them as the warnings of the call's statement, which nothing else
 * ever reads. {@code -Dwormhole.notices} says where they go: {@code log} (the default) to the {@code System.Logger}
 * named {@code io.wormhole.notice}, WARNINGs at {@code WARNING} and the rest at {@code INFO}; {@code stderr} printed;
 * {@code off} dropped.
 */
final class ServerNotices {
    static final String LOGGER = "io.wormhole.notice";

    private enum Target { LOG, STDERR, OFF }

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private ServerNotices() {}

    /** Delivers the warnings of {@code statement}, the call's, after it ran (or failed). */
    static void deliver(Statement statement) {
        if (target() == Target.OFF) {
            return;
        }
        try {
            deliver(statement.getWarnings());
        } catch (SQLException e) {
            // A closed statement has nothing left to tell.
        }
    }

    /** Delivers {@code warning} and those chained to it: a call's, made by the function-call message. */
    static void deliver(SQLWarning warning) {
        Target target = target();
        if (target == Target.OFF) {
            return;
        }
        for (; warning != null; warning = warning.getNextWarning()) {
            // A WARNING's SQLSTATE is of class 01; a NOTICE's is 00000 unless the code raising it chose another.
            boolean isWarning = warning.getSQLState() != null && warning.getSQLState().startsWith("01");
            String text = warning.getMessage();
            if (target == Target.STDERR) {
                System.err.println("wormhole " + (isWarning ? "WARNING" : "NOTICE") + ": " + text);
            } else {
                LOG.log(isWarning ? System.Logger.Level.WARNING : System.Logger.Level.INFO, text);
            }
        }
    }

    /** The setting last read and what it says: read again at every call, so that it can change while calls run. */
    private record Setting(String value, Target target) {}

    private static volatile Setting last = new Setting(null, Target.LOG);

    private static Target target() {
        String value = System.getProperty("wormhole.notices");
        Setting known = last;
        if (value == known.value()) {
            return known.target();
        }
        Target target = switch (value == null ? "log" : value.toLowerCase(Locale.ROOT)) {
            case "stderr" -> Target.STDERR;
            case "off" -> Target.OFF;
            default -> Target.LOG;
        };
        last = new Setting(value, target);
        return target;
    }
}
