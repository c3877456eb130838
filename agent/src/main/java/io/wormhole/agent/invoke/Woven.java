package io.wormhole.agent.invoke;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/** What a {@code @Remote} method calls once {@link RemoteWeaver} has woven it. */
public final class Woven {
    /** Per declaring class (which they die with), its {@code @Remote} methods called so far, by name then descriptor. */
    private static final ClassValue<Map<String, Map<String, Method>>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Map<String, Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Woven() {}

    /** Makes the call in the database and returns its result, or throws what it threw. */
    public static Object remote(Class<?> owner, String name, String descriptor, Object receiver, Object[] arguments)
            throws Throwable {
        return Invoker.shared().call(method(owner, name, descriptor), receiver, arguments).value();
    }

    /** Local mode: binds the call's connection and opens its transaction, before the method's body runs here. */
    public static LocalCall local(Class<?> owner, String name, String descriptor, Object[] arguments)
            throws Exception {
        return LocalCall.begin(method(owner, name, descriptor), arguments);
    }

    private static Method method(Class<?> owner, String name, String descriptor) {
        Map<String, Method> methods = METHODS.get(owner).computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        Method method = methods.get(descriptor);
        if (method == null) {
            for (Method m : owner.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                    method = m;
                }
            }
            if (method == null) {
                throw new IllegalStateException("no method " + name + descriptor + " in " + owner.getName());
            }
            methods.put(descriptor, method);
        }
        return method;
    }
}
