package io.wormhole.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Arguments and results as Kryo bytes. One Kryo per thread and class loader: Kryo instances are not thread-safe
 * and resolve class names against the loader of the bundle being called.
 */
public final class Values {
    private Values() {}

    static Kryo newKryo(ClassLoader loader) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(loader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        return kryo;
    }

    public static byte[] write(Object value, ClassLoader loader) {
        Kryo kryo = newKryo(loader);
        try (Output out = new Output(256, -1)) {
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        }
    }

    public static Object read(byte[] bytes, ClassLoader loader) {
        Kryo kryo = newKryo(loader);
        try (Input in = new Input(bytes)) {
            return kryo.readClassAndObject(in);
        }
    }
}
