package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.wormhole.RemoteExecutionException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Exceptions across the wire. An exception travels as a portable description: its class name, message, SQLSTATE and
 * vendor code (for a {@code SQLException}), stack frames, cause chain, suppressed exceptions, and the values of the
 * fields its application classes declare (those that can travel). Kryo cannot write the exception object itself:
 * {@code Throwable}'s state is private to {@code java.base}, and an instance made without a constructor has a
 * stack trace that cannot be set.
 *
 * <p>The reader rebuilds the exception as its own class when it has it: a JDK exception through its
 * {@code (String, Throwable)}, {@code (String)} or, for a {@code SQLException}, {@code (String, String, int)}
 * constructor; an application exception without running any of its constructors (they may rewrite the message), by
 * running only the nearest JDK superclass's constructor, as Java serialization does, then restoring its fields. A
 * class the reader lacks (or, on the server, may not instantiate) becomes a {@link RemoteExecutionException}.
 */
public final class ThrowableTransport {
    private ThrowableTransport() {}

    /** The class every exception is written as; the real class travels inside, as a name. */
    static final class Remote {
        private Remote() {}
    }

    /** Graph-context key: drop the frames of the server's own invocation machinery. */
    private static final Object TRIM_INVOCATION_FRAMES = new Object();

    /** Server side: the payload of a {@code THREW} response. Never fails for a value that cannot travel. */
    @SuppressWarnings("unchecked") // Kryo's graph context is a raw map
    public static byte[] write(Throwable thrown, ClassLoader loader) {
        return Values.write(thrown, loader, "exception", kryo -> kryo.getGraphContext().put(TRIM_INVOCATION_FRAMES,
                Boolean.TRUE));
    }

    /**
     * Client side: the exception of a {@code THREW} payload, its class resolved through {@code loader}. The server's
     * frames come first in the stack traces, then {@code clientFrames}, the caller's own (for every exception of the
     * chain, as if the cause had been created in the caller's thread).
     */
    public static Throwable read(byte[] payload, ClassLoader loader, StackTraceElement[] clientFrames) {
        Object value = Values.read(payload, loader);
        if (!(value instanceof Throwable thrown)) {
            throw new ValueException("the payload holds " + (value == null ? "null" : "a " + value.getClass().getName())
                    + ", not an exception");
        }
        appendFrames(thrown, clientFrames.clone(), Collections.newSetFromMap(new IdentityHashMap<>()));
        return thrown;
    }

    private static void appendFrames(Throwable t, StackTraceElement[] clientFrames, Set<Throwable> done) {
        if (t == null || !done.add(t)) {
            return;
        }
        StackTraceElement[] server = t.getStackTrace();
        StackTraceElement[] merged = Arrays.copyOf(server, server.length + clientFrames.length);
        System.arraycopy(clientFrames, 0, merged, server.length, clientFrames.length);
        t.setStackTrace(merged);
        appendFrames(t.getCause(), clientFrames, done);
        for (Throwable s : t.getSuppressed()) {
            appendFrames(s, clientFrames, done);
        }
    }

    static void install(Kryo kryo) {
        ThrowableSerializer serializer = new ThrowableSerializer();
        kryo.register(Remote.class, serializer, WireKryo.THROWABLE_ID);
        kryo.addDefaultSerializer(Throwable.class, serializer);
    }

    /** Frames below the first of the JDK's reflection belong to whatever invoked the remote method. */
    private static StackTraceElement[] withoutInvocationFrames(StackTraceElement[] frames) {
        for (int i = 1; i < frames.length; i++) {
            String c = frames[i].getClassName();
            if (c.startsWith("jdk.internal.reflect.")
                    || (c.equals("java.lang.reflect.Method") && frames[i].getMethodName().equals("invoke"))) {
                return Arrays.copyOf(frames, i);
            }
        }
        return frames;
    }

    static final class ThrowableSerializer extends Serializer<Throwable> {
        @Override
        @SuppressWarnings("unchecked") // Kryo's graph context is a raw map
        public void write(Kryo kryo, Output out, Throwable t) {
            String sqlState = t instanceof SQLException e ? e.getSQLState()
                    : t instanceof RemoteExecutionException r ? r.sqlState() : null;
            int vendorCode = t instanceof SQLException e ? e.getErrorCode()
                    : t instanceof RemoteExecutionException r ? r.vendorCode() : 0;
            out.writeString(t instanceof RemoteExecutionException r ? r.remoteClassName() : t.getClass().getName());
            out.writeString(t.getMessage());
            out.writeString(sqlState);
            out.writeVarInt(vendorCode, false);
            StackTraceElement[] frames = t.getStackTrace();
            if (kryo.getGraphContext().containsKey(TRIM_INVOCATION_FRAMES)) {
                frames = withoutInvocationFrames(frames);
            }
            out.writeVarInt(frames.length, true);
            for (StackTraceElement f : frames) {
                out.writeString(f.getClassLoaderName());
                out.writeString(f.getModuleName());
                out.writeString(f.getModuleVersion());
                out.writeString(f.getClassName());
                out.writeString(f.getMethodName());
                out.writeString(f.getFileName());
                out.writeVarInt(f.getLineNumber(), false);
            }
            Throwable cause = t.getCause();
            kryo.writeClassAndObject(out, cause == t ? null : cause);
            Throwable[] suppressed = t.getSuppressed();
            out.writeVarInt(suppressed.length, true);
            for (Throwable s : suppressed) {
                kryo.writeClassAndObject(out, s);
            }
            List<Field> fields = travellingFields(t);
            out.writeVarInt(fields.size(), true);
            for (Field f : fields) {
                out.writeString(f.getDeclaringClass().getName());
                out.writeString(f.getName());
                kryo.writeClassAndObject(out, get(f, t));
            }
        }

        @Override
        public Throwable read(Kryo kryo, Input in, Class<? extends Throwable> type) {
            String className = in.readString();
            String message = in.readString();
            String sqlState = in.readString();
            int vendorCode = in.readVarInt(false);
            int frameCount = in.readVarInt(true);
            BoundedInput.claimContainer(in, frameCount, "a stack trace");
            StackTraceElement[] frames = new StackTraceElement[frameCount];
            for (int i = 0; i < frameCount; i++) {
                String loaderName = in.readString();
                String module = in.readString();
                String moduleVersion = in.readString();
                String declaring = in.readString();
                String method = in.readString();
                String file = in.readString();
                int line = in.readVarInt(false);
                if (declaring == null || method == null) {
                    throw new ValueException("corrupt value stream: a stack frame without class or method");
                }
                frames[i] = new StackTraceElement(loaderName, module, moduleVersion, declaring, method, file, line);
            }
            Throwable cause = readThrowable(kryo, in);
            int suppressedCount = in.readVarInt(true);
            BoundedInput.claimContainer(in, suppressedCount, "suppressed exceptions");
            List<Throwable> suppressed = new ArrayList<>(suppressedCount);
            for (int i = 0; i < suppressedCount; i++) {
                suppressed.add(readThrowable(kryo, in));
            }
            if (className == null) {
                throw new ValueException("corrupt value stream: an exception without a class name");
            }
            Class<?> local = ((WireKryo) kryo).classes().lookUp(className);
            Throwable t = rebuild(local, message, sqlState, vendorCode, cause);
            if (t == null) {
                t = new RemoteExecutionException(className, message, sqlState, vendorCode, cause);
            }
            t.setStackTrace(frames);
            for (Throwable s : suppressed) {
                if (s != null && s != t) {
                    t.addSuppressed(s);
                }
            }
            int fieldCount = in.readVarInt(true);
            BoundedInput.claimContainer(in, fieldCount, "exception fields");
            for (int i = 0; i < fieldCount; i++) {
                String declaring = in.readString();
                String name = in.readString();
                restore(t, declaring, name, kryo.readClassAndObject(in));
            }
            return t;
        }

        private static Throwable readThrowable(Kryo kryo, Input in) {
            Object value = kryo.readClassAndObject(in);
            if (value != null && !(value instanceof Throwable)) {
                throw new ValueException("corrupt value stream: an exception's cause is a "
                        + value.getClass().getName());
            }
            return (Throwable) value;
        }
    }

    /** The fields of the application classes of an exception whose values can travel; the others stay behind. */
    private static List<Field> travellingFields(Throwable t) {
        List<Field> out = new ArrayList<>();
        if (t instanceof RemoteExecutionException) {
            return out; // Its fields describe the exception it stands for, and travel as that description.
        }
        for (Class<?> c = t.getClass(); !ValueTypes.isJdk(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    TravelCheck.check(f.get(t), f.getName(), ValueLimits.DEFAULT.maxDepth() / 2);
                    out.add(f);
                } catch (RuntimeException | IllegalAccessException e) {
                    // Cannot travel: the exception arrives without this field's value.
                }
            }
        }
        return out;
    }

    private static Object get(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("checked accessible a moment ago", e);
        }
    }

    private static void restore(Throwable t, String declaring, String name, Object value) {
        for (Class<?> c = t.getClass(); !ValueTypes.isJdk(c); c = c.getSuperclass()) {
            if (!c.getName().equals(declaring)) {
                continue;
            }
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())
                        && (value == null ? !f.getType().isPrimitive() : wrap(f.getType()).isInstance(value))) {
                    f.setAccessible(true);
                    f.set(t, value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // The class differs from the server's: the field keeps the value the constructor gave it.
            }
            return;
        }
    }

    private static Class<?> wrap(Class<?> type) {
        return type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }

    /**
     * The exception as an instance of {@code type}, or {@code null} when that is not possible. Only JDK
     * constructors run: those of the nearest JDK class, or of a JDK superclass, that take the message.
     */
    private static Throwable rebuild(Class<?> type, String message, String sqlState, int vendorCode, Throwable cause) {
        if (type == null || !Throwable.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        Class<?> jdk = type;
        while (!ValueTypes.isJdk(jdk)) {
            jdk = jdk.getSuperclass();
        }
        boolean sql = SQLException.class.isAssignableFrom(type);
        for (Class<?> c = jdk; c != null; c = c.getSuperclass()) {
            Throwable t = sql
                    ? construct(type, c, new Class<?>[] {String.class, String.class, int.class}, message, sqlState,
                            vendorCode)
                    : construct(type, c, new Class<?>[] {String.class, Throwable.class}, message, cause);
            if (t == null && !sql) {
                t = construct(type, c, new Class<?>[] {String.class}, message);
            }
            if (t != null) {
                if (cause != null && t.getCause() == null) {
                    try {
                        t.initCause(cause);
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        // The constructor fixed the cause: keep it.
                    }
                }
                return t;
            }
        }
        return null;
    }

    private static Throwable construct(Class<?> type, Class<?> declaring, Class<?>[] parameters, Object... args) {
        try {
            Constructor<?> c = declaring.getConstructor(parameters);
            Constructor<?> make = declaring == type ? c : Serialization.constructor(type, c);
            return make == null ? null : (Throwable) make.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * The JDK's serialization constructors: an instance of a class made by running one constructor of a superclass.
     * Looked up reflectively because {@code sun.reflect} is an unsupported (though exported) API.
     */
    private static final class Serialization {
        private static final Object FACTORY;
        private static final Method NEW_CONSTRUCTOR;

        static {
            Object factory = null;
            Method newConstructor = null;
            try {
                Class<?> rf = Class.forName("sun.reflect.ReflectionFactory");
                factory = rf.getMethod("getReflectionFactory").invoke(null);
                newConstructor = rf.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // Without jdk.unsupported an application exception arrives as a RemoteExecutionException.
            }
            FACTORY = factory;
            NEW_CONSTRUCTOR = newConstructor;
        }

        static Constructor<?> constructor(Class<?> type, Constructor<?> superConstructor)
                throws ReflectiveOperationException {
            return NEW_CONSTRUCTOR == null ? null
                    : (Constructor<?>) NEW_CONSTRUCTOR.invoke(FACTORY, type, superConstructor);
        }
    }
}
