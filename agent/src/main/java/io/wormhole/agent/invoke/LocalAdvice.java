package io.wormhole.agent.invoke;

import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Woven into {@code @Remote} methods in local mode: the body runs here, as {@link LocalCall} describes.
 */
public final class LocalAdvice {
    private LocalAdvice() {}

    @Advice.OnMethodEnter
    static LocalCall enter(@Advice.Origin Method method, @Advice.AllArguments Object[] arguments) throws Exception {
        return LocalCall.begin(method, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter LocalCall call, @Advice.Thrown Throwable thrown) throws Exception {
        call.end(thrown);
    }
}
