package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.server.sandbox.Instrumenter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Every JDK method shipped code may call under the allowlist that can run a regular expression over text it chooses
 * is either pointed at polling text by the instrumenter (as a call and as a method reference) or refused by the
 * verifier. The entry points are found from the allowlist and the JDK's own bytecode, not listed by hand, so a rule
 * added later that exposes another one fails here.
 */
class RegexEntryPointsTest {
    /**
     * How many calls deep a JDK method may reach {@code java.util.regex} and count as an entry point. Deeper, the
     * paths found all run through the JDK's formatting and parsing of its own fixed patterns (String.format,
     * toString of numbers and dates), which is the noise this bound keeps out, not a guarantee it gives up.
     */
    private static final int DEPTH = 3;

    private static final String MATCHER = "java/util/regex/Matcher";

    /** Patterns written by the JDK, not by shipped code, and shaped so that matching stays linear in the text. */
    private static final Map<String, String> JDK_OWN_PATTERNS = Map.ofEntries(
            fixed("java/lang/Double.toHexString(D)Ljava/lang/String;", "0{1,12}$ over at most 24 characters"),
            fixed("java/lang/Float.toHexString(F)Ljava/lang/String;", "0{1,12}$ over at most 24 characters"),
            fixed("java/util/Formatter.format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/util/Formatter;",
                    "one format specifier pattern without nested repetition, tried at each %"),
            fixed("java/util/Formatter.format(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)"
                    + "Ljava/util/Formatter;", "as Formatter.format"),
            fixed("java/io/PrintStream.format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/io/PrintStream;",
                    "as Formatter.format"),
            fixed("java/io/PrintStream.format(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)"
                    + "Ljava/io/PrintStream;", "as Formatter.format"),
            fixed("java/io/PrintWriter.format(Ljava/lang/String;[Ljava/lang/Object;)Ljava/io/PrintWriter;",
                    "as Formatter.format"),
            fixed("java/io/PrintWriter.format(Ljava/util/Locale;Ljava/lang/String;[Ljava/lang/Object;)"
                    + "Ljava/io/PrintWriter;", "as Formatter.format"),
            fixed("java/sql/Statement.enquoteIdentifier(Ljava/lang/String;Z)Ljava/lang/String;",
                    "[\\p{Alpha}][\\p{Alnum}_]* over at most 128 characters"),
            fixed("java/sql/Statement.isSimpleIdentifier(Ljava/lang/String;)Z",
                    "[\\p{Alpha}][\\p{Alnum}_]* over at most 128 characters"),
            fixed("java/text/CompactNumberFormat.parse(Ljava/lang/String;Ljava/text/ParsePosition;)Ljava/lang/Number;",
                    "\\p{Nd}+ over the text; the patterns come from locale data, since the constructors that take"
                    + " patterns and plural rules are refused"),
            fixed("java/time/Duration.parse(Ljava/lang/CharSequence;)Ljava/time/Duration;",
                    "ISO-8601, each repeated group ended by its own letter"),
            fixed("java/time/Period.parse(Ljava/lang/CharSequence;)Ljava/time/Period;",
                    "ISO-8601, each repeated group ended by its own letter"),
            fixed("java/util/Currency.getInstance(Ljava/util/Locale;)Ljava/util/Currency;",
                    "^[a-zA-Z]{2}$ on a country code"),
            fixed("java/util/Locale.forLanguageTag(Ljava/lang/String;)Ljava/util/Locale;",
                    "^[a-zA-Z]{2}[zZ]{4}$ and single-character splits, which take String.split's plain path"),
            fixed("java/util/Locale.filterTags(Ljava/util/List;Ljava/util/Collection;Ljava/util/Locale$FilteringMode;)"
                    + "Ljava/util/List;", "as Locale.forLanguageTag"),
            fixed("java/util/Locale.lookupTag(Ljava/util/List;Ljava/util/Collection;)Ljava/lang/String;",
                    "as Locale.forLanguageTag"),
            fixed("java/util/Locale$LanguageRange.<init>(Ljava/lang/String;D)V", "split(\"-\"): String.split's plain path"),
            fixed("java/util/Locale$Builder.build()Ljava/util/Locale;", "as Locale.forLanguageTag"),
            fixed("java/util/Locale$Builder.setExtension(CLjava/lang/String;)Ljava/util/Locale$Builder;",
                    "as Locale.forLanguageTag"),
            fixed("java/util/Locale$Builder.setUnicodeLocaleKeyword(Ljava/lang/String;Ljava/lang/String;)"
                    + "Ljava/util/Locale$Builder;", "as Locale.forLanguageTag"),
            fixed("java/util/Locale$Builder.setVariant(Ljava/lang/String;)Ljava/util/Locale$Builder;",
                    "as Locale.forLanguageTag"));

    /** Members of java.util.regex that match no text at all. */
    private static final Set<String> NO_MATCHING = Set.of(
            "java/util/regex/Pattern.compile(Ljava/lang/String;)Ljava/util/regex/Pattern;",
            "java/util/regex/Pattern.compile(Ljava/lang/String;I)Ljava/util/regex/Pattern;",
            "java/util/regex/Pattern.quote(Ljava/lang/String;)Ljava/lang/String;",
            "java/util/regex/Pattern.pattern()Ljava/lang/String;",
            "java/util/regex/Pattern.flags()I",
            "java/util/regex/Pattern.toString()Ljava/lang/String;");

    private static final JdkCalls JDK = new JdkCalls();

    @Test
    void everyRegexEntryPointTheDefaultAllowlistExposesIsBoundedOrRefused() {
        Map<String, String> decisions = decide(Verifier.withDefaults());

        assertThat(decisions).as("entry points neither bounded, refused nor harmless")
                .allSatisfy((member, decision) -> assertThat(decision).as(member).doesNotStartWith("OPEN"));
    }

    @Test
    void theSearchFindsTheRoutesShippedCodeUses() {
        Map<String, String> decisions = decide(Verifier.withDefaults());

        for (String route : List.of("java/lang/String.matches(Ljava/lang/String;)Z",
                "java/lang/String.replaceAll(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
                "java/lang/String.replaceFirst(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
                "java/lang/String.split(Ljava/lang/String;)[Ljava/lang/String;",
                "java/lang/String.split(Ljava/lang/String;I)[Ljava/lang/String;",
                "java/util/regex/Pattern.matcher(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;",
                "java/util/regex/Pattern.matches(Ljava/lang/String;Ljava/lang/CharSequence;)Z",
                "java/util/regex/Pattern.split(Ljava/lang/CharSequence;)[Ljava/lang/String;",
                "java/util/regex/Pattern.split(Ljava/lang/CharSequence;I)[Ljava/lang/String;",
                "java/util/regex/Pattern.splitAsStream(Ljava/lang/CharSequence;)Ljava/util/stream/Stream;",
                "java/util/regex/Pattern.asPredicate()Ljava/util/function/Predicate;",
                "java/util/regex/Pattern.asMatchPredicate()Ljava/util/function/Predicate;",
                "java/util/regex/Matcher.reset(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;")) {
            assertThat(decisions).as(route).containsEntry(route, "bounded");
        }
        assertThat(decisions).containsEntry(
                "java/text/CompactNumberFormat.<init>(Ljava/lang/String;Ljava/text/DecimalFormatSymbols;"
                        + "[Ljava/lang/String;Ljava/lang/String;)V", "refused");
    }

    @Test
    void anAllowlistWithoutTheScannerRuleIsCaught() {
        List<Rule> rules = new ArrayList<>(Allowlist.defaults().rules());
        assertThat(rules.remove(Rule.parse("deny java.util.Scanner"))).isTrue();
        Allowlist opened = Allowlist.of(rules);

        Map<String, String> decisions = decide(Verifier.of(opened, Limits.defaults()));

        assertThat(decisions).hasEntrySatisfying("java/util/Scanner.findInLine(Ljava/lang/String;)Ljava/lang/String;",
                d -> assertThat(d).startsWith("OPEN"));
        assertThat(decisions).hasEntrySatisfying("java/util/Scanner.useDelimiter(Ljava/lang/String;)Ljava/util/Scanner;",
                d -> assertThat(d).startsWith("OPEN"));
    }

    @Test
    void aRuleThatExposesAPatternTakingConstructorIsCaught() {
        Allowlist opened = Allowlist.defaults().toBuilder()
                .allow("java.text.CompactNumberFormat#<init>(Ljava/lang/String;Ljava/text/DecimalFormatSymbols;"
                        + "[Ljava/lang/String;Ljava/lang/String;)V").build();

        Map<String, String> decisions = decide(Verifier.of(opened, Limits.defaults()));

        assertThat(decisions).hasEntrySatisfying("java/text/CompactNumberFormat.<init>(Ljava/lang/String;"
                + "Ljava/text/DecimalFormatSymbols;[Ljava/lang/String;Ljava/lang/String;)V",
                d -> assertThat(d).startsWith("OPEN"));
    }

    /** Each regex entry point the verifier's allowlist exposes, with what stops it: or "OPEN" if nothing does. */
    private static Map<String, String> decide(Verifier verifier) {
        Map<String, String> decisions = new TreeMap<>();
        for (String className : exposedJdkClasses(verifier.allowlist())) {
            for (JdkCalls.Member m : JDK.publicMethods(className)) {
                if (isRegexEntry(m)) {
                    decisions.put(m.key(), decide(verifier, m));
                }
            }
        }
        return decisions;
    }

    private static String decide(Verifier verifier, JdkCalls.Member m) {
        byte[] call = caller(m, false);
        byte[] reference = caller(m, true);
        boolean callRefused = !verifier.verify(Bundles.single("com.acme.Probe", call)).isAccepted();
        boolean referenceRefused = !verifier.verify(Bundles.single("com.acme.Probe", reference)).isAccepted();
        if (callRefused && referenceRefused) {
            return "refused";
        }
        if (!references(Instrumenter.instrument(call), m) && !references(Instrumenter.instrument(reference), m)) {
            return "bounded";
        }
        if (NO_MATCHING.contains(m.key())) {
            return "matches no text";
        }
        if (m.owner().startsWith("java/util/regex/") && !m.owner().equals("java/util/regex/Pattern")
                && !m.descriptor().substring(0, m.descriptor().indexOf(')')).contains("Ljava/lang/CharSequence;")) {
            return "works on the text its matcher was made or reset with, which is always polling text";
        }
        String fixed = JDK_OWN_PATTERNS.get(m.key());
        return fixed == null ? "OPEN: the verifier allows it and the instrumenter leaves it" : "JDK pattern: " + fixed;
    }

    private static boolean isRegexEntry(JdkCalls.Member m) {
        if (m.owner().startsWith("java/util/regex/") || m.owner().equals("java/util/Scanner")
                || m.descriptor().contains("Ljava/util/regex/")) {
            return true;
        }
        return JDK.reaches(m.key(), "java/util/regex/", DEPTH);
    }

    /** A class whose {@code run()} calls {@code m}, or takes a method reference to it. */
    private static byte[] caller(JdkCalls.Member m, boolean asReference) {
        return Bundles.generated("com.acme.Probe", Bundles.staticRun(mv -> {
            if (asReference) {
                Handle metafactory = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory",
                        "metafactory", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                                + "Ljava/lang/invoke/CallSite;", false);
                Type type = Type.getMethodType(m.descriptor());
                mv.visitInvokeDynamicInsn("apply", "()Ljava/lang/Object;", metafactory, type,
                        new Handle(m.handleTag(), m.owner(), m.name(), m.descriptor(), m.isInterface()), type);
                mv.visitInsn(Opcodes.POP);
            } else {
                mv.visitMethodInsn(m.callOpcode(), m.owner(), m.name(), m.descriptor(), m.isInterface());
            }
        }));
    }

    /** Whether the instrumented class still calls {@code m} or points a method handle at it. */
    private static boolean references(byte[] classFile, JdkCalls.Member m) {
        boolean[] found = new boolean[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean itf) {
                        found[0] |= m.key().equals(owner + "." + callee + desc);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        for (Object a : args) {
                            found[0] |= a instanceof Handle h
                                    && m.key().equals(h.getOwner() + "." + h.getName() + h.getDesc());
                        }
                    }
                };
            }
        }, 0);
        return found[0];
    }

    private static Map.Entry<String, String> fixed(String member, String why) {
        return Map.entry(member, why);
    }

    static List<String> exposedJdkClasses(Allowlist allowlist) {
        List<String> names = new ArrayList<>();
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String module : List.of("java.base", "java.sql")) {
            Path root = jrt.getPath("/modules", module);
            try (Stream<Path> files = Files.walk(root)) {
                files.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(".class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()))
                        .filter(n -> allowlist.exposesClass(n.replace('/', '.')))
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** The JDK's methods and the calls in their code, read as class files. */
    static final class JdkCalls {
        record Member(String owner, String name, String descriptor, int access, boolean isInterface) {
            String key() {
                return owner + "." + name + descriptor;
            }

            boolean isStatic() {
                return (access & Opcodes.ACC_STATIC) != 0;
            }

            int callOpcode() {
                return name.equals("<init>") ? Opcodes.INVOKESPECIAL : isStatic() ? Opcodes.INVOKESTATIC
                        : isInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
            }

            int handleTag() {
                return name.equals("<init>") ? Opcodes.H_NEWINVOKESPECIAL : isStatic() ? Opcodes.H_INVOKESTATIC
                        : isInterface ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL;
            }
        }

        private record Shape(int access, String superName, List<String> interfaces, Map<String, Member> methods,
                Map<String, List<String>> calls) {}

        private final Map<String, Optional<Shape>> classes = new HashMap<>();

        List<Member> publicMethods(String className) {
            Optional<Shape> shape = shape(className);
            if (shape.isEmpty() || (shape.get().access() & Opcodes.ACC_PUBLIC) == 0) {
                return List.of();
            }
            return shape.get().methods().values().stream()
                    .filter(m -> (m.access() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0)
                    .filter(m -> (m.access() & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) == 0)
                    .filter(m -> !m.name().equals("<clinit>"))
                    .toList();
        }

        /** Whether the code of {@code key} calls, within {@code depth} calls, a method of a class under {@code prefix}. */
        boolean reaches(String key, String prefix, int depth) {
            Set<String> seen = new HashSet<>();
            Deque<String> level = new ArrayDeque<>(List.of(key));
            for (int d = 0; d < depth && !level.isEmpty(); d++) {
                Deque<String> next = new ArrayDeque<>();
                for (String m : level) {
                    for (String callee : callees(m)) {
                        if (callee.startsWith(prefix)) {
                            return true;
                        }
                        if (seen.add(callee)) {
                            next.add(callee);
                        }
                    }
                }
                level = next;
            }
            return false;
        }

        private List<String> callees(String key) {
            int dot = key.indexOf('.');
            String owner = key.substring(0, dot);
            String method = key.substring(dot + 1);
            Deque<String> search = new ArrayDeque<>(List.of(owner));
            Set<String> visited = new HashSet<>();
            while (!search.isEmpty()) {
                String c = search.poll();
                if (!visited.add(c)) {
                    continue;
                }
                Optional<Shape> shape = shape(c);
                if (shape.isEmpty()) {
                    continue;
                }
                List<String> calls = shape.get().calls().get(method);
                if (calls != null) {
                    return calls;
                }
                if (shape.get().superName() != null) {
                    search.add(shape.get().superName());
                }
                search.addAll(shape.get().interfaces());
            }
            return List.of();
        }

        private Optional<Shape> shape(String internalName) {
            return classes.computeIfAbsent(internalName, JdkCalls::read);
        }

        private static Optional<Shape> read(String internalName) {
            try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")) {
                if (in == null) {
                    return Optional.empty();
                }
                Map<String, Member> methods = new HashMap<>();
                Map<String, List<String>> calls = new HashMap<>();
                String[] header = new String[1];
                int[] classAccess = new int[1];
                List<String> interfaces = new ArrayList<>();
                new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(int version, int access, String name, String signature, String superName,
                            String[] ifaces) {
                        header[0] = superName;
                        classAccess[0] = access;
                        interfaces.addAll(List.of(ifaces));
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                            String[] exceptions) {
                        methods.put(name + descriptor, new Member(internalName, name, descriptor, access,
                                (classAccess[0] & Opcodes.ACC_INTERFACE) != 0));
                        List<String> out = new ArrayList<>();
                        calls.put(name + descriptor, out);
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMethodInsn(int opcode, String owner, String callee, String desc,
                                    boolean isInterface) {
                                out.add(owner + "." + callee + desc);
                            }

                            @Override
                            public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                                for (Object a : args) {
                                    if (a instanceof Handle h) {
                                        out.add(h.getOwner() + "." + h.getName() + h.getDesc());
                                    }
                                }
                            }
                        };
                    }
                }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                return Optional.of(new Shape(classAccess[0], header[0], interfaces, methods, calls));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
