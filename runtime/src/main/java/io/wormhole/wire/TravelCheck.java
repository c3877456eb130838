package io.wormhole.wire;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Walks a value before it is written and refuses, with the path to it, anything that cannot travel: Kryo would
 * otherwise fail deep inside its own stack with a trace that names neither the argument nor the offending class, or
 * worse, write something the server cannot rebuild. It walks exactly what Kryo writes: the non-static, non-transient,
 * non-synthetic fields of application classes, the elements of arrays, collections and maps, and nothing inside the
 * JDK value types and pgJDBC's.
 *
 * <p>An application object that is also a JDK type of a package nothing from travels (a {@code javax.sql.DataSource},
 * a {@code java.net} or {@code java.util.logging} type) is refused at once, and so is a field declared with such a
 * type even when it holds {@code null}: the server's verifier would refuse its class, after the client had collected
 * and shipped whatever its code reaches (for a pool or a driver, thousands of classes).
 */
final class TravelCheck {
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final int maxDepth;
    private final Set<Class<?>> applicationClasses = new HashSet<>();

    private TravelCheck(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /**
     * JDK value classes that hold nothing the walk would visit (a {@code String}, an {@code Integer}, a
     * {@code BigDecimal}, a date): most arguments and results are one, and walking them costs more than writing them.
     */
    private static final ClassValue<Boolean> LEAF = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return PgJdbcValues.contains(type.getName()) || !type.isArray() && ValueTypes.isJdk(type) && !type.isEnum()
                    && type.getSuperclass() != Enum.class
                    && !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)
                    && type != Optional.class && !Throwable.class.isAssignableFrom(type)
                    && !java.sql.Connection.class.isAssignableFrom(type) && !type.isHidden() && !type.isSynthetic()
                    && !Proxy.isProxyClass(type) && ValueTypes.isJdkValueName(type.getName());
        }
    };

    /**
     * JDK packages whose types may stand for travelling values: the value types' own, and those of the interfaces
     * application values commonly implement. A type of any other package (javax.sql, java.net, java.util.logging,
     * java.util.concurrent executors...) is a service or a resource, which stays in the client.
     */
    private static final Set<String> VALUE_PACKAGES = Set.of("java.lang", "java.lang.annotation", "java.util",
            "java.util.function", "java.util.stream", "java.util.regex", "java.math", "java.time", "java.time.chrono",
            "java.time.format", "java.time.temporal", "java.text", "java.io", "java.sql", "java.nio");

    /** For a JDK type: whether an object of it, or a field declared with it, can be part of a travelling value. */
    private static final ClassValue<Boolean> VALUE_KIND = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return VALUE_PACKAGES.contains(type.getPackageName()) || Collection.class.isAssignableFrom(type)
                    || Map.class.isAssignableFrom(type) || ValueTypes.isJdkValueName(type.getName())
                    || type == java.util.concurrent.Callable.class;
        }
    };

    /** For an application class: the first JDK interface it has that no travelling value is, or {@code null}. */
    private static final ClassValue<Optional<Class<?>>> SERVICE_TYPE = new ClassValue<>() {
        @Override
        protected Optional<Class<?>> computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && !ValueTypes.isJdk(c); c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    Optional<Class<?>> found = ValueTypes.isJdk(i)
                            ? (VALUE_KIND.get(i) ? Optional.empty() : Optional.of(i)) : get(i);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }
    };

    /** Whether {@code value} travels as it is, with no walk: {@code null}, or a leaf JDK value. */
    static boolean travelsAsIs(Object value) {
        return value == null || LEAF.get(value.getClass());
    }

    /**
     * Throws a {@link ValueException} naming the path below {@code label} to the first value that cannot travel;
     * returns the classes of the application objects (and arrays of them) in the value, which the server needs too.
     */
    static Set<Class<?>> check(Object value, String label, int maxDepth) {
        if (travelsAsIs(value)) {
            return Set.of();
        }
        TravelCheck check = new TravelCheck(maxDepth);
        try {
            check.visit(value, new Path(null, label, -1), 0);
        } catch (StackOverflowError e) {
            throw new ValueException(label + " nests too deeply to travel");
        }
        return check.applicationClasses;
    }

    /**
     * A path as a chain of segments, rendered only when something fails: a value of a million elements must not
     * cost a million strings. A segment is a label (the root, or a field named by text, {@code index} appended when
     * it is one or more), a {@link Field}, an element {@code index} ({@code segment} null), or a map entry's key.
     */
    private record Path(Path parent, Object segment, int index) {
        private record Key(Object key) {}

        Path field(Object name) {
            return new Path(this, name, -1);
        }

        Path field(String name, int index) {
            return new Path(this, name, index);
        }

        Path element(int index) {
            return new Path(this, null, index);
        }

        Path entry(Object key, int index) {
            return new Path(this, new Key(key), index);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return String.valueOf(segment);
            }
            if (segment == null) {
                return parent + "[" + index + "]";
            }
            if (segment instanceof Key k) {
                return parent + "[" + keyLabel(k.key(), index) + "]";
            }
            if (segment instanceof Field f) {
                return parent + " -> " + simpleName(f.getDeclaringClass()) + "." + f.getName();
            }
            return parent + " -> " + segment + (index >= 0 ? Integer.toString(index) : "");
        }
    }

    /**
     * The fields of a class that Kryo writes and the walk visits (non-static, non-transient, non-synthetic, not
     * primitive), made accessible once; or the first one that cannot be read, and why.
     */
    private record OwnFields(Field[] fields, Field unreadable, String why) {}

    private static final ClassValue<OwnFields> OWN_FIELDS = new ClassValue<>() {
        @Override
        protected OwnFields computeValue(Class<?> c) {
            List<Field> fields = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic() || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                } catch (InaccessibleObjectException e) {
                    return new OwnFields(new Field[0], f, e.getMessage());
                }
                fields.add(f);
            }
            return new OwnFields(fields.toArray(new Field[0]), null, null);
        }
    };

    /**
     * Application classes whose instances the walk need not enter: every field Kryo writes is of a final leaf type
     * (a record of numbers, strings and dates, say), so an instance holds nothing to check and can be part of no
     * cycle. A list of a million such records then costs a million class lookups, not an identity map of millions.
     */
    private static final ClassValue<Boolean> FLAT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isArray() || ValueTypes.isJdk(type) || type.isEnum() || type.isHidden() || type.isSynthetic()
                    || Proxy.isProxyClass(type) || Throwable.class.isAssignableFrom(type)
                    || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
                    || java.sql.Connection.class.isAssignableFrom(type) || SERVICE_TYPE.get(type).isPresent()) {
                return false;
            }
            Class<?> c = type;
            for (; c != null && !ValueTypes.isJdk(c); c = c.getSuperclass()) {
                OwnFields own = OWN_FIELDS.get(c);
                if (own.unreadable() != null) {
                    return false;
                }
                for (Field f : own.fields()) {
                    if (!Modifier.isFinal(f.getType().getModifiers()) || !LEAF.get(f.getType())) {
                        return false;
                    }
                }
            }
            return c == Object.class || c == Record.class;
        }
    };

    private void visit(Object value, Path path, int depth) {
        if (value == null) {
            return;
        }
        Class<?> type = value.getClass();
        boolean leaf = LEAF.get(type);
        boolean flat = !leaf && FLAT.get(type);
        if (!leaf && !flat && seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (depth > maxDepth) {
            throw new ValueException(path + ": nests deeper than " + maxDepth + " levels, the most a value may");
        }
        if (leaf) {
            return;
        }
        if (flat) {
            applicationClasses.add(type);
            return;
        }
        // An enum constant with a body has a class of its own, but Kryo writes (and the server needs) its enum's.
        Class<?> base = value instanceof Enum<?> e ? e.getDeclaringClass() : type;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (!base.isPrimitive() && !ValueTypes.isJdk(base) && !PgJdbcValues.contains(base.getName())
                && !(value instanceof Throwable)) {
            applicationClasses.add(base);
        }
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                Object[] array = (Object[]) value;
                for (int i = 0; i < array.length; i++) {
                    visit(array[i], path.element(i), depth + 1);
                }
            }
            return;
        }
        if (PgJdbcValues.contains(type.getName())) {
            return; // pgJDBC's values hold strings, numbers and points: nothing the walk would refuse.
        }
        if (value instanceof Throwable) {
            return; // Exceptions travel as a description; fields that cannot travel are left behind.
        }
        if (value instanceof java.sql.Connection) {
            throw refused(path, type, "a java.sql.Connection travels only as a top-level argument, where it stands"
                    + " for the connection the call runs on");
        }
        if (type.isHidden() || (type.isSynthetic() && type.getName().indexOf('/') >= 0)) {
            throw refused(path, type, "it is a lambda or another generated class, which cannot travel; pass a"
                    + " record or an enum instead");
        }
        if (Proxy.isProxyClass(type)) {
            throw refused(path, type, "a proxy cannot travel");
        }
        if (value instanceof Collection<?> c) {
            comparatorOf(value, path, depth);
            int i = 0;
            for (Object element : c) {
                visit(element, path.element(i++), depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            comparatorOf(value, path, depth);
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                visit(e.getKey(), path.field("key #", i), depth + 1);
                visit(e.getValue(), path.entry(e.getKey(), i), depth + 1);
                i++;
            }
            return;
        }
        if (ValueTypes.isJdk(type)) {
            Class<?> named = value instanceof Enum<?> e ? e.getDeclaringClass() : type;
            if (!ValueTypes.isJdkValueName(named.getName())) {
                throw refused(path, type, notAValue(type));
            }
            if (value instanceof Optional<?> o) {
                visit(o.orElse(null), path.field("value"), depth + 1);
            }
            return;
        }
        if (value instanceof Enum<?>) {
            return;
        }
        Optional<Class<?>> service = SERVICE_TYPE.get(type);
        if (service.isPresent()) {
            throw refused(path, type, "it is a " + service.get().getName() + ", and services " + STAYS);
        }
        fields(value, type, path, depth);
    }

    /** Why a type of the JDK that is no value cannot travel, and what to send instead. */
    static String notAValue(Class<?> type) {
        String lazy = lazyResult(type);
        if (lazy != null) {
            return lazy;
        }
        if (java.time.Clock.class.isAssignableFrom(type)) {
            return "a clock reads the time of the machine it runs on: pass the Instant or the ZoneId the method needs";
        }
        return "of the JDK's classes only values travel: strings, numbers, java.math, java.time values, collections"
                + " and maps, Optional, UUID and the java.sql dates";
    }

    /**
     * Why a result of {@code type} can never travel (read lazily where it was made, or bound to the server's
     * connection); else null.
     */
    static String lazyResult(Class<?> type) {
        if (java.util.stream.BaseStream.class.isAssignableFrom(type) || java.util.Iterator.class.isAssignableFrom(type)
                || java.util.Spliterator.class.isAssignableFrom(type)) {
            return "a stream or an iterator is read where it was made, one element at a time: collect it into a List";
        }
        if (java.sql.ResultSet.class.isAssignableFrom(type) || java.sql.Statement.class.isAssignableFrom(type)
                || java.sql.Connection.class.isAssignableFrom(type)) {
            return "it belongs to the server's connection, which stays there: copy the rows into a List of records";
        }
        return null;
    }

    private void comparatorOf(Object sorted, Path path, int depth) {
        Object comparator = sorted instanceof SortedSet<?> s ? s.comparator()
                : sorted instanceof SortedMap<?, ?> m ? m.comparator() : null;
        visit(comparator, path.field("comparator"), depth + 1);
    }

    private void fields(Object value, Class<?> type, Path path, int depth) {
        Class<?> c = type;
        for (; c != null && !ValueTypes.isJdk(c); c = c.getSuperclass()) {
            OwnFields own = OWN_FIELDS.get(c);
            if (own.unreadable() != null) {
                throw refused(path.field(own.unreadable()), own.unreadable().getType(),
                        "its field cannot be read: " + own.why());
            }
            for (Field f : own.fields()) {
                Class<?> declared = f.getType();
                while (declared.isArray()) {
                    declared = declared.getComponentType();
                }
                if (ValueTypes.isJdk(declared) && !declared.isPrimitive() && !VALUE_KIND.get(declared)) {
                    throw new ValueException(path.field(f) + ": a field of type " + f.getType().getTypeName()
                            + " cannot travel (" + declared.getPackageName() + " types " + STAYS + ")");
                }
                Object fieldValue;
                try {
                    fieldValue = f.get(value);
                } catch (IllegalAccessException e) {
                    throw refused(path.field(f), f.getType(), "its field cannot be read: " + e.getMessage());
                }
                visit(fieldValue, path.field(f), depth + 1);
            }
        }
        if (c != null && c != Object.class && c != Record.class) {
            throw refused(path, type, "it extends " + c.getName() + ", whose state cannot travel");
        }
    }

    private static String keyLabel(Object key, int index) {
        if (key instanceof String s) {
            return '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"';
        }
        if (key instanceof Number || key instanceof Enum<?> || key instanceof Character || key instanceof Boolean) {
            return String.valueOf(key);
        }
        return "#" + index;
    }

    private static String simpleName(Class<?> c) {
        String simple = c.getSimpleName();
        return simple.isEmpty() ? c.getName() : simple;
    }

    /**
     * How to keep such a field out of the call. {@code transient} only suits a field the method never reads: it is
     * null on the server (helper-26 followed the old advice for a logger the method used, and met a
     * {@code NullPointerException} there).
     */
    private static final String STAYS = "stay in the client: make the @Remote method static, or the field static (the"
            + " server then has its own; a logger is looked up again there), or transient if the method never uses it"
            + " (it is null on the server)";

    private static ValueException refused(Path path, Class<?> type, String why) {
        return new ValueException(path + ": " + type.getName() + " cannot travel" + (why == null ? "" : " (" + why + ")"));
    }
}
