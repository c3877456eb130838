package io.wormhole.wire;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import java.sql.Connection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Arguments and results as Kryo 5 streams. What may travel: {@code null}, primitives and their boxes,
 * {@code String}, {@code BigDecimal}, {@code BigInteger}, {@code java.time} values, {@code UUID}, dates, pgJDBC's
 * value classes ({@link PgJdbcValues}: {@code PGobject}, {@code PGInterval}, the geometric types), arrays,
 * lists, sets and maps (immutable and unmodifiable ones stay so; views such as {@code keySet()} travel as copies),
 * records, enums, exceptions (see {@link ThrowableTransport}) and application classes made of these. Anything else
 * is refused before a byte is written, with the path to it: {@code argument 2 -> Order.customer -> Customer.socket:
 * java.net.Socket cannot travel}. Scalars and argument arrays of scalars skip Kryo ({@link FlatValues}).
 *
 * <p>The client reads with {@link #read(byte[], ClassLoader)} (classes resolved through its loader); the server
 * reads with {@link #readArguments(byte[], ClassLoader, ValueLimits)}, which instantiates only classes the bundle's
 * loader defined and JDK value types, and bounds depth, size and every claimed length. Whatever goes wrong while
 * reading is a {@link ValueException}.
 */
public final class Values {
    private Values() {}

    /** How deeply the client lets a value nest: half the server's default, leaving room for wrappers. */
    private static final int WRITE_DEPTH = ValueLimits.DEFAULT.maxDepth() / 2;

    /** The client trusts the server it called, but a corrupt response still must not exhaust its heap. */
    private static final ValueLimits OPEN_LIMITS = new ValueLimits(Response.MAX_PAYLOAD_BYTES,
            ValueLimits.DEFAULT.maxDepth(), Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 8);

    /**
     * Per thread, the Kryo instances of the last few (loader, limits, kind) uses, most recent first: building one costs
     * more than a call, and a backend alternating between the methods of two bundles (or a client between two
     * applications' classes) must not build one per call. Bounded, since each holds its loader.
     */
    private static final int KRYO_PER_THREAD = 8;
    private static final ThreadLocal<Recent> KRYO = ThreadLocal.withInitial(Recent::new);

    private record Cached(ClassLoader loader, ValueLimits limits, boolean restricted, WireKryo kryo) {
        boolean fits(ClassLoader l, ValueLimits lim, boolean r) {
            // Identity first: a record's equals runs through method handles, slow in the server's C1 code.
            return loader == l && (limits == lim || limits.equals(lim)) && restricted == r;
        }
    }

    /** A result (or any single value). */
    public static byte[] write(Object value, ClassLoader loader) {
        return write(value, loader, "value", kryo -> {});
    }

    /**
     * Like {@link #write(Object, ClassLoader)}, as pieces to be sent one after the other (see {@link ChunkSink}):
     * a large result is never one array. Refuses with a {@link ValueTooLargeException} a value whose encoding would
     * pass {@code maxBytes}: it stops there, having held at most a buffer more.
     */
    public static byte[][] writeChunks(Object value, ClassLoader loader, int maxBytes) {
        if (FlatValues.fits(value)) {
            byte[] flat = FlatValues.write(value);
            if (maxBytes >= 0 && flat.length > maxBytes) {
                throw new ValueTooLargeException(describe(value), maxBytes);
            }
            return new byte[][] {flat};
        }
        TravelCheck.check(value, "value", WRITE_DEPTH);
        return encode(value, loader, maxBytes, new ChunkWriting(value, maxBytes));
    }

    /** A class, not a lambda: the server's C1 code allocates a capturing lambda through a native call. */
    private record ChunkWriting(Object value, int maxBytes) implements Function<WireKryo, byte[][]> {
        @Override
        public byte[][] apply(WireKryo kryo) {
            ChunkSink sink = new ChunkSink(maxBytes);
            Output out = new Output(sink, ChunkSink.BUFFER);
            kryo.writeClassAndObject(out, value);
            return sink.chunks(out);
        }
    }

    /**
     * The arguments of a call, the receiver first for an instance method. A top-level {@link Connection} is written
     * as {@link ConnectionSlot#INSTANCE}: the server binds its own connection there.
     */
    public static byte[] writeArguments(Object[] arguments, ClassLoader loader) {
        return writeArguments(arguments, loader, new HashSet<>());
    }

    /**
     * Like {@link #writeArguments(Object[], ClassLoader)}, adding to {@code applicationClasses} the runtime class of
     * every application object the arguments hold: a subclass the method never names must be shipped too.
     */
    public static byte[] writeArguments(Object[] arguments, ClassLoader loader, Set<Class<?>> applicationClasses) {
        return writeArguments(arguments, loader, applicationClasses, false);
    }

    /**
     * Like {@link #writeArguments(Object[], ClassLoader, Set)}; {@code receiverFirst} says the first value is the
     * receiver of an instance method, as refusals then name it.
     */
    public static byte[] writeArguments(Object[] arguments, ClassLoader loader, Set<Class<?>> applicationClasses,
            boolean receiverFirst) {
        Object[] values = arguments.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Connection) {
                // The server binds its own connection there: nothing of the client's travels.
                values[i] = ConnectionSlot.INSTANCE;
            } else if (!TravelCheck.travelsAsIs(values[i])) {
                String label = !receiverFirst ? "argument " + (i + 1) : i == 0 ? "the receiver" : "argument " + i;
                applicationClasses.addAll(TravelCheck.check(values[i], label, WRITE_DEPTH));
            }
        }
        return FlatValues.fits(values) ? FlatValues.write(values) : serialize(values, loader);
    }

    /**
     * Refuses, before a call is sent, a method whose declared result can never travel (a stream, an iterator, a
     * result set, a connection): the method would run, and only then its result fail and its work roll back.
     */
    public static void checkResultType(java.lang.reflect.Method method) {
        String why = TravelCheck.lazyResult(method.getReturnType());
        if (why != null) {
            throw new ValueException("the result of " + method.getDeclaringClass().getName() + "." + method.getName()
                    + ": " + method.getReturnType().getName() + " cannot travel (" + why + ")");
        }
    }

    /** Client side: a value written by {@link #write}, its classes resolved through {@code loader}. */
    public static Object read(byte[] bytes, ClassLoader loader) {
        return deserialize(bytes, loader, OPEN_LIMITS, false);
    }

    /** Server side: a value, reading only bundle classes and JDK value types, within {@code limits}. */
    public static Object read(byte[] bytes, ClassLoader bundleLoader, ValueLimits limits) {
        return deserialize(bytes, bundleLoader, limits, true);
    }

    /** Client side: arguments written by {@link #writeArguments}. */
    public static Object[] readArguments(byte[] bytes, ClassLoader loader) {
        return arguments(read(bytes, loader));
    }

    /** Server side: arguments written by {@link #writeArguments}, read as {@link #read(byte[], ClassLoader,
     * ValueLimits)} reads; a {@link ConnectionSlot} marks where a connection is to be bound. */
    public static Object[] readArguments(byte[] bytes, ClassLoader bundleLoader, ValueLimits limits) {
        return arguments(read(bytes, bundleLoader, limits));
    }

    static byte[] write(Object value, ClassLoader loader, String label, Consumer<WireKryo> prepare) {
        TravelCheck.check(value, label, WRITE_DEPTH);
        return serialize(value, loader, prepare);
    }

    private static byte[] serialize(Object value, ClassLoader loader) {
        return serialize(value, loader, kryo -> {});
    }

    private static byte[] serialize(Object value, ClassLoader loader, Consumer<WireKryo> prepare) {
        return encode(value, loader, -1, kryo -> {
            prepare.accept(kryo);
            Output out = new Output(256, -1);
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        });
    }

    /** Runs {@code writing} with the thread's Kryo, turning whatever goes wrong into a {@link ValueException}. */
    private static <T> T encode(Object value, ClassLoader loader, int maxBytes, Function<WireKryo, T> writing) {
        WireKryo kryo = kryo(loader, ValueLimits.DEFAULT, false);
        try {
            return writing.apply(kryo);
        } catch (KryoBufferOverflowException e) {
            forget(kryo);
            throw new ValueTooLargeException(describe(value), maxBytes);
        } catch (ValueException e) {
            forget(kryo);
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            forget(kryo);
            throw new ValueException("cannot write " + describe(value) + ": " + causeOf(e), e);
        }
    }

    private static Object deserialize(byte[] bytes, ClassLoader loader, ValueLimits limits, boolean restricted) {
        if (bytes.length > limits.maxBytes()) {
            throw new ValueException("the value stream has " + bytes.length + " bytes, more than the limit of "
                    + limits.maxBytes());
        }
        if (bytes.length > 0 && bytes[0] == FlatValues.MARKER) {
            return FlatValues.read(bytes, limits);
        }
        BoundedInput in = new BoundedInput(bytes, limits);
        WireKryo kryo = kryo(loader, limits, restricted);
        try {
            Object value = kryo.readClassAndObject(in);
            if (in.position() != bytes.length) {
                throw new ValueException("corrupt value stream: " + (bytes.length - in.position())
                        + " unexpected bytes after the value");
            }
            return value;
        } catch (ValueException e) {
            forget(kryo);
            throw e;
        } catch (RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError e) {
            // Kryo signals a truncated or corrupt stream with whatever its serializers happen to throw.
            forget(kryo);
            throw new ValueException("cannot read the value stream (" + bytes.length + " bytes, stopped at byte "
                    + in.position() + "): " + causeOf(e), e);
        }
    }

    private static Object[] arguments(Object value) {
        if (!(value instanceof Object[] arguments) || value.getClass() != Object[].class) {
            throw new ValueException("the argument stream holds " + describe(value) + ", not an Object[]");
        }
        return arguments;
    }

    /** The thread's Kryo for this use, built on first use and kept while it is among the most recent. */
    static WireKryo kryo(ClassLoader loader, ValueLimits limits, boolean restricted) {
        return KRYO.get().kryo(loader, limits, restricted);
    }

    /** A Kryo that failed midway may hold half a graph's state: the next use builds a fresh one. */
    private static void forget(WireKryo kryo) {
        KRYO.get().forget(kryo);
    }

    /**
     * A thread's Kryo instances, the most recently used first. A server call uses two in turn (its arguments' and
     * its result's): the first two are never reordered, and a lookup allocates nothing (the server's C1 code would
     * allocate an iterator).
     */
    private static final class Recent {
        private final Cached[] kept = new Cached[KRYO_PER_THREAD];
        private int size;

        WireKryo kryo(ClassLoader loader, ValueLimits limits, boolean restricted) {
            for (int i = 0; i < size; i++) {
                Cached cached = kept[i];
                if (cached.fits(loader, limits, restricted)) {
                    if (i > 1) {
                        System.arraycopy(kept, 0, kept, 1, i);
                        kept[0] = cached;
                    }
                    return cached.kryo();
                }
            }
            Cached cached = new Cached(loader, limits, restricted, new WireKryo(loader, limits, restricted));
            System.arraycopy(kept, 0, kept, 1, Math.min(size, KRYO_PER_THREAD - 1));
            kept[0] = cached;
            size = Math.min(size + 1, KRYO_PER_THREAD);
            return cached.kryo();
        }

        void forget(WireKryo kryo) {
            for (int i = 0; i < size; i++) {
                if (kept[i].kryo() == kryo) {
                    System.arraycopy(kept, i + 1, kept, i, size - i - 1);
                    kept[--size] = null;
                    return;
                }
            }
        }
    }

    /** The innermost message worth showing: ours if there is one, else Kryo's (which carries its trace). */
    private static String causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ValueException) {
                return t.getMessage();
            }
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' ').trim());
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }
}
