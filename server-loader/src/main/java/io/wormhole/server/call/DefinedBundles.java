package io.wormhole.server.call;

import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bundles this backend has defined, by hash and role, each with the allowlist version it was verified under;
 * the least recently used go first when there are too many.
 */
final class DefinedBundles {
    private static final int MAX = Integer.getInteger("wormhole.bundles.cached", 64);

    private record Held(BundleClassLoader loader, long allowlistVersion) {}

    private final Map<String, Held> loaders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > MAX;
        }
    };

    /** The last one found, checked first: a backend mostly runs one bundle's methods in a row. */
    private byte[] lastHash;
    private String lastScope;
    private BundleClassLoader last;

    BundleClassLoader find(byte[] hash, String scope) {
        if (last != null && Arrays.equals(hash, lastHash) && scope.equals(lastScope)) {
            return last;
        }
        Held held = loaders.get(Hex.of(hash) + "/" + scope);
        if (held == null) {
            return null;
        }
        lastHash = hash.clone();
        lastScope = scope;
        last = held.loader();
        return last;
    }

    /**
     * Defines {@code bundle} for {@code scope} (the role, and whether it is trusted) below {@code parent}, as
     * verified under allowlist version {@code allowlistVersion}, from its {@code woven} classes when they are known
     * ({@code null}: each is woven when it is first loaded).
     */
    BundleClassLoader define(Bundle bundle, String scope, ClassLoader parent, long allowlistVersion,
            Map<String, byte[]> woven) {
        last = null; // defining one may evict the least recently used
        return loaders.computeIfAbsent(bundle.hashHex() + "/" + scope,
                h -> new Held(new BundleClassLoader(bundle, parent, woven), allowlistVersion)).loader();
    }

    /** The hashes (hex) of the bundles held. */
    Set<String> hashes() {
        Set<String> hashes = new TreeSet<>();
        for (String key : loaders.keySet()) {
            hashes.add(key.substring(0, key.indexOf('/')));
        }
        return hashes;
    }

    /**
     * Drops every loader defined under another allowlist version than {@code allowlistVersion}, and every one
     * whose hash is not in {@code stillValid} (evicted, or rejected since): the next call finds and verifies its
     * bundle again, or learns that it is gone.
     */
    void retain(Set<String> stillValid, long allowlistVersion) {
        last = null;
        loaders.entrySet().removeIf(e -> e.getValue().allowlistVersion() != allowlistVersion
                || !stillValid.contains(e.getKey().substring(0, e.getKey().indexOf('/'))));
    }
}
