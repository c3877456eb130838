package io.wormhole.agent.bundle;

import io.wormhole.wire.Bundle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * Computes the {@link Bundle} of a {@code @Remote} method: the original class files of every application and
 * library class the method can reach, each pruned to the methods and fields the method can reach (see
 * {@link Reachability}), JDK and Wormhole classes left out. Bundles are memoised per root method and class loader;
 * the loader is held weakly, so an application that drops a loader drops its bundles too.
 */
public final class ClosureCollector {
    private final Map<ClassLoader, Map<Root, Collected>> bundles = new WeakHashMap<>();

    /** A root method, and the classes of argument objects it does not name itself (sorted binary names). */
    private record Root(String className, String methodName, String descriptor, List<String> instantiated) {}

    /** A bundle, and the classes (binary names) whose instances it is ready to receive: fields and all. */
    private record Collected(Bundle bundle, Set<String> instantiated) {}

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
        return own(className, methodName, descriptor, loader).bundle();
    }

    private Collected own(String className, String methodName, String descriptor, ClassLoader loader) {
        return forLoader(loader).computeIfAbsent(new Root(className, methodName, descriptor, List.of()),
                root -> collect(root, loader));
    }

    /**
     * The bundle of {@code method} for a call whose arguments hold instances of {@code argumentClasses}: the
     * method's own bundle, or, when some of those classes are not in it (a subclass or an implementation the method
     * never names) or are in it without their fields (nothing the method does creates one), a bundle that ships them
     * too, with what they need.
     */
    public Bundle bundleFor(Method method, Set<Class<?>> argumentClasses) {
        ClassLoader declaring = method.getDeclaringClass().getClassLoader();
        if (declaring == null) {
            throw new IllegalArgumentException(method + " belongs to the JDK and cannot be shipped");
        }
        Collected own = own(method.getDeclaringClass().getName(), method.getName(), Type.getMethodDescriptor(method),
                declaring);
        List<String> missing = new ArrayList<>();
        for (Class<?> c : argumentClasses) {
            // An abstract class named here is the element type of an array: its instances are its subclasses'.
            boolean needed = !own.bundle().classes().containsKey(c.getName())
                    || (!own.instantiated().contains(c.getName()) && !Modifier.isAbstract(c.getModifiers()));
            if (c.getClassLoader() != null && needed && !c.getName().startsWith("io.wormhole.")) {
                missing.add(c.getName());
            }
        }
        if (missing.isEmpty()) {
            return own.bundle();
        }
        Collections.sort(missing);
        return forLoader(declaring).computeIfAbsent(new Root(method.getDeclaringClass().getName(), method.getName(),
                Type.getMethodDescriptor(method), List.copyOf(missing)), root -> collect(root, declaring)).bundle();
    }

    private Map<Root, Collected> forLoader(ClassLoader loader) {
        synchronized (bundles) {
            return bundles.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
    }

    private static Collected collect(Root root, ClassLoader loader) {
        ClassFiles files = new ClassFiles(loader);
        Reachability.Closure closure = Reachability.of(files, root.className().replace('.', '/'), root.methodName(),
                root.descriptor(), root.instantiated().stream().map(n -> n.replace('.', '/')).toList());
        Map<String, byte[]> classes = new TreeMap<>();
        for (String internalName : closure.classes().keySet()) {
            classes.put(internalName.replace('/', '.'), Pruner.prune(closure, internalName));
        }
        Set<String> instantiated = new HashSet<>();
        closure.instantiated().forEach(n -> instantiated.add(n.replace('/', '.')));
        return new Collected(new Bundle(classes), Set.copyOf(instantiated));
    }
}
