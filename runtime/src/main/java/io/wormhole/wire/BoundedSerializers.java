package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.BooleanArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsEmptyListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsEmptyMapSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsEmptySetSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsSingletonListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsSingletonMapSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.CollectionsSingletonSetSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BiFunction;

/**
 * Kryo's container serializers with their sizes checked (see {@link BoundedInput}) before they allocate, plus the
 * few JDK value types Kryo does not handle itself. The wire format of each is Kryo's own, except for records
 * ({@link RecordValues}).
 */
final class BoundedSerializers {
    private BoundedSerializers() {}

    static void install(Kryo kryo) {
        // First match wins, so the specific types come before Collection and Map.
        kryo.addDefaultSerializer(Timestamp.class, new TimestampSerializer());
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(Record.class, new SerializerFactory.BaseSerializerFactory<>() {
            @Override
            @SuppressWarnings("rawtypes")
            public Serializer newSerializer(Kryo k, Class type) {
                return new RecordValues(k, type);
            }
        });
        kryo.addDefaultSerializer(Collections.reverseOrder().getClass(), new ReverseOrderSerializer());
        kryo.addDefaultSerializer(boolean[].class, lengthChecked((k, type) -> new BooleanArraySerializer()));
        kryo.addDefaultSerializer(String[].class, lengthChecked((k, type) -> new StringArraySerializer()));
        kryo.addDefaultSerializer(Object[].class, lengthChecked(ObjectArraySerializer::new));
        kryo.addDefaultSerializer(TreeSet.class, BoundedTreeSet.class);
        kryo.addDefaultSerializer(TreeMap.class, BoundedTreeMap.class);
        kryo.addDefaultSerializer(java.util.Arrays.asList().getClass(), BoundedArraysAsList.class);
        ImmutableList list = new ImmutableList();
        for (Class<?> type : List.of(List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
                List.of(1, 2, 3).subList(0, 2).getClass())) {
            kryo.addDefaultSerializer(type, list);
        }
        ImmutableSet set = new ImmutableSet();
        for (Class<?> type : List.of(Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass())) {
            kryo.addDefaultSerializer(type, set);
        }
        ImmutableMap map = new ImmutableMap();
        for (Class<?> type : List.of(Map.of().getClass(), Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass())) {
            kryo.addDefaultSerializer(type, map);
        }
        for (ValueTypes.Unmodifiable u : ValueTypes.Unmodifiable.values()) {
            kryo.addDefaultSerializer(u.type, new UnmodifiableSerializer(u));
        }
        kryo.addDefaultSerializer(java.util.EnumMap.class, new EnumMapValues());
        kryo.addDefaultSerializer(ConcurrentSkipListMap.class, BoundedSkipListMap.class);
        kryo.addDefaultSerializer(ConcurrentSkipListSet.class, BoundedSkipListSet.class);
        CopyOnWrite copyOnWrite = new CopyOnWrite();
        kryo.addDefaultSerializer(java.util.concurrent.CopyOnWriteArrayList.class, copyOnWrite);
        kryo.addDefaultSerializer(java.util.concurrent.CopyOnWriteArraySet.class, copyOnWrite);
        // Kryo's own serializers for these allocate nothing from a claimed size; they must win over the fallbacks.
        kryo.addDefaultSerializer(EnumSet.class, DefaultSerializers.EnumSetSerializer.class);
        kryo.addDefaultSerializer(Collections.emptyList().getClass(), CollectionsEmptyListSerializer.class);
        kryo.addDefaultSerializer(Collections.emptySet().getClass(), CollectionsEmptySetSerializer.class);
        kryo.addDefaultSerializer(Collections.emptyMap().getClass(), CollectionsEmptyMapSerializer.class);
        kryo.addDefaultSerializer(Collections.singletonList(1).getClass(), CollectionsSingletonListSerializer.class);
        kryo.addDefaultSerializer(Collections.singleton(1).getClass(), CollectionsSingletonSetSerializer.class);
        kryo.addDefaultSerializer(Collections.singletonMap(1, 1).getClass(), CollectionsSingletonMapSerializer.class);
        kryo.addDefaultSerializer(Collection.class, BoundedCollection.class);
        kryo.addDefaultSerializer(Map.class, BoundedMap.class);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SerializerFactory<Serializer> lengthChecked(BiFunction<Kryo, Class, Serializer> arrays) {
        return new SerializerFactory.BaseSerializerFactory<>() {
            @Override
            public Serializer newSerializer(Kryo kryo, Class type) {
                return new LengthChecked<>(arrays.apply(kryo, type));
            }
        };
    }

    /**
     * An array serializer whose stream starts with the length (plus one, zero meaning null) and which allocates the
     * array directly rather than through the input: the length is peeked at and checked first.
     */
    static final class LengthChecked<T> extends Serializer<T> {
        private final Serializer<T> arrays;

        LengthChecked(Serializer<T> arrays) {
            super(arrays.getAcceptsNull(), arrays.isImmutable());
            this.arrays = arrays;
        }

        @Override
        public void write(Kryo kryo, Output output, T array) {
            arrays.write(kryo, output, array);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            int start = input.position();
            int length = input.readVarInt(true);
            input.setPosition(start);
            if (length > 1) {
                BoundedInput.claimContainer(input, length - 1, "an array of ", type.getComponentType());
            }
            return arrays.read(kryo, input, type);
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedCollection extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            BoundedInput.claimContainer(input, size, "a ", type);
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedMap extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            BoundedInput.claimContainer(input, size, "a ", type);
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedTreeSet extends DefaultSerializers.TreeSetSerializer {
        @Override
        protected TreeSet create(Kryo kryo, Input input, Class<? extends TreeSet> type, int size) {
            BoundedInput.claimContainer(input, size, "a TreeSet");
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedTreeMap extends DefaultSerializers.TreeMapSerializer {
        @Override
        protected TreeMap create(Kryo kryo, Input input, Class<? extends TreeMap> type, int size) {
            BoundedInput.claimContainer(input, size, "a TreeMap");
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedSkipListMap extends DefaultSerializers.ConcurrentSkipListMapSerializer {
        @Override
        protected ConcurrentSkipListMap create(Kryo kryo, Input input, Class<? extends ConcurrentSkipListMap> type,
                int size) {
            BoundedInput.claimContainer(input, size, "a ConcurrentSkipListMap");
            return super.create(kryo, input, type, size);
        }
    }

    /** Kryo has none: the comparator first, as Kryo writes a {@code TreeSet}'s. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static class BoundedSkipListSet extends CollectionSerializer<ConcurrentSkipListSet> {
        @Override
        protected void writeHeader(Kryo kryo, Output output, ConcurrentSkipListSet set) {
            kryo.writeClassAndObject(output, set.comparator());
        }

        @Override
        protected ConcurrentSkipListSet create(Kryo kryo, Input input, Class<? extends ConcurrentSkipListSet> type,
                int size) {
            BoundedInput.claimContainer(input, size, "a ConcurrentSkipListSet");
            return new ConcurrentSkipListSet((Comparator) kryo.readClassAndObject(input));
        }
    }

    @SuppressWarnings("rawtypes")
    public static class BoundedArraysAsList extends DefaultSerializers.ArraysAsListSerializer {
        @Override
        protected List create(Kryo kryo, Input input, Class type, int size) {
            BoundedInput.claimContainer(input, size, "a list");
            return super.create(kryo, input, type, size);
        }
    }

    /** {@code List.of(...)}: read into a list, then made immutable again. */
    static final class ImmutableList extends CollectionSerializer<List<Object>> {
        ImmutableList() {
            setElementsCanBeNull(false);
        }

        @Override
        protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
            BoundedInput.claimContainer(input, size, "an immutable list");
            return new ArrayList<>(size);
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            List<Object> list = super.read(kryo, input, type);
            return list == null ? null : WireKryo.ValueReferences.rebuilt(kryo, list, List.copyOf(list));
        }
    }

    /**
     * {@code CopyOnWriteArrayList} and {@code CopyOnWriteArraySet}: read into a list, then copied once; adding the
     * elements one by one would copy the whole array for each (a million elements: a million copies).
     */
    static final class CopyOnWrite extends CollectionSerializer<Collection<Object>> {
        @Override
        protected Collection<Object> create(Kryo kryo, Input input, Class<? extends Collection<Object>> type,
                int size) {
            BoundedInput.claimContainer(input, size, "a ", type);
            return new ArrayList<>(size);
        }

        @Override
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            Collection<Object> read = super.read(kryo, input, type);
            if (read == null) {
                return null;
            }
            return WireKryo.ValueReferences.rebuilt(kryo, read,
                    java.util.concurrent.CopyOnWriteArraySet.class.isAssignableFrom(type)
                            ? new java.util.concurrent.CopyOnWriteArraySet<>(read)
                            : new java.util.concurrent.CopyOnWriteArrayList<>(read));
        }
    }

    /** {@code Set.of(...)}: read into a set, then made immutable again. */
    static final class ImmutableSet extends CollectionSerializer<Set<Object>> {
        ImmutableSet() {
            setElementsCanBeNull(false);
        }

        @Override
        protected Set<Object> create(Kryo kryo, Input input, Class<? extends Set<Object>> type, int size) {
            BoundedInput.claimContainer(input, size, "an immutable set");
            return new java.util.LinkedHashSet<>();
        }

        @Override
        public Set<Object> read(Kryo kryo, Input input, Class<? extends Set<Object>> type) {
            Set<Object> set = super.read(kryo, input, type);
            return set == null ? null : WireKryo.ValueReferences.rebuilt(kryo, set, Set.of(set.toArray()));
        }
    }

    static final class ImmutableMap extends MapSerializer<Map<Object, Object>> {
        ImmutableMap() {
            setKeysCanBeNull(false);
            setValuesCanBeNull(false);
        }

        @Override
        protected Map<Object, Object> create(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type,
                int size) {
            BoundedInput.claimContainer(input, size, "an immutable map");
            return new HashMap<>();
        }

        @Override
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            Map<Object, Object> map = super.read(kryo, input, type);
            return map == null ? null : WireKryo.ValueReferences.rebuilt(kryo, map, Map.copyOf(map));
        }
    }

    /**
     * {@code Collections.unmodifiable*}: the content travels as a modifiable copy (a sorted one keeps its
     * comparator) and is wrapped again on arrival.
     */
    static final class UnmodifiableSerializer extends Serializer<Object> {
        private final ValueTypes.Unmodifiable kind;

        UnmodifiableSerializer(ValueTypes.Unmodifiable kind) {
            this.kind = kind;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void write(Kryo kryo, Output output, Object view) {
            Object content = switch (kind) {
                case SORTED_SET, NAVIGABLE_SET -> new TreeSet<>((SortedSet) view);
                case SORTED_MAP, NAVIGABLE_MAP -> new TreeMap<>((SortedMap) view);
                default -> {
                    Object copy = kind.newContent();
                    if (copy instanceof Map m) {
                        m.putAll((Map) view);
                    } else {
                        ((Collection) copy).addAll((Collection) view);
                    }
                    yield copy;
                }
            };
            kryo.writeClassAndObject(output, content);
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            Object content = kryo.readClassAndObject(input);
            Class<?> expected = kind.newContent().getClass();
            if (content == null || content.getClass() != expected) {
                throw new ValueException("corrupt value stream: an unmodifiable view holds a "
                        + (content == null ? "null" : content.getClass().getName()) + ", not a " + expected.getName());
            }
            return kind.wrap(content);
        }
    }

    /** Kryo's date serializer keeps milliseconds only; a timestamp also carries nanoseconds. */
    static final class TimestampSerializer extends Serializer<Timestamp> {
        @Override
        public void write(Kryo kryo, Output output, Timestamp t) {
            output.writeVarLong(t.getTime(), false);
            output.writeVarInt(t.getNanos(), true);
        }

        @Override
        public Timestamp read(Kryo kryo, Input input, Class<? extends Timestamp> type) {
            Timestamp t = new Timestamp(input.readVarLong(false));
            t.setNanos(input.readVarInt(true));
            return t;
        }
    }

    /** {@code Collections.reverseOrder()}: a stateless singleton, so nothing but its class travels. */
    static final class ReverseOrderSerializer extends Serializer<Comparator<?>> {
        ReverseOrderSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Comparator<?> comparator) {}

        @Override
        public Comparator<?> read(Kryo kryo, Input input, Class<? extends Comparator<?>> type) {
            return Collections.reverseOrder();
        }
    }
}
