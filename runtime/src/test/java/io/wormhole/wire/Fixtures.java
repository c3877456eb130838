package io.wormhole.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Application classes compiled at test time into their own directory, so that a loader defines them itself, as the
 * server's bundle loader does (classes on the test class path belong to {@code io.wormhole} and are never bundle
 * classes).
 */
final class Fixtures {
    private Fixtures() {}

    static final Map<String, String> SOURCES = Map.of(
            "com/example/values/Customer.java", """
                    package com.example.values;
                    public final class Customer {
                        private final String name;
                        private final Object extra;
                        public Customer(String name, Object extra) { this.name = name; this.extra = extra; }
                        public String name() { return name; }
                        public Object extra() { return extra; }
                    }
                    """,
            "com/example/values/Line.java", """
                    package com.example.values;
                    public record Line(String sku, int quantity, java.math.BigDecimal price) {}
                    """,
            "com/example/values/Tagged.java", """
                    package com.example.values;
                    public record Tagged(Number amount, String label) {
                        public Tagged {
                            if (label.isEmpty()) throw new IllegalArgumentException("an empty label");
                        }
                    }
                    """,
            "com/example/values/Status.java", """
                    package com.example.values;
                    public enum Status { NEW, PAID { @Override public String toString() { return "paid!"; } } }
                    """,
            "com/example/values/Order.java", """
                    package com.example.values;
                    import java.util.List;
                    public class Order {
                        final long id;
                        final Customer customer;
                        final List<Line> lines;
                        final Status status;
                        transient Object cache = new Object();
                        public Order(long id, Customer customer, List<Line> lines, Status status) {
                            this.id = id; this.customer = customer; this.lines = lines; this.status = status;
                        }
                        @Override public String toString() { return id + " " + customer.name() + " " + lines + " " + status; }
                    }
                    """,
            "com/example/values/Node.java", """
                    package com.example.values;
                    public final class Node {
                        public final Node next;
                        public Node(Node next) { this.next = next; }
                    }
                    """,
            "com/example/values/OverdrawnException.java", """
                    package com.example.values;
                    public class OverdrawnException extends Exception {
                        private final long account;
                        public OverdrawnException(long account) { super("account " + account + " is overdrawn"); this.account = account; }
                        public long account() { return account; }
                    }
                    """);

    private static URLClassLoader loader;

    /** A loader that defines the fixture classes itself, its parent the platform loader. */
    static synchronized ClassLoader bundleLoader() {
        if (loader == null) {
            loader = new URLClassLoader(new URL[] {compile()}, ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }

    /** Another loader over the same classes: they are different classes, as on another machine. */
    static ClassLoader otherLoader() {
        bundleLoader();
        return new URLClassLoader(loader.getURLs(), ClassLoader.getPlatformClassLoader());
    }

    static Object make(String className, Object... args) {
        try {
            Class<?> c = Class.forName("com.example.values." + className, true, bundleLoader());
            for (var ctor : c.getDeclaredConstructors()) {
                if (ctor.getParameterCount() == args.length) {
                    ctor.setAccessible(true);
                    return ctor.newInstance(args);
                }
            }
            throw new IllegalArgumentException("no constructor of " + className + " takes " + args.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL compile() {
        try {
            Path dir = Files.createTempDirectory("wormhole-values");
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : SOURCES.entrySet()) {
                Path file = dir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                files.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("--release", "17", "-d", dir.toString()));
            args.addAll(files);
            if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("fixtures do not compile");
            }
            return dir.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
