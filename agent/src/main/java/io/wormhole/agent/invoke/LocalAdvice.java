package io.wormhole.agent.invoke;

import io.wormhole.internal.CallContext;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code @Remote} methods in local mode: the body runs here, with {@code Wormhole.connection()} bound
 * to the call's connection as it would be in the database.
 */
public final class LocalAdvice {
    private LocalAdvice() {}

    @Advice.OnMethodEnter
    static CallContext.Scope enter(@Advice.Origin Method method, @Advice.AllArguments Object[] arguments)
            throws Exception {
        return CallContext.bind(Connections.forCall(method, arguments));
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter CallContext.Scope scope) {
        scope.close();
    }
}
