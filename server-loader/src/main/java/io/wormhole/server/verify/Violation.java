package io.wormhole.server.verify;

import java.util.Objects;

/**
 * One reason a bundle was rejected.
 *
 * @param className binary name of the offending class, or {@code "(bundle)"} for bundle-wide limits
 * @param location  where in the class: {@code "run()V"}, {@code "<clinit>()V"}, {@code "class header"},
 *                  {@code "field t"}, {@code "constant pool"}, ...
 * @param reference the forbidden reference in source-like form, e.g.
 *                  {@code java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process;}, or empty when the
 *                  class itself is the problem
 * @param message   the whole sentence, ready for the client and the audit table
 */
public record Violation(String className, String location, String reference, String message) {

    public Violation {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
