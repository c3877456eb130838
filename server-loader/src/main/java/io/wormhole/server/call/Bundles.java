package io.wormhole.server.call;

import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bundles this backend has defined, by hash and role; the least recently used go first when there are too
 * many.
 */
final class Bundles {
    private static final int MAX = Integer.getInteger("wormhole.bundles.cached", 64);

    private final Map<String, BundleClassLoader> loaders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BundleClassLoader> eldest) {
            return size() > MAX;
        }
    };

    BundleClassLoader find(byte[] hash, String scope) {
        return loaders.get(Hex.of(hash) + "/" + scope);
    }

    /** Defines {@code bundle} for {@code scope} (the role, and whether it is trusted) below {@code parent}. */
    BundleClassLoader define(Bundle bundle, String scope, ClassLoader parent) {
        return loaders.computeIfAbsent(bundle.hashHex() + "/" + scope, h -> new BundleClassLoader(bundle, parent));
    }
}
