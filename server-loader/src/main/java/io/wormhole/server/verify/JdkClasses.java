package io.wormhole.server.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Shapes of the running JVM's own classes, read as class-file bytes through the platform class loader (which
 * sees the JDK's modules and nothing of the application), so hierarchy lookups never load or initialize a class.
 * pgJDBC's classes, which the server carries for its JDBC's values, are read the same way from the server's jar;
 * nothing else of that jar is visible here.
 */
final class JdkClasses {

    // Names come from untrusted class files: only plain identifiers reach the resource lookup.
    private static final Pattern INTERNAL_NAME = Pattern.compile("[\\p{javaJavaIdentifierPart}$]+(/[\\p{javaJavaIdentifierPart}$]+)*");

    // Hits only: misses are bounded per verification by the bundle's size, but would grow a shared cache forever.
    private static final ConcurrentHashMap<String, ClassInfo> CACHE = new ConcurrentHashMap<>();

    private static final String PGJDBC = "org/postgresql/";

    private JdkClasses() {
    }

    static Optional<ClassInfo> lookup(String internalName) {
        ClassInfo cached = CACHE.get(internalName);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ClassInfo> read = read(internalName);
        read.ifPresent(info -> CACHE.putIfAbsent(internalName, info));
        return read;
    }

    private static Optional<ClassInfo> read(String internalName) {
        if (!INTERNAL_NAME.matcher(internalName).matches()) {
            return Optional.empty();
        }
        ClassLoader loader = internalName.startsWith(PGJDBC) ? JdkClasses.class.getClassLoader()
                : ClassLoader.getPlatformClassLoader();
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            ClassInfo info = ClassInfo.read(in.readAllBytes());
            return info.name().equals(internalName) ? Optional.of(info) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
