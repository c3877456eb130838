package io.wormhole.server.call;

import io.wormhole.wire.Bundle;
import java.util.Map;

/** Defines a bundle's classes, each on first use, from the bytes the client shipped. */
final class BundleClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BundleClassLoader(Bundle bundle, ClassLoader parent) {
        super("wormhole-bundle-" + bundle.hashHex().substring(0, 12), parent);
        this.classes = bundle.classes();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                // The bundle's own classes win: the client shipped exactly these bytes.
                c = classes.containsKey(name) ? findClass(name) : super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
