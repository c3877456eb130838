package io.wormhole.agent;

import io.wormhole.agent.invoke.RemoteWeaver;
import io.wormhole.internal.AgentCheck;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;

/**
 * {@code -javaagent:wormhole-agent.jar}: methods annotated {@code @io.wormhole.Remote} hand their calls to the
 * database instead of running their body ({@code -Dwormhole.mode=local} runs the body here, with the same
 * connection binding and atomicity).
 *
 * <p>The agent scans each class file for the annotation's descriptor: classes without {@code @Remote} pay for a byte
 * scan, and those that mention it go to {@link RemoteWeaver}. The weaver's first use (class loading, interpretation)
 * happens on a daemon thread of its own ({@link Warmup}), alongside the application's start-up rather than in the
 * way of its first {@code @Remote} class.
 */
public final class Premain {
    private static final byte[] DESCRIPTOR = "Lio/wormhole/Remote;".getBytes(StandardCharsets.US_ASCII);
    private static final String KRYO_UNSAFE = "kryo.unsafe";

    private Premain() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        install(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(instrumentation);
    }

    /** Installs the transformation; {@code wormhole.mode} decides between remote and local calls. */
    public static void install(Instrumentation instrumentation) {
        AgentCheck.agentInstalled();
        // No sun.misc.Unsafe (JDK 24 and later print warnings for it): Kryo's reflective field access (the same bytes
        // on the wire). In the agent jar the name is relocated with Kryo: an application's own Kryo does not see it.
        if (System.getProperty(KRYO_UNSAFE) == null) {
            System.setProperty(KRYO_UNSAFE, "false");
        }
        Weaving weaving = new Weaving("local".equals(System.getProperty("wormhole.mode")));
        instrumentation.addTransformer(weaving);
        Thread warmup = new Thread(weaving::warmUp, "wormhole-agent-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    /** Hands the class files that mention {@code @Remote} to the weaver. */
    private static final class Weaving implements ClassFileTransformer {
        private final boolean local;

        Weaving(boolean local) {
            this.local = local;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                ProtectionDomain domain, byte[] classFile) {
            if (name == null || name.startsWith("io/wormhole/") || !mentionsRemote(classFile)) {
                return null;
            }
            try {
                return RemoteWeaver.weave(classFile, local);
            } catch (RuntimeException | LinkageError e) {
                // The JVM would load the class unchanged without a word: its @Remote methods would run here.
                System.err.println("wormhole: cannot weave the @Remote methods of " + name.replace('/', '.')
                        + ", which will run locally: " + e);
                return null;
            }
        }

        /** Weaves {@link Warmup}'s bytes once, discarding the result. */
        void warmUp() {
            try (InputStream in = Premain.class.getResourceAsStream("Warmup.class")) {
                RemoteWeaver.weave(in.readAllBytes(), local);
            } catch (Throwable e) {
                // Only time is at stake: the first real weaving loads what this could not, and reports why.
            }
        }

        private static boolean mentionsRemote(byte[] classFile) {
            outer:
            for (int i = 0, last = classFile.length - DESCRIPTOR.length; i <= last; i++) {
                for (int j = 0; j < DESCRIPTOR.length; j++) {
                    if (classFile[i + j] != DESCRIPTOR[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
