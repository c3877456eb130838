package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records as their components in declaration order, read back through the canonical constructor (so a compact
 * constructor's checks run on arrival). Kryo's own record serializer reads each component through
 * {@code Method.invoke}, boxing primitives into a fresh array per record, and gives every string its own entry in the
 * reference map: for a list of a million small records, most of the time the server spent encoding. Here a component
 * is read from its field through a {@link VarHandle} (a reflective {@code Field.get} checks the receiver's class with
 * {@code Class.isAssignableFrom}, a call into the JVM from the server's C1 code, three times per row of three
 * components), a primitive is written as Kryo writes it (variable-length for {@code int} and
 * {@code long}), a {@code String} as Kryo writes a string (it encodes {@code null} itself), and anything else is
 * written by Kryo as its declared type asks (with its class when the type is not final).
 *
 * <p>A record whose components are all {@linkplain #IMMUTABLE immutable values} (primitives, boxes, strings, enums,
 * numbers, dates) is <em>flat</em>: it can be part of no cycle, and it travels by value, without a reference (see
 * {@link WireKryo.ValueReferences}). Two references to one such record arrive as two equal records.
 */
final class RecordValues extends Serializer<Record> {
    /**
     * JDK values whose identity no program can rely on (they are immutable and compared with {@code equals}): they
     * travel by value, without an entry in the reference map each.
     */
    static final Set<Class<?>> IMMUTABLE = Set.of(String.class, BigDecimal.class, BigInteger.class, UUID.class,
            Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetTime.class,
            OffsetDateTime.class, ZonedDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class,
            MonthDay.class, Boolean.class, Byte.class, Character.class, Short.class, Integer.class, Long.class,
            Float.class, Double.class);

    /** Records that travel by value: every component primitive, an immutable JDK value or an enum. */
    static final ClassValue<Boolean> FLAT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return false;
            }
            for (RecordComponent c : type.getRecordComponents()) {
                Class<?> t = c.getType();
                if (!t.isPrimitive() && !IMMUTABLE.contains(t) && !t.isEnum()) {
                    return false;
                }
            }
            return true;
        }
    };

    private enum Kind { BOOLEAN, BYTE, CHAR, SHORT, INT, LONG, FLOAT, DOUBLE, STRING, DECLARED, ANY }

    /** The component types written by a call of their own rather than through Kryo's registration. */
    private static final Map<Class<?>, Kind> OWN_KINDS = Map.of(boolean.class, Kind.BOOLEAN, byte.class, Kind.BYTE,
            char.class, Kind.CHAR, short.class, Kind.SHORT, int.class, Kind.INT, long.class, Kind.LONG,
            float.class, Kind.FLOAT, double.class, Kind.DOUBLE, String.class, Kind.STRING);

    private record Component(String name, VarHandle field, Class<?> type, Kind kind) {}

    private final Class<?> type;
    private final Component[] components;
    private final Constructor<?> constructor;

    RecordValues(Kryo kryo, Class<?> type) {
        super(false, true);
        this.type = type;
        RecordComponent[] declared = type.getRecordComponents();
        components = new Component[declared.length];
        Class<?>[] types = new Class<?>[declared.length];
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            for (int i = 0; i < declared.length; i++) {
                Class<?> t = declared[i].getType();
                Field field = type.getDeclaredField(declared[i].getName());
                components[i] = new Component(field.getName(), lookup.unreflectVarHandle(field), t, kindOf(kryo, t));
                types[i] = t;
            }
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("the record " + type.getName() + " cannot travel: " + e, e);
        }
    }

    private static Kind kindOf(Kryo kryo, Class<?> t) {
        Kind own = OWN_KINDS.get(t);
        return own != null ? own : kryo.isFinal(t) ? Kind.DECLARED : Kind.ANY;
    }

    @Override
    public void write(Kryo kryo, Output out, Record record) {
        Object r = record;
        for (Component c : components) {
            VarHandle f = c.field();
            switch (c.kind()) {
                case BOOLEAN -> out.writeBoolean((boolean) f.get(r));
                case BYTE -> out.writeByte((byte) f.get(r));
                case CHAR -> out.writeChar((char) f.get(r));
                case SHORT -> out.writeShort((short) f.get(r));
                case INT -> out.writeVarInt((int) f.get(r), false);
                case LONG -> out.writeVarLong((long) f.get(r), false);
                case FLOAT -> out.writeFloat((float) f.get(r));
                case DOUBLE -> out.writeDouble((double) f.get(r));
                case STRING -> out.writeString((String) f.get(r));
                case DECLARED -> kryo.writeObjectOrNull(out, f.get(r), c.type());
                case ANY -> kryo.writeClassAndObject(out, f.get(r));
            }
        }
    }

    @Override
    public Record read(Kryo kryo, Input in, Class<? extends Record> requested) {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Component c = components[i];
            values[i] = switch (c.kind()) {
                case BOOLEAN -> in.readBoolean();
                case BYTE -> in.readByte();
                case CHAR -> in.readChar();
                case SHORT -> in.readShort();
                case INT -> in.readVarInt(false);
                case LONG -> in.readVarLong(false);
                case FLOAT -> in.readFloat();
                case DOUBLE -> in.readDouble();
                case STRING -> in.readString();
                case DECLARED -> kryo.readObjectOrNull(in, c.type());
                case ANY -> checked(c, kryo.readClassAndObject(in));
            };
        }
        try {
            return (Record) constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new ValueException("the record " + type.getName() + " refused its components: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new ValueException("cannot rebuild the record " + type.getName() + ": " + e, e);
        }
    }

    /** A component read with its class must be of the component's type: a stream may claim anything. */
    private Object checked(Component c, Object value) {
        if (value != null && !c.type().isInstance(value)) {
            throw new ValueException("corrupt value stream: the component " + c.name() + " of "
                    + type.getName() + " holds a " + value.getClass().getName() + ", not a " + c.type().getName());
        }
        return value;
    }
}
