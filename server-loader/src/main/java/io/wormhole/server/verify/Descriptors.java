package io.wormhole.server.verify;

import java.util.ArrayList;
import java.util.List;

/** Class names inside descriptors, and how references are spelled in messages. */
final class Descriptors {

    private Descriptors() {
    }

    /**
     * The internal names of the classes a field or method descriptor mentions, array element types included.
     * Strict, because descriptors come from untrusted class files.
     *
     * @throws IllegalArgumentException if {@code descriptor} is malformed
     */
    static List<String> classesIn(String descriptor) {
        List<String> classes = new ArrayList<>();
        int i = 0;
        if (descriptor.startsWith("(")) {
            i = 1;
            while (i < descriptor.length() && descriptor.charAt(i) != ')') {
                i = fieldType(descriptor, i, classes);
            }
            if (i >= descriptor.length()) {
                throw new IllegalArgumentException("malformed descriptor " + descriptor);
            }
            i++;
            if (i < descriptor.length() && descriptor.charAt(i) == 'V') {
                i++;
            } else {
                i = fieldType(descriptor, i, classes);
            }
        } else {
            i = fieldType(descriptor, i, classes);
        }
        if (i != descriptor.length()) {
            throw new IllegalArgumentException("malformed descriptor " + descriptor);
        }
        return classes;
    }

    /**
     * For an internal name that may be an array descriptor ({@code [[Ljava/lang/Thread;}), the element
     * class, or {@code null} for a primitive array.
     */
    static String elementClass(String internalName) {
        if (!internalName.startsWith("[")) {
            return checkedName(internalName);
        }
        List<String> classes = classesIn(internalName);
        return classes.isEmpty() ? null : classes.get(0);
    }

    private static int fieldType(String d, int i, List<String> classes) {
        while (i < d.length() && d.charAt(i) == '[') {
            i++;
        }
        if (i >= d.length()) {
            throw new IllegalArgumentException("malformed descriptor " + d);
        }
        switch (d.charAt(i)) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z' -> {
                return i + 1;
            }
            case 'L' -> {
                int end = d.indexOf(';', i);
                if (end <= i + 1) {
                    throw new IllegalArgumentException("malformed descriptor " + d);
                }
                classes.add(checkedName(d.substring(i + 1, end)));
                return end + 1;
            }
            default -> throw new IllegalArgumentException("malformed descriptor " + d);
        }
    }

    /**
     * An internal name as JVMS 4.2.1 allows it; {@code java.lang.String} with dots would otherwise pass the
     * allowlist's check for {@code java.lang.String}.
     */
    static String checkedName(String internalName) {
        if (internalName.isEmpty() || internalName.startsWith("/") || internalName.endsWith("/")
                || internalName.contains("//") || internalName.chars().anyMatch(c -> c == '.' || c == ';' || c == '[')) {
            throw new IllegalArgumentException("malformed class name " + internalName);
        }
        return internalName;
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    /** {@code java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process;} or {@code java.lang.System.in}. */
    static String member(String owner, String name, String descriptor, boolean field) {
        return dotted(owner) + "." + name + (field ? "" : descriptor);
    }
}
