package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ExternalizableSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.IntMap;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The one Kryo configuration both ends share. Reading is either <em>open</em> (the client: any class its loader
 * knows) or <em>restricted</em> (the server: only classes the bundle's loader defined itself, the JDK value types
 * of {@link ValueTypes} and pgJDBC's of {@link PgJdbcValues}; a name is judged before any class is loaded for it).
 */
final class WireKryo extends Kryo {
    static final int CONNECTION_SLOT_ID = 20;
    static final int THROWABLE_ID = 21;
    /** The arguments' array: registered, so that no call writes or reads its name. */
    static final int OBJECT_ARRAY_ID = 22;

    WireKryo(ClassLoader loader, ValueLimits limits, boolean restricted) {
        super(new WireClassResolver(loader, restricted), new ValueReferences());
        setRegistrationRequired(false);
        setClassLoader(loader);
        setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        setMaxDepth(limits.maxDepth());
        BoundedSerializers.install(this);
        ThrowableTransport.install(this);
        register(ConnectionSlot.class, new DefaultSerializers.EnumSerializer(ConnectionSlot.class), CONNECTION_SLOT_ID);
        register(Object[].class, OBJECT_ARRAY_ID);
        // A stream starts with a class id plus 2, which must stay one byte below 0x80: FlatValues.MARKER is told
        // apart from Kryo's streams by that first byte.
        if (getNextRegistrationId() + 2 >= 0x80) {
            throw new IllegalStateException("registration ids reach " + getNextRegistrationId()
                    + ": a Kryo stream could start like a flat one");
        }
    }

    WireClassResolver classes() {
        return (WireClassResolver) getClassResolver();
    }

    /** Java serialization would bypass every check here: a class that asks for it through an annotation is refused. */
    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        Serializer serializer = super.getDefaultSerializer(type);
        if (serializer instanceof JavaSerializer || serializer instanceof ExternalizableSerializer) {
            throw new ValueException(type.getName() + " asks for Java serialization, which values never use");
        }
        return serializer;
    }

    /**
     * Shared references and cycles survive the trip, except for values whose identity no program can rely on: the
     * JDK's immutable values ({@link RecordValues#IMMUTABLE}) and flat records ({@link RecordValues#FLAT}) travel by
     * value, without an entry in the reference map each (Kryo already writes boxes and enums so). Strings stay
     * tracked here: Kryo writes an untracked string field one way through {@code sun.misc.Unsafe} (the server) and
     * another through reflection (the agent), so the two ends would disagree; a record's strings travel by value
     * anyway ({@link RecordValues}).
     */
    static final class ValueReferences extends MapReferenceResolver {
        /**
         * Asked for every object written and read, so answered once per class: a set's lookup would hash the class
         * each time, and Kryo's own answer asks {@code Class.isAssignableFrom}, a call into the JVM from the server's
         * C1 code.
         */
        private static final ClassValue<Boolean> USE_REFERENCES = new ClassValue<>() {
            private final MapReferenceResolver kryos = new MapReferenceResolver();

            @Override
            protected Boolean computeValue(Class<?> type) {
                return kryos.useReferences(type) && !(type != String.class && RecordValues.IMMUTABLE.contains(type)
                        || RecordValues.FLAT.get(type));
            }
        };

        @Override
        @SuppressWarnings("rawtypes")
        public boolean useReferences(Class type) {
            return USE_REFERENCES.get(type);
        }

        /**
         * A serializer that reads into a stand-in and returns another object built from it ({@code List.of}, a
         * copy-on-write list) registered the stand-in while reading its elements: a second reference to the value
         * then arrived as the stand-in, a modifiable {@code ArrayList}. The value built takes its place. The
         * stand-in was registered before its elements, so the search from the end passes only those.
         */
        static <T> T rebuilt(Kryo kryo, Object standIn, T built) {
            if (kryo.getReferenceResolver() instanceof ValueReferences references) {
                for (int i = references.readObjects.size() - 1; i >= 0; i--) {
                    if (references.readObjects.get(i) == standIn) {
                        references.readObjects.set(i, built);
                        break;
                    }
                }
            }
            return built;
        }
    }

    static final class WireClassResolver extends DefaultClassResolver {
        private static final int MAX_ARRAY_DIMENSIONS = 255;
        private final ClassLoader loader;
        private final boolean restricted;
        /**
         * Names resolved before, kept as long as this resolver (a loader answers a name with the same class every
         * time): a lookup through {@code Class.forName} costs more than the rest of reading a small value.
         */
        private final Map<String, Class<?>> resolved = new HashMap<>();
        private Class<?> lastWritten;
        private Class<?> lastTravelsAs;

        WireClassResolver(ClassLoader loader, boolean restricted) {
            this.loader = loader;
            this.restricted = restricted;
        }

        /**
         * Exceptions travel as a description whatever their class; a JDK collection or map that is not a value type
         * itself (a {@code keySet()}, a {@code subList}, a concurrent map) travels as a copy of a plain one.
         */
        @Override
        @SuppressWarnings("rawtypes")
        public Registration writeClass(Output output, Class type) {
            // The elements of a result are mostly of one class, and the server's C1 code makes each
            // isAssignableFrom of travelsAs a call into the JVM: the last answer is kept.
            if (type != lastWritten) {
                lastTravelsAs = travelsAs(type);
                lastWritten = type;
            }
            return super.writeClass(output, lastTravelsAs);
        }

        private static Class<?> travelsAs(Class<?> type) {
            if (type == null) {
                return null;
            }
            if (Throwable.class.isAssignableFrom(type)) {
                return ThrowableTransport.Remote.class;
            }
            if (!ValueTypes.isJdk(type) || ValueTypes.isJdkValueName(type.getName())
                    || ValueTypes.isJdkValueName(type.getSuperclass() == null ? "" : type.getSuperclass().getName())) {
                return type;
            }
            if (List.class.isAssignableFrom(type)) {
                return java.util.ArrayList.class;
            }
            if (Set.class.isAssignableFrom(type)) {
                return java.util.LinkedHashSet.class;
            }
            if (Collection.class.isAssignableFrom(type)) {
                return java.util.ArrayList.class;
            }
            if (Map.class.isAssignableFrom(type)) {
                return java.util.LinkedHashMap.class;
            }
            return type;
        }

        /** {@link DefaultClassResolver#readName} with the class looked up through {@link #resolve}. */
        @Override
        protected Registration readName(Input input) {
            int nameId = input.readVarInt(true);
            if (nameIdToClass == null) {
                nameIdToClass = new IntMap<>();
            }
            Class<?> type = nameIdToClass.get(nameId);
            if (type == null) {
                String name = input.readString();
                if (name == null || name.isEmpty()) {
                    throw new ValueException("corrupt value stream: an empty class name");
                }
                type = resolve(name);
                nameIdToClass.put(nameId, type);
            }
            return kryo.getRegistration(type);
        }

        /** The class for a name, or {@code null} when it is unknown here or may not be read. */
        Class<?> lookUp(String name) {
            try {
                return resolve(name);
            } catch (ValueException e) {
                return null;
            }
        }

        private Class<?> resolve(String name) {
            Class<?> known = resolved.get(name);
            if (known == null) {
                known = resolveNew(name);
                resolved.put(name, known);
            }
            return known;
        }

        private Class<?> resolveNew(String name) {
            if (name.startsWith("[")) {
                return arrayType(name);
            }
            if (!restricted) {
                return load(name, loader, WireKryo.class.getClassLoader());
            }
            if (ValueTypes.isJdkValueName(name)) {
                return load(name, ClassLoader.getPlatformClassLoader(), null);
            }
            if (PgJdbcValues.contains(name)) {
                // The server's own copy, the one its JDBC returns and the sandbox exposes.
                return load(name, WireKryo.class.getClassLoader(), null);
            }
            if (ValueTypes.isPlatformName(name) || name.startsWith(PgJdbcValues.PACKAGE_PREFIX) || loader == null) {
                throw new ValueException(name + " may not be read here: it is neither a value type nor a class of"
                        + " the bundle");
            }
            Class<?> type = load(name, loader, null);
            if (type.getClassLoader() != loader) {
                throw new ValueException(name + " may not be read here: it is not a class of the bundle");
            }
            return type;
        }

        private Class<?> arrayType(String name) {
            int dimensions = 0;
            while (dimensions < name.length() && name.charAt(dimensions) == '[') {
                dimensions++;
            }
            String element = name.substring(dimensions);
            if (dimensions > MAX_ARRAY_DIMENSIONS) {
                throw new ValueException("corrupt value stream: an array type of " + dimensions + " dimensions");
            }
            Class<?> type = switch (element) {
                case "Z" -> boolean.class;
                case "B" -> byte.class;
                case "C" -> char.class;
                case "S" -> short.class;
                case "I" -> int.class;
                case "J" -> long.class;
                case "F" -> float.class;
                case "D" -> double.class;
                default -> {
                    if (element.length() < 3 || element.charAt(0) != 'L' || !element.endsWith(";")) {
                        throw new ValueException("corrupt value stream: bad array type name " + name);
                    }
                    yield resolve(element.substring(1, element.length() - 1));
                }
            };
            for (int i = 0; i < dimensions; i++) {
                type = type.arrayType();
            }
            return type;
        }

        private static Class<?> load(String name, ClassLoader loader, ClassLoader fallback) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                if (fallback != null) {
                    return load(name, fallback, null);
                }
                throw new ValueException("class " + name + " is not known here");
            }
        }
    }
}
