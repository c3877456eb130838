package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Notices;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * {@code java.util.logging} and {@code System.Logger} in shipped code: the loader rewrites {@code Logger.getLogger}
 * and {@code System.getLogger} to {@link #logger} and {@link #systemLogger}, whose loggers send what is logged at
 * INFO (and CONFIG) to the client as NOTICEs, and at WARNING and above as WARNINGs; lower levels are not logged, as
 * with the JDK's default configuration. Nothing reaches the backend's own handlers or the server log, and shipped
 * code never holds a logger of the JVM's {@code LogManager}, whose configuration is JVM-wide.
 *
 * <p>Each logger sends as it logs, with no buffer, so a logger kept in a static field between calls only ever speaks
 * in the call that uses it.
 */
public final class NoticeLoggers {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/NoticeLoggers";
    private static final Handle JUL = new Handle(Opcodes.H_INVOKESTATIC, INTERNAL_NAME, "logger",
            "(Ljava/lang/String;)Ljava/util/logging/Logger;", false);
    private static final Handle SYSTEM = new Handle(Opcodes.H_INVOKESTATIC, INTERNAL_NAME, "systemLogger",
            "(Ljava/lang/String;)Ljava/lang/System$Logger;", false);

    private NoticeLoggers() {}

    public static Logger logger(String name) {
        return new JulLogger(name);
    }

    public static System.Logger systemLogger(String name) {
        return new SystemLogger(name);
    }

    /** The replacement of a static call of a JDK logger factory, or {@code null} if the call is not one. */
    static Handle route(String owner, String name, String descriptor) {
        if (owner.equals("java/util/logging/Logger") && name.equals("getLogger")
                && descriptor.equals(JUL.getDesc())) {
            return JUL;
        }
        if (owner.equals("java/lang/System") && name.equals("getLogger") && descriptor.equals(SYSTEM.getDesc())) {
            return SYSTEM;
        }
        return null;
    }

    private static void send(boolean warning, String text) {
        Notices.fromShippedCode(warning, text);
    }

    private static String withThrown(String text, Throwable thrown) {
        return thrown == null ? text : text + ": " + thrown;
    }

    private static final class JulLogger extends Logger {
        JulLogger(String name) {
            super(name, null);
            setLevel(java.util.logging.Level.INFO);
        }

        @Override
        public void log(LogRecord record) {
            if (!isLoggable(record.getLevel())) {
                return;
            }
            String text = record.getMessage();
            Object[] parameters = record.getParameters();
            if (text != null && parameters != null && parameters.length > 0) {
                text = MessageFormat.format(text, parameters);
            }
            send(record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue(),
                    withThrown(String.valueOf(text), record.getThrown()));
        }
    }

    private record SystemLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (isLoggable(level)) {
                send(level.getSeverity() >= Level.WARNING.getSeverity(), withThrown(String.valueOf(message), thrown));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
            if (isLoggable(level)) {
                String text = format != null && parameters != null && parameters.length > 0
                        ? MessageFormat.format(format, parameters) : String.valueOf(format);
                send(level.getSeverity() >= Level.WARNING.getSeverity(), text);
            }
        }
    }
}
