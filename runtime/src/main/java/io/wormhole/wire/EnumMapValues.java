package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code EnumMap}: its key type, then each entry as the key's ordinal and the value. An {@code EnumMap} must be made
 * with its key type, which an empty one keeps in a private field of {@code java.util}; the JDK's serialization writes
 * that field's class, and tells a subclass of {@link ObjectOutputStream} about every class it describes
 * ({@link KeyType}), so the type is learned through public API and nothing of the map's content runs.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumMapValues extends Serializer<EnumMap> {

    @Override
    public void write(Kryo kryo, Output out, EnumMap map) {
        kryo.writeClass(out, keyType(map));
        out.writeVarInt(map.size(), true);
        for (Map.Entry<?, ?> e : ((EnumMap<?, ?>) map).entrySet()) {
            out.writeVarInt(((Enum<?>) e.getKey()).ordinal(), true);
            kryo.writeClassAndObject(out, e.getValue());
        }
    }

    @Override
    public EnumMap read(Kryo kryo, Input in, Class<? extends EnumMap> type) {
        Registration key = kryo.readClass(in);
        if (key == null || !key.getType().isEnum()) {
            throw new ValueException("corrupt value stream: an EnumMap's key type is "
                    + (key == null ? "missing" : key.getType().getName() + ", not an enum"));
        }
        int size = in.readVarInt(true);
        BoundedInput.claimContainer(in, size, "an EnumMap");
        Object[] constants = key.getType().getEnumConstants();
        EnumMap map = new EnumMap(key.getType());
        kryo.reference(map);
        for (int i = 0; i < size; i++) {
            int ordinal = in.readVarInt(true);
            if (ordinal < 0 || ordinal >= constants.length) {
                throw new ValueException("corrupt value stream: an EnumMap's key " + ordinal + " is not a constant of "
                        + key.getType().getName());
            }
            map.put((Enum) constants[ordinal], kryo.readClassAndObject(in));
        }
        return map;
    }

    private static Class<?> keyType(EnumMap<?, ?> map) {
        if (!map.isEmpty()) {
            return map.keySet().iterator().next().getDeclaringClass();
        }
        try (KeyType probe = new KeyType()) {
            probe.writeObject(map);
            return probe.keyType;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes nowhere, and keeps the first enum class it describes: an empty {@code EnumMap}'s key type. */
    private static final class KeyType extends ObjectOutputStream {
        Class<?> keyType;

        KeyType() throws IOException {
            super(OutputStream.nullOutputStream());
        }

        @Override
        protected void annotateClass(Class<?> described) {
            if (keyType == null && described.isEnum()) {
                keyType = described;
            }
        }
    }
}
