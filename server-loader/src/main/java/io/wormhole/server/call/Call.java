package io.wormhole.server.call;

import io.wormhole.internal.CallContext;
import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Backend;
import io.wormhole.server.sandbox.Console;
import io.wormhole.wire.ValueException;
import io.wormhole.wire.ValueLimits;
import io.wormhole.wire.ValueTooLargeException;
import io.wormhole.wire.Values;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.StringJoiner;
import org.objectweb.asm.Type;

/**
 * One method invocation, run on the backend's main thread: resolves the method in the bundle, reads the arguments,
 * binds {@code Connection} parameters and {@code Wormhole.connection()} to the call's connection, invokes, and
 * serializes the outcome. It never throws; {@link #failure()} holds what went wrong.
 */
final class Call implements Runnable {
    private final BundleClassLoader loader;
    private final String className;
    private final String methodName;
    private final String descriptor;
    private final byte[] arguments;
    private final ConnectionFactory connections;
    private final Activity activity;
    private final int maxResultBytes;

    private byte[][] result;
    private Throwable failure;
    private boolean thrownByMethod;

    /** Where the call's server-side JDBC connection comes from. */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    /** Where the call shows which method it runs (pg_stat_activity). */
    interface Activity {
        void show(byte[] textUtf8) throws SQLException;
    }

    Call(BundleClassLoader loader, String className, String methodName, String descriptor, byte[] arguments,
            ConnectionFactory connections, Activity activity, int maxResultBytes) {
        this.activity = activity;
        this.maxResultBytes = maxResultBytes;
        this.loader = loader;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.arguments = arguments;
        this.connections = connections;
    }

    // The call's context scope is held for its close alone: javac's "try" lint would have it referenced.
    @SuppressWarnings("try")
    @Override
    public void run() {
        Thread.currentThread().setContextClassLoader(loader);
        try {
            BundleClassLoader.Invocable invocable;
            try {
                invocable = loader.invocable(className, methodName, descriptor);
            } catch (ReflectiveOperationException e) {
                // Shown, so that the failure counts for the method asked for (wormhole.method_stats).
                activity.show(activityText(className, methodName, descriptor));
                throw e;
            }
            activity.show(invocable.activity());
            Method method = invocable.method();
            Object[] values = Values.readArguments(arguments, loader, ValueLimits.DEFAULT);
            boolean isStatic = invocable.isStatic();
            Class<?>[] types = invocable.parameterTypes();
            int offset = isStatic ? 0 : 1;
            if (values == null || values.length != types.length + offset) {
                throw new IllegalArgumentException(methodName + descriptor + " takes " + (types.length + offset)
                        + " values" + (isStatic ? "" : " (receiver included)") + ", the request carried "
                        + (values == null ? 0 : values.length));
            }
            if (!isStatic && !method.getDeclaringClass().isInstance(values[0])) {
                throw new ValueException("the receiver of " + methodName + descriptor + " is a "
                        + typeName(values[0]) + ", not a " + method.getDeclaringClass().getName());
            }
            for (int i = 0; i < types.length; i++) {
                if (types[i] != Connection.class && !fits(types[i], invocable.valueTypes()[i], values[i + offset])) {
                    throw new ValueException("argument " + (i + 1) + " of " + methodName + descriptor + " is a "
                            + typeName(values[i + offset]) + ", not a " + types[i].getName());
                }
            }
            try (Connection connection = connections.open(); CallContext.Scope scope = CallContext.bind(connection)) {
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    args[i] = types[i] == Connection.class ? connection : values[i + offset];
                }
                Object value;
                try {
                    value = method.invoke(isStatic ? null : values[0], args);
                } catch (InvocationTargetException e) {
                    thrownByMethod = true;
                    throw e.getCause();
                }
                // A result that cannot travel fails the call like an exception of the method: rolled back, sent back.
                thrownByMethod = true;
                try {
                    result = Values.writeChunks(value, loader, maxResultBytes);
                } catch (ValueTooLargeException e) {
                    throw new SQLException("the result of " + methodName + " (" + e.getMessage() + ") is larger than"
                            + " wormhole.max_result_size allows (" + (maxResultBytes >> 10) + " kB): return less, or"
                            + " a DBA raises the setting", SqlState.PROGRAM_LIMIT_EXCEEDED);
                }
            }
        } catch (Throwable t) {
            Backend.noteError(t);
            failure = t;
        } finally {
            Console.flush();
            Thread.currentThread().setContextClassLoader(null);
        }
    }

    /**
     * What {@code pg_stat_activity} shows while a method runs, and the name its statistics count under:
     * {@code wormhole.invoke: com.acme.Accounts.transfer(long, long, java.math.BigDecimal)}, UTF-8.
     */
    static byte[] activityText(String className, String methodName, String descriptor) {
        StringJoiner shown = new StringJoiner(", ", "wormhole.invoke: " + className + "." + methodName + "(", ")");
        try {
            for (Type type : Type.getArgumentTypes(descriptor)) {
                shown.add(type.getClassName());
            }
        } catch (RuntimeException malformed) {
            return ("wormhole.invoke: " + className + "." + methodName + descriptor).getBytes(StandardCharsets.UTF_8);
        }
        return shown.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a decoded value may be passed for a parameter of this type (a frame may carry anything). */
    private static boolean fits(Class<?> type, Class<?> valueType, Object value) {
        if (!type.isPrimitive()) {
            return value == null || type.isInstance(value);
        }
        return value != null && valueType == value.getClass();
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** The encoded result, in pieces ({@link Values#writeChunks}). */
    byte[][] result() {
        return result;
    }

    Throwable failure() {
        return failure;
    }

    /** Whether the failure was thrown by the method itself, rather than by the machinery around it. */
    boolean thrownByMethod() {
        return thrownByMethod;
    }
}
