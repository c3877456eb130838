package io.wormhole.server.call;

import io.wormhole.server.sandbox.Instrumenter;
import io.wormhole.server.sandbox.OutsideEntries;
import io.wormhole.wire.Bundle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Type;

/**
 * Defines a bundle's classes, each on first use, from the bytes the client shipped, with the budget and console
 * woven in (woven when the bundle was stored, or now). One per (bundle, role): classes and their static state are
 * never shared between roles.
 */
final class BundleClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;
    private final Map<String, byte[]> woven;
    /** Read from every class when the first is woven here. */
    private OutsideEntries outside;
    /** By class, method name and descriptor: finding a method by reflection costs more than a warm call. */
    private final Map<MethodKey, Invocable> methods = new HashMap<>();

    /**
     * Its own equals and hashCode: a record's are built from method handles, which C1 code (a backend's first
     * calls) runs several times slower than these.
     */
    private record MethodKey(String className, String methodName, String descriptor) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MethodKey k && className.equals(k.className) && methodName.equals(k.methodName)
                    && descriptor.equals(k.descriptor);
        }

        @Override
        public int hashCode() {
            return (className.hashCode() * 31 + methodName.hashCode()) * 31 + descriptor.hashCode();
        }
    }

    /**
     * A method of the bundle as a call invokes it: its parameter types, primitives as their wrappers, and what
     * {@code pg_stat_activity} shows while it runs.
     */
    record Invocable(Method method, boolean isStatic, Class<?>[] parameterTypes, Class<?>[] valueTypes,
            byte[] activity) {}

    /** {@code woven}: the classes as stored already instrumented, by name, or {@code null} to weave each here. */
    BundleClassLoader(Bundle bundle, ClassLoader parent, Map<String, byte[]> woven) {
        super("wormhole-bundle-" + bundle.hashHex().substring(0, 12), parent);
        this.classes = bundle.classes();
        this.woven = woven == null ? Map.of() : woven;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                // The bundle's own classes win: the client shipped exactly these bytes.
                c = classes.containsKey(name) ? findClass(name) : super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] defined = woven.get(name);
        if (defined == null) {
            if (outside == null) {
                outside = OutsideEntries.of(classes.values());
            }
            defined = Instrumenter.instrument(bytes, outside);
        }
        return defineClass(name, defined, 0, defined.length);
    }

    /** The bundle's method {@code className.methodName descriptor}, accessible. */
    Invocable invocable(String className, String methodName, String descriptor)
            throws ClassNotFoundException, NoSuchMethodException {
        MethodKey key = new MethodKey(className, methodName, descriptor);
        Invocable found = methods.get(key);
        if (found == null) {
            found = find(className, methodName, descriptor);
            methods.put(key, found);
        }
        return found;
    }

    private Invocable find(String className, String methodName, String descriptor)
            throws ClassNotFoundException, NoSuchMethodException {
        Class<?> declaring = Class.forName(className, false, this);
        if (declaring.getClassLoader() != this) {
            throw new ClassNotFoundException(className + " is not in the bundle");
        }
        for (Method m : declaring.getDeclaredMethods()) {
            if (m.getName().equals(methodName) && Type.getMethodDescriptor(m).equals(descriptor)) {
                m.setAccessible(true);
                Class<?>[] types = m.getParameterTypes();
                Class<?>[] values = new Class<?>[types.length];
                for (int i = 0; i < types.length; i++) {
                    values[i] = MethodType.methodType(types[i]).wrap().returnType();
                }
                return new Invocable(m, Modifier.isStatic(m.getModifiers()), types, values,
                        Call.activityText(className, methodName, descriptor));
            }
        }
        throw new NoSuchMethodException(className + "." + methodName + descriptor + " is not in the bundle");
    }
}
