package io.wormhole.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.wormhole.agent.invoke.LocalAdvice;
import io.wormhole.agent.invoke.RemoteAdvice;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code -javaagent:wormhole-agent.jar}: methods annotated {@code @io.wormhole.Remote} hand their calls to the
 * database instead of running their body ({@code -Dwormhole.mode=local} runs the body here, with the same
 * connection binding).
 */
public final class Premain {
    private static final ElementMatcher.Junction<TypeDescription> REMOTE = named("io.wormhole.Remote");

    private Premain() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        install(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(instrumentation);
    }

    /** Installs the transformation; {@code wormhole.mode} decides between remote and local calls. */
    public static void install(Instrumentation instrumentation) {
        boolean local = "local".equals(System.getProperty("wormhole.mode"));
        Advice advice = Advice.to(local ? LocalAdvice.class : RemoteAdvice.class);
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .ignore(nameStartsWith("net.bytebuddy.").or(nameStartsWith("io.wormhole."))
                        .or(nameStartsWith("java.")).or(nameStartsWith("jdk.")).or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun.")))
                // Only classes that declare an annotated method are transformed: others pay one matcher pass.
                .type(declaresMethod(isAnnotatedWith(REMOTE)))
                .transform((builder, type, loader, module, domain) ->
                        builder.visit(advice.on(isAnnotatedWith(REMOTE))))
                .installOn(instrumentation);
    }
}
