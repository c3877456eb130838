package io.wormhole.agent.invoke;

import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Woven into {@code @Remote} methods: the call goes to the database and the body is skipped. */
public final class RemoteAdvice {
    private RemoteAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    static Object enter(@Advice.Origin Method method, @Advice.This(optional = true) Object receiver,
            @Advice.AllArguments Object[] arguments) throws Throwable {
        return Invoker.shared().call(method, receiver, arguments);
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Object outcome,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        returned = ((Invoker.Outcome) outcome).value();
    }
}
