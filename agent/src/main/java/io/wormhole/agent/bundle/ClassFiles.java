package io.wormhole.agent.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * The class files the collector reads, through the loader of the root method: the original bytes of its
 * {@code .class} resources, never what an agent may have transformed. A class is <em>shippable</em> when that loader
 * has it and it belongs neither to the JDK (the platform loader has it too, or its name is in a JDK package) nor to
 * Wormhole nor to pgJDBC. JDK classes are read too, their headers only, for the methods the JDK may call on
 * application objects.
 */
final class ClassFiles {
    /** pgJDBC's classes too: the server has its own, and allows only the value classes among them. */
    private static final String[] NEVER_SHIPPED = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "io/wormhole/",
        "org/postgresql/"};
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final ClassLoader loader;
    private final Map<String, ClassNode> shippable = new HashMap<>();
    private final Map<String, ClassNode> headers = new HashMap<>();

    ClassFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The full class, code included, of a shippable class; {@code null} for any other name. */
    ClassNode shippable(String internalName) {
        if (shippable.containsKey(internalName)) {
            return shippable.get(internalName);
        }
        ClassNode node = null;
        if (!isPlatformName(internalName) && PLATFORM.getResource(internalName + ".class") == null) {
            node = read(loader, internalName, 0);
        }
        shippable.put(internalName, node);
        return node;
    }

    /** The header (supertypes, members, no code) of any class the loader sees, or {@code null}. */
    ClassNode header(String internalName) {
        ClassNode app = shippable(internalName);
        if (app != null) {
            return app;
        }
        return headers.computeIfAbsent(internalName,
                n -> read(loader, n, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES));
    }

    static boolean isPlatformName(String internalName) {
        for (String prefix : NEVER_SHIPPED) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static ClassNode read(ClassLoader loader, String internalName, int flags) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return null;
            }
            ClassNode node = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(node, flags);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + internalName, e);
        }
    }
}
