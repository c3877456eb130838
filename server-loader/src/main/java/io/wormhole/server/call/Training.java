package io.wormhole.server.call;

import io.wormhole.server.sandbox.SandboxParent;
import io.wormhole.server.sandbox.Weaving;
import io.wormhole.server.verify.Allowlist;
import io.wormhole.server.verify.Verdict;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.ConnectionSlot;
import io.wormhole.wire.PgJdbcValues;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.Values;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * The training run of the server loader's class-data archive ({@code make install} runs it in a plain JVM with
 * {@code -XX:DumpLoadedClassList}, then archives the classes it loaded): the first call of a fresh backend, as far as
 * it goes without PostgreSQL. A request frame with an inline bundle is decoded, the bundle verified, woven, defined
 * under a sandbox loader, and its method called with Kryo-read arguments; the result and an exception are encoded as
 * responses. Then every other class of the host's own packages is loaded (not initialized: their natives need a
 * backend), and pgJDBC's value classes that JDBC over SPI returns, so that what only a backend exercises (JDBC over
 * SPI, the bridge) comes from the archive too.
 */
public final class Training {
    private static final String SAMPLE = TrainingSample.class.getName().replace('.', '/');
    private static final String SHIPPED = "training/Sample";

    private Training() {}

    public static void main(String[] args) throws Exception {
        firstCall();
        inflateReflection();
        // What a backend checks before it defines a stored bundle's woven classes.
        Weaving.identity();
        loadHostClasses();
    }

    /**
     * A first call on the training sample, and the encoding of its result and of an exception: what the archive
     * learns from, and what {@code wormhole.start_vm()} runs in a backend to warm its loader.
     */
    public static void firstCall() throws IOException {
        sampleCall();
        ThrowableTransport.write(new IllegalArgumentException("training"), Training.class.getClassLoader());
    }

    private static void sampleCall() throws IOException {
        Bundle bundle = new Bundle(Map.of(SHIPPED.replace('/', '.'), shipped(SAMPLE),
                SHIPPED.replace('/', '.') + "$Line", shipped(SAMPLE + "$Line")));
        byte[] arguments = Values.writeArguments(new Object[] {ConnectionSlot.INSTANCE, 12, "training"},
                Training.class.getClassLoader());
        String descriptor = "(Ljava/sql/Connection;ILjava/lang/String;)Ljava/lang/String;";
        Request request = Request.decode(Request.withBundle(bundle, SHIPPED.replace('/', '.'), "summary", descriptor,
                arguments).encode());
        Allowlist allowlist = Allowlist.defaults();
        Verdict verdict = Verifier.withDefaults().verify(request.bundle().classes());
        if (!verdict.isAccepted()) {
            throw new IllegalStateException("the verifier refused the training bundle: " + verdict.describe());
        }
        BundleClassLoader loader = new DefinedBundles().define(request.bundle(), "training",
                new SandboxParent(allowlist), 1, Weaving.weaveAll(request.bundle().classes()));
        Call call = new Call(loader, request.className(), request.methodName(), request.descriptor(),
                request.arguments(), () -> null, text -> { }, Integer.MAX_VALUE);
        call.run();
        if (call.failure() != null) {
            throw new IllegalStateException("the training call failed", call.failure());
        }
        Response.frame(Response.Status.RETURNED, call.result());
    }

    /**
     * A backend's sixteenth call of a method goes through an accessor the JDK generates for it (reflection's
     * inflation): the generator's dozen classes come from the archive too, instead of being parsed then.
     */
    private static void inflateReflection() throws ReflectiveOperationException {
        Method method = Training.class.getDeclaredMethod("reflected");
        for (int i = 0; i < 16; i++) {
            method.invoke(null);
        }
    }

    private static void reflected() {}

    /** A class of this jar, renamed as a client's class would be named. */
    private static byte[] shipped(String internalName) throws IOException {
        try (InputStream in = Training.class.getResourceAsStream("/" + internalName + ".class")) {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(in).accept(new ClassRemapper(writer, new SimpleRemapper(Opcodes.ASM9, Map.of(SAMPLE, SHIPPED,
                    SAMPLE + "$Line", SHIPPED + "$Line"))), 0);
            return writer.toByteArray();
        }
    }

    private static void loadHostClasses() throws IOException, URISyntaxException {
        Path jar = Path.of(Training.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = Training.class.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                String className = name.endsWith(".class") ? name.substring(0, name.length() - 6).replace('/', '.')
                        : "";
                if (name.startsWith("io/wormhole/") && name.endsWith(".class") || PgJdbcValues.contains(className)) {
                    try {
                        Class.forName(className, false, loader);
                    } catch (ClassNotFoundException | LinkageError ignored) {
                        // Whatever cannot load here is loaded from the jar in a backend, as without an archive.
                    }
                }
            }
        }
    }
}
