package io.wormhole.server.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bundle's classes as the sandbox defines them, woven once when the verifier accepts the bundle and stored with it,
 * so that other backends define them without running the {@link Instrumenter}. Stored woven classes are only as good
 * as the code that wove them: {@link #identity()} names that code, and woven classes of another identity are woven
 * again.
 */
public final class Weaving {
    private static final String IDENTITY = builtIdentity();

    private Weaving() {}

    /**
     * A digest of the weaving and verifier code in this loader, written by the build ({@link WeavingDigest}): stored
     * verdicts and woven classes count only under the code that made them.
     */
    public static String identity() {
        return IDENTITY;
    }

    private static String builtIdentity() {
        try {
            return (String) Class.forName(WeavingDigest.IDENTITY_CLASS).getField(WeavingDigest.IDENTITY_FIELD)
                    .get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the server loader was built without its weaving identity ("
                    + WeavingDigest.IDENTITY_CLASS + ", which the build writes)", e);
        }
    }

    /**
     * Every class instrumented, by name; {@code null} when one of them cannot be (ASM cannot read or write it): that
     * class then fails when it is defined, with the error {@link Instrumenter#instrument} gives, as it would have
     * without stored weaving.
     */
    public static Map<String, byte[]> weaveAll(Map<String, byte[]> classes) {
        Map<String, byte[]> woven = new LinkedHashMap<>();
        try {
            OutsideEntries outside = OutsideEntries.of(classes.values());
            classes.forEach((name, bytes) -> woven.put(name, Instrumenter.instrument(bytes, outside)));
        } catch (ClassFormatError e) {
            return null;
        }
        return woven;
    }
}
