package io.wormhole.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.wormhole.agent.invoke.LocalAdvice;
import io.wormhole.internal.AgentCheck;
import io.wormhole.agent.invoke.RemoteWeaver;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code -javaagent:wormhole-agent.jar}: methods annotated {@code @io.wormhole.Remote} hand their calls to the
 * database instead of running their body ({@code -Dwormhole.mode=local} runs the body here, with the same
 * connection binding and atomicity).
 *
 * <p>The agent starts with a scan of each class file for the annotation's descriptor: classes without
 * {@code @Remote} pay for a byte scan. Those that mention it go to {@link RemoteWeaver} (plain ASM), or in local mode
 * to ByteBuddy's advice, whose start costs hundreds of milliseconds. The weaving is warmed up on a daemon thread of
 * its own ({@link Warmup}), alongside the application's start-up rather than in the way of its first
 * {@code @Remote} class.
 */
public final class Premain {
    private static final ElementMatcher.Junction<TypeDescription> REMOTE = named("io.wormhole.Remote");
    private static final byte[] DESCRIPTOR = "Lio/wormhole/Remote;".getBytes(StandardCharsets.US_ASCII);
    private static final String WARMUP = "io.wormhole.agent.Warmup";
    private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";
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
        // No sun.misc.Unsafe (JDK 24 and later print warnings for it): ByteBuddy's safe mode (the advice is inlined,
        // nothing is injected, nothing needs it) and Kryo's reflective field access (the same bytes on the wire). In
        // the agent jar both names are relocated with their libraries: an application's own copies do not see this.
        setIfAbsent(BYTE_BUDDY_SAFE, "true");
        setIfAbsent(KRYO_UNSAFE, "false");
        Lazy lazy = new Lazy("local".equals(System.getProperty("wormhole.mode")));
        instrumentation.addTransformer(lazy);
        Thread warmup = new Thread(lazy::warmUp, "wormhole-agent-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Hands class files that mention {@code @Remote} to the weaving, built on first need. */
    private static final class Lazy implements ClassFileTransformer {
        private static final ClassFileTransformer WEAVER = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                    ProtectionDomain domain, byte[] classFile) {
                return RemoteWeaver.weave(classFile);
            }
        };

        private final boolean local;
        private volatile ClassFileTransformer byteBuddy;

        Lazy(boolean local) {
            this.local = local;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
            if (name == null || name.startsWith("io/wormhole/") || !mentionsRemote(classFile)) {
                return null;
            }
            try {
                return transformer().transform(module, loader, name, redefined, domain, classFile);
            } catch (RuntimeException | LinkageError e) {
                // The JVM would load the class unchanged without a word: its @Remote methods would run here.
                System.err.println("wormhole: cannot weave the @Remote methods of " + name.replace('/', '.')
                        + ", which will run locally: " + e);
                return null;
            }
        }

        /** Builds the transformation and applies it once to {@link Warmup}'s bytes, discarding the result. */
        void warmUp() {
            try (InputStream in = Premain.class.getResourceAsStream("Warmup.class")) {
                transformer().transform(Premain.class.getModule(), Premain.class.getClassLoader(),
                        WARMUP.replace('.', '/'), null, null, in.readAllBytes());
            } catch (Throwable e) {
                // Only time is at stake: the first real transformation builds what this could not, and reports why.
            }
        }

        private ClassFileTransformer transformer() {
            if (!local) {
                return WEAVER;
            }
            ClassFileTransformer t = byteBuddy;
            if (t == null) {
                synchronized (this) {
                    t = byteBuddy;
                    if (t == null) {
                        Advice advice = Advice.to(LocalAdvice.class);
                        t = new AgentBuilder.Default()
                                .disableClassFormatChanges()
                                .ignore(nameStartsWith("net.bytebuddy.")
                                        .or(nameStartsWith("io.wormhole.").and(not(named(WARMUP)))))
                                .type(declaresMethod(isAnnotatedWith(REMOTE)))
                                .transform((builder, type, loader, module, domain) ->
                                        builder.visit(advice.on(isAnnotatedWith(REMOTE))))
                                .makeRaw();
                        byteBuddy = t;
                    }
                }
            }
            return t;
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
