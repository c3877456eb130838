package io.wormhole.agent.invoke;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/** What a {@code @Remote} method calls once {@link RemoteWeaver} has woven it. */
public final class Woven {
    /** Per declaring class (which they die with), its {@code @Remote} methods called so far, by name then descriptor. */
    private static final ClassValue<Map<String, Map<String, Invoker.Site>>> SITES = new ClassValue<>() {
        @Override
        protected Map<String, Map<String, Invoker.Site>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Woven() {}

    /** Makes the call in the database and returns its result, or throws what it threw. */
    public static Object remote(Class<?> owner, String name, String descriptor, Object receiver, Object[] arguments)
            throws Throwable {
        return Invoker.shared().call(site(owner, name, descriptor), receiver, arguments).value();
    }

    /** Local mode: binds the call's connection and opens its transaction, before the method's body runs here. */
    public static LocalCall local(Class<?> owner, String name, String descriptor, Object[] arguments)
            throws Exception {
        return LocalCall.begin(site(owner, name, descriptor).method, arguments);
    }

    private static Invoker.Site site(Class<?> owner, String name, String descriptor) {
        Map<String, Invoker.Site> sites = SITES.get(owner).computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        Invoker.Site site = sites.get(descriptor);
        if (site == null) {
            for (Method m : owner.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                    site = new Invoker.Site(m);
                }
            }
            if (site == null) {
                throw new IllegalStateException("no method " + name + descriptor + " in " + owner.getName());
            }
            sites.put(descriptor, site);
        }
        return site;
    }
}
