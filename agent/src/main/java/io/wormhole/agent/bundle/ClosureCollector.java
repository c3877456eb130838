package io.wormhole.agent.bundle;

import io.wormhole.wire.Bundle;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * Computes the {@link Bundle} of a {@code @Remote} method: the original class files of every application and
 * library class the method can reach, each pruned to the methods and static fields the method can reach (see
 * {@link Reachability}), JDK and Wormhole classes left out. Bundles are memoised per root method and class loader;
 * the loader is held weakly, so an application that drops a loader drops its bundles too.
 */
public final class ClosureCollector {
    private final Map<ClassLoader, Map<Root, Bundle>> bundles = new WeakHashMap<>();

    private record Root(String className, String methodName, String descriptor) {}

    public Bundle bundleFor(Method method) {
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        if (loader == null) {
            throw new IllegalArgumentException(method + " belongs to the JDK and cannot be shipped");
        }
        return bundleFor(method.getDeclaringClass().getName(), method.getName(), Type.getMethodDescriptor(method),
                loader);
    }

    /**
     * @param className binary name of the declaring class, e.g. {@code com.example.Accounts$Inner}
     * @param descriptor the method's JVM descriptor
     * @param loader the loader that loaded the declaring class: the one whose class files are shipped
     */
    public Bundle bundleFor(String className, String methodName, String descriptor, ClassLoader loader) {
        Map<Root, Bundle> forLoader;
        synchronized (bundles) {
            forLoader = bundles.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
        return forLoader.computeIfAbsent(new Root(className, methodName, descriptor),
                root -> collect(root, loader));
    }

    private static Bundle collect(Root root, ClassLoader loader) {
        ClassFiles files = new ClassFiles(loader);
        Reachability.Closure closure = Reachability.of(files, root.className().replace('.', '/'), root.methodName(),
                root.descriptor());
        Map<String, byte[]> classes = new TreeMap<>();
        for (String internalName : closure.classes().keySet()) {
            classes.put(internalName.replace('/', '.'), Pruner.prune(closure, internalName));
        }
        return new Bundle(classes);
    }
}
