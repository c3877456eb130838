package io.wormhole.server.call;

import io.wormhole.server.sandbox.Instrumenter;
import io.wormhole.wire.Bundle;
import java.util.Map;

/**
 * Defines a bundle's classes, each on first use, from the bytes the client shipped, with the budget and console
 * woven in (woven when the bundle was stored, or now). One per (bundle, role): classes and their static state are
 * never shared between roles.
 */
final class BundleClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;
    private final Map<String, byte[]> woven;

    /** {@code woven}: the classes as stored already instrumented, by name, or {@code null} to weave each here. */
    BundleClassLoader(Bundle bundle, ClassLoader parent, Map<String, byte[]> woven) {
        super("wormhole-bundle-" + bundle.hashHex().substring(0, 12), parent);
        this.classes = bundle.classes();
        this.woven = woven == null ? Map.of() : woven;
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
        byte[] defined = woven.get(name);
        if (defined == null) {
            defined = Instrumenter.instrument(bytes);
        }
        return defineClass(name, defined, 0, defined.length);
    }
}
