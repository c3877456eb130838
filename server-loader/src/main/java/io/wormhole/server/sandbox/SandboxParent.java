package io.wormhole.server.sandbox;

import io.wormhole.server.verify.Allowlist;
import java.util.Set;

/**
 * The parent of every sandboxed bundle loader: it shows shipped code only the JDK classes the allowlist exposes
 * (pgJDBC's value classes among them), the public {@code io.wormhole} API, the classes the loader weaves in, and what
 * the JVM itself needs to link lambdas, string concatenation, records, switches and its generated reflection
 * accessors. Shipped code cannot name those last ones itself: the verifier refuses {@code jdk.*} and reflection. A
 * reference the verifier missed fails at link time here.
 */
public final class SandboxParent extends ClassLoader {
    private static final Set<String> ALWAYS = Set.of(
            "java.lang.Object", "java.lang.String", "java.lang.Throwable", "java.lang.Enum", "java.lang.Record",
            "io.wormhole.Remote", "io.wormhole.Wormhole", "io.wormhole.RemoteExecutionException",
            "io.wormhole.server.sandbox.Budget", "io.wormhole.server.sandbox.Console", "java.io.PrintStream",
            "io.wormhole.server.sandbox.NoticeLoggers",
            "java.lang.invoke.LambdaMetafactory", "java.lang.invoke.StringConcatFactory",
            "java.lang.invoke.MethodHandles$Lookup", "java.lang.invoke.MethodHandle", "java.lang.invoke.MethodType",
            "java.lang.invoke.CallSite", "java.lang.runtime.ObjectMethods", "java.lang.runtime.SwitchBootstraps",
            "java.lang.invoke.TypeDescriptor", "java.lang.Class",
            // The accessors the JDK generates, in a loader below the bundle's, once a method or constructor of a
            // bundle class has been called reflectively a few times (the server calls methods, Kryo makes objects).
            "jdk.internal.reflect.MagicAccessorImpl", "jdk.internal.reflect.MethodAccessorImpl",
            "jdk.internal.reflect.ConstructorAccessorImpl", "jdk.internal.reflect.SerializationConstructorAccessorImpl",
            "jdk.internal.reflect.FieldAccessorImpl", "java.lang.reflect.InvocationTargetException",
            "java.lang.IllegalArgumentException", "java.lang.ClassCastException", "java.lang.NullPointerException");

    private final Allowlist allowlist;
    private final ClassLoader server;

    public SandboxParent(Allowlist allowlist) {
        super("wormhole-sandbox", null);
        this.allowlist = allowlist;
        this.server = SandboxParent.class.getClassLoader();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (ALWAYS.contains(name) || (isJdk(name) && allowlist.exposesClass(name))) {
            return Class.forName(name, false, server);
        }
        throw new ClassNotFoundException(name + " is not available to shipped code (not on the allowlist)");
    }

    /** The JDK's, and pgJDBC's (which the server carries, for the value classes its JDBC returns). */
    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("org.postgresql.");
    }
}
