package io.wormhole.agent.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.wire.Bundle;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A library jar on the class path (here: a directory with its own loader) and classes that change between builds,
 * compiled at test time.
 */
class LibraryAndChangeTest {
    private static final String LIBRARY = """
            package org.acme.text;
            public final class Slugs {
                private static final java.io.File CACHE = new java.io.File("slugs.cache");
                public static String slug(String title) {
                    return Words.split(title).stream().map(String::toLowerCase)
                            .collect(java.util.stream.Collectors.joining("-"));
                }
                public static void save(String slug) throws java.io.IOException {
                    java.nio.file.Files.writeString(CACHE.toPath(), slug);
                }
            }
            """;
    private static final String WORDS = """
            package org.acme.text;
            final class Words {
                static java.util.List<String> split(String s) { return java.util.List.of(s.trim().split("\\\\s+")); }
            }
            """;
    private static final String UNUSED = """
            package org.acme.text;
            public final class Unused { public static String x() { return "x"; } }
            """;

    private static String app(String suffix, String unreachable) {
        return """
                package com.example.app;
                public class Titles {
                    public static String title(String text) { return org.acme.text.Slugs.slug(text) + "%s"; }
                    static String other() { return "%s"; }
                }
                """.formatted(suffix, unreachable);
    }

    private static Path compile(Map<String, String> sources, Path... classPath) throws IOException {
        Path dir = Files.createTempDirectory("wormhole-closure");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", dir.toString()));
        if (classPath.length > 0) {
            args.add("-cp");
            args.add(classPath[0].toString());
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = dir.resolve("src").resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .isZero();
        return dir;
    }

    private static ClassLoader loader(Path app, Path library) throws IOException {
        ClassLoader lib = new URLClassLoader(new URL[] {library.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        return new URLClassLoader(new URL[] {app.toUri().toURL()}, lib);
    }

    private static Path library() throws IOException {
        return compile(Map.of("org/acme/text/Slugs.java", LIBRARY, "org/acme/text/Words.java", WORDS,
                "org/acme/text/Unused.java", UNUSED));
    }

    private static Bundle bundle(ClassLoader loader) {
        return new ClosureCollector().bundleFor("com.example.app.Titles", "title",
                "(Ljava/lang/String;)Ljava/lang/String;", loader);
    }

    @Test
    void libraryClassesAreShippedAndPrunedLikeTheApplicationsOwn() throws Exception {
        Path library = library();
        ClassLoader loader = loader(compile(Map.of("com/example/app/Titles.java", app("!", "a")), library), library);
        Bundle bundle = bundle(loader);
        assertThat(bundle.classes().keySet()).containsExactlyInAnyOrder("com.example.app.Titles",
                "org.acme.text.Slugs", "org.acme.text.Words");
        assertThat(ClosureCollectorTest.names(nodeOf(bundle, "org.acme.text.Slugs").methods))
                .doesNotContain("save(Ljava/lang/String;)V");
        assertThat(new String(bundle.classes().get("org.acme.text.Slugs"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("java/io/File");

        Class<?> titles = Class.forName("com.example.app.Titles", true, new BundleClassLoader(bundle));
        assertThat(titles.getMethod("title", String.class).invoke(null, "  Hello Big World ")).isEqualTo("hello-big-world!");
    }

    @Test
    void aChangedClassGivesANewHashAnUnreachableChangeDoesNot() throws Exception {
        Path library = library();
        Bundle original = bundle(loader(compile(Map.of("com/example/app/Titles.java", app("!", "a")), library), library));
        Bundle same = bundle(loader(compile(Map.of("com/example/app/Titles.java", app("!", "a")), library), library));
        Bundle changed = bundle(loader(compile(Map.of("com/example/app/Titles.java", app("?", "a")), library), library));
        Bundle unreachableChange = bundle(loader(compile(Map.of("com/example/app/Titles.java", app("!", "b")), library),
                library));
        assertThat(same.hashHex()).isEqualTo(original.hashHex());
        assertThat(changed.hashHex()).isNotEqualTo(original.hashHex());
        assertThat(unreachableChange.hashHex()).as("pruned code does not count").isEqualTo(original.hashHex());
    }

    private static org.objectweb.asm.tree.ClassNode nodeOf(Bundle bundle, String name) {
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(bundle.classes().get(name)).accept(node, 0);
        return node;
    }
}
