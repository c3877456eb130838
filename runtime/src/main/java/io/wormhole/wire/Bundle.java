package io.wormhole.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes shipped for one {@code @Remote} method: binary class names (with dots) mapped to their class-file
 * bytes. Its identity is the SHA-256 over the entries in name order, each as (name length, name, bytes length,
 * bytes), so the same classes always give the same hash whatever order they were collected in. It is computed when
 * first asked for: a backend defining stored woven classes never needs one, and starting the JDK's digests cost its
 * cold start about 15 ms.
 */
public final class Bundle {
    private final Map<String, byte[]> classes;
    private volatile byte[] hash;
    private volatile String hashHex;

    public Bundle(Map<String, byte[]> classes) {
        TreeMap<String, byte[]> sorted = new TreeMap<>();
        classes.forEach((name, bytes) -> sorted.put(name, bytes.clone()));
        this.classes = Collections.unmodifiableMap(sorted);
    }

    /** Class name to class-file bytes, in name order. The arrays must not be modified. */
    public Map<String, byte[]> classes() {
        return classes;
    }

    public byte[] hash() {
        return hashBytes().clone();
    }

    public String hashHex() {
        String h = hashHex;
        if (h == null) {
            hashHex = h = Hex.of(hashBytes());
        }
        return h;
    }

    private byte[] hashBytes() {
        byte[] h = hash;
        if (h == null) {
            hash = h = hashOf(classes);
        }
        return h;
    }

    public int totalBytes() {
        return classes.values().stream().mapToInt(b -> b.length).sum();
    }

    /** The classes in the layout of a request's inline bundle: u32 count, then per class name, u32 size, bytes. */
    public byte[] toBytes() {
        FrameWriter w = new FrameWriter(totalBytes() + 64 * classes.size() + 4);
        write(w);
        return w.toByteArray();
    }

    /**
     * Reads the classes a store kept under {@code hash} (in {@link #toBytes()}'s layout), taking that hash as theirs
     * without computing it: the store computed it when it took them in.
     */
    public static Bundle stored(byte[] bytes, byte[] hash) {
        Bundle b = fromBytes(bytes);
        b.hash = hash.clone();
        return b;
    }

    /** Reads what {@link #toBytes()} wrote; a malformed input is a {@link WireFormatException}. */
    public static Bundle fromBytes(byte[] bytes) {
        FrameReader r = new FrameReader(bytes);
        Bundle b = read(r);
        if (!r.atEnd()) {
            throw new WireFormatException("unexpected bytes after the bundle");
        }
        return b;
    }

    void write(FrameWriter w) {
        w.u32(classes.size());
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            w.utf8(e.getKey()).u32(e.getValue().length).bytes(e.getValue());
        }
    }

    static Bundle read(FrameReader r) {
        int count = r.u32("class count", Request.MAX_CLASSES);
        Map<String, byte[]> read = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = r.utf8("class name");
            byte[] bytes = r.bytes(r.u32("size of class " + name, Request.MAX_CLASS_BYTES), "bytes of class " + name);
            if (read.put(name, bytes) != null) {
                throw new WireFormatException("class " + name + " appears twice in the bundle");
            }
        }
        return new Bundle(read);
    }

    private static byte[] hashOf(Map<String, byte[]> sorted) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            sha.update(int32(name.length));
            sha.update(name);
            sha.update(int32(e.getValue().length));
            sha.update(e.getValue());
        }
        return sha.digest();
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
