package io.wormhole.agent.bundle;

import io.wormhole.wire.Bundle;

/**
 * Defines a bundle's classes the way the server does: nothing of the application's class path is visible, only the
 * JDK and the {@code io.wormhole} API.
 */
final class BundleClassLoader extends ClassLoader {
    private final Bundle bundle;

    BundleClassLoader(Bundle bundle) {
        super("bundle", ClassLoader.getPlatformClassLoader());
        this.bundle = bundle;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = bundle.classes().get(name);
                if (bytes != null) {
                    c = defineClass(name, bytes, 0, bytes.length);
                } else if (name.startsWith("io.wormhole.")) {
                    c = BundleClassLoader.class.getClassLoader().loadClass(name);
                } else {
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
