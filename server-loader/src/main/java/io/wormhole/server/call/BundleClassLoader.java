package io.wormhole.server.call;

import io.wormhole.server.sandbox.Instrumenter;
import io.wormhole.wire.Bundle;
import java.util.Map;

/**
 * Defines a bundle's classes, each on first use, from the bytes the client shipped, with the budget and console
 * woven in. One per (bundle, role): classes and their static state are never shared between roles.
 */
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
        byte[] woven = Instrumenter.instrument(bytes);
        return defineClass(name, woven, 0, woven.length);
    }
}
