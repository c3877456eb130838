package com.example.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles one source file as an application would ship it (javac --release 17) and loads it on its own. */
public final class SourceCompiler {
    private SourceCompiler() {}

    /**
     * Writes {@code source} as the class {@code className} under {@code dir}, compiles it against this class path and
     * loads it with a class loader of its own (parent: {@code parent}), as a new release of an application would be.
     */
    public static Class<?> load(Path dir, String className, String source, ClassLoader parent) throws Exception {
        Path src = dir.resolve("src/" + className.replace('.', '/') + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.toString());
        assertThat(rc).as("javac").isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent).loadClass(className);
    }
}
