package io.wormhole.server.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's classes as the sandbox defines them, woven once when the verifier accepts the bundle and stored with it,
 * so that other backends define them without running the {@link Instrumenter}. Stored woven classes are only as good
 * as the code that wove them: {@link #identity()} names that code, and woven classes of another identity are woven
 * again.
 */
public final class Weaving {
    /** The classes whose bytes decide what woven code is and what it calls. */
    private static final List<Class<?>> WEAVERS = List.of(Instrumenter.class, RegexRoutes.class, Budget.class,
            Console.class, PollingText.class, NoticeLoggers.class);

    private static String identity;

    private Weaving() {}

    /** A digest of the weaving code in this loader: equal identities weave equal bytes. */
    public static synchronized String identity() {
        if (identity == null) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (Class<?> weaver : WEAVERS) {
                    try (InputStream in = weaver.getResourceAsStream(weaver.getSimpleName() + ".class")) {
                        digest.update(in.readAllBytes());
                    }
                }
                identity = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the weaving code's classes", e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return identity;
    }

    /**
     * Every class instrumented, by name; {@code null} when one of them cannot be (ASM cannot read or write it): that
     * class then fails when it is defined, with the error {@link Instrumenter#instrument} gives, as it would have
     * without stored weaving.
     */
    public static Map<String, byte[]> weaveAll(Map<String, byte[]> classes) {
        Map<String, byte[]> woven = new LinkedHashMap<>();
        try {
            classes.forEach((name, bytes) -> woven.put(name, Instrumenter.instrument(bytes)));
        } catch (ClassFormatError e) {
            return null;
        }
        return woven;
    }
}
