package io.wormhole.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which entry the instrumenter gives each method: a look at the stack at every entry where code outside the bundle
 * (the JDK) can enter the method, a counted entry where only the bundle's own code can, a plain poll where the method
 * can start no other code. A method the JDK could enter but that counted instead would let a recursion inside the JDK
 * carry shipped code past the stack's reserve ({@code OverflowHandlersTest} shows what that breaks).
 */
class OutsideEntriesTest {
    /** Shapes of methods, and who can enter them. */
    static final class Shapes {
        private final List<Integer> values;

        static {
            System.getProperty("shapes");
        }

        Shapes() {
            values = new ArrayList<>();
        }

        static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }

        private int size() {
            return values.size();
        }

        @Override
        public String toString() {
            return String.valueOf(size());
        }

        int packagePrivate() {
            return size();
        }

        static String referenced(Object o) {
            return o.toString();
        }

        static Function<Object, String> reference() {
            return Shapes::referenced;
        }

        static Supplier<Shapes> constructorReference() {
            return Shapes::new;
        }

        static Supplier<List<Integer>> lambda() {
            return () -> List.of(fib(3));
        }

        int field() {
            return values == null ? 0 : 1;
        }
    }

    /** Names a static method of another class by a method reference. */
    static final class Referrer {
        static Function<Integer, Integer> fib() {
            return Target::fib;
        }
    }

    static final class Target {
        static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }
    }

    /** Java serialization calls its private hooks. */
    static final class Serial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private transient List<Integer> values = List.of();

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            values = new ArrayList<>();
        }

        private Object readResolve() {
            return values == null ? new Serial() : this;
        }
    }

    static final class Deserializing {
        static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
            return new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes)).readObject();
        }
    }

    static class Base {
        static int twice(int x) {
            return Math.addExact(x, x);
        }
    }

    static final class Sub extends Base {}

    /** Reaches reflection: it could hand the JDK any of its methods. */
    static final class Reflecting {
        static Object call() throws ReflectiveOperationException {
            return Reflecting.class.getDeclaredMethod("fib", int.class).invoke(null, 3);
        }

        static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }
    }

    @Test
    void onlyMethodsTheJdkCanEnterLookAtEveryEntry() throws IOException {
        Map<String, String> entries = entries(Shapes.class, List.of(Shapes.class));
        assertThat(entries).containsEntry("fib(I)I", "counted")
                .containsEntry("size()I", "counted")
                .containsEntry("<init>()V", "looks")
                .containsEntry("toString()Ljava/lang/String;", "looks")
                .containsEntry("packagePrivate()I", "looks")
                .containsEntry("referenced(Ljava/lang/Object;)Ljava/lang/String;", "looks")
                .containsEntry("reference()Ljava/util/function/Function;", "counted")
                .containsEntry("<clinit>()V", "looks")
                .containsEntry("field()I", "polls");
        // The lambda's body is named by the handle its invokedynamic passes to the metafactory.
        assertThat(entries).hasEntrySatisfying(lambdaBody(entries), v -> assertThat(v).isEqualTo("looks"));
    }

    @Test
    void serializationHooksLookThoughPrivate() throws IOException {
        assertThat(entries(Serial.class, List.of(Serial.class)))
                .containsEntry("readObject(Ljava/io/ObjectInputStream;)V", "looks")
                .containsEntry("readResolve()Ljava/lang/Object;", "looks");
    }

    /** Deserialization runs the constructor of a class's first superclass that is not serializable. */
    @Test
    void aBundleThatDeserializesLooksAtEveryEntry() throws IOException {
        assertThat(entries(Target.class, List.of(Target.class, Deserializing.class))).containsEntry("<init>()V",
                "looks");
    }

    enum Kind {
        ONE, TWO
    }

    /** The JDK calls an enum's values() by reflection (Class.getEnumConstants, EnumSet, Enum.valueOf). */
    @Test
    void anEnumsValuesLooks() throws IOException {
        Map<String, String> entries = entries(Kind.class, List.of(Kind.class));
        assertThat(entries).hasEntrySatisfying(entries.keySet().stream().filter(k -> k.startsWith("values("))
                .findFirst().orElseThrow(), v -> assertThat(v).isEqualTo("looks"));
    }

    @Test
    void aConstructorNoHandleNamesIsCounted() throws IOException {
        assertThat(entries(Target.class, List.of(Target.class))).containsEntry("<init>()V", "counted");
    }

    @Test
    void aMethodReferenceInAnotherClassOfTheBundleMakesItsTargetLook() throws IOException {
        assertThat(entries(Target.class, List.of(Target.class))).containsEntry("fib(I)I", "counted");
        assertThat(entries(Target.class, List.of(Referrer.class, Target.class))).containsEntry("fib(I)I", "looks");
    }

    /**
     * javac names a method reference's declaring class ({@code Base.twice} for {@code Sub::twice}); a class file may
     * name the subclass, and the JVM resolves the handle to the inherited method.
     */
    @Test
    void aHandleThroughASubclassMakesTheInheritedStaticMethodLook() throws IOException {
        assertThat(entries(Base.class, List.of(Base.class, Sub.class))).containsEntry("twice(I)I", "counted");
        ClassWriter viaSub = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        viaSub.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/ViaSub", null, "java/lang/Object", null);
        MethodVisitor mv = viaSub.visitMethod(Opcodes.ACC_STATIC, "twice", "()Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitLdcInsn(new Handle(Opcodes.H_INVOKESTATIC, Type.getInternalName(Sub.class), "twice", "(I)I", false));
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        viaSub.visitEnd();
        assertThat(entries(Base.class, List.of(Base.class, Sub.class), viaSub.toByteArray()))
                .containsEntry("twice(I)I", "looks");
    }

    @Test
    void aBundleThatReflectsLooksAtEveryEntry() throws IOException {
        assertThat(entries(Reflecting.class, List.of(Reflecting.class))).containsEntry("fib(I)I", "looks")
                .containsEntry("call()Ljava/lang/Object;", "looks");
        // Reflection in another class of the bundle is enough.
        assertThat(entries(Target.class, List.of(Reflecting.class, Target.class))).containsEntry("fib(I)I", "looks");
    }

    @Test
    void aClassItCannotReadMakesEveryEntryLook() throws IOException {
        assertThat(entries(Target.class, List.of(Target.class), new byte[] {(byte) 0xCA, (byte) 0xFE}))
                .containsEntry("fib(I)I", "looks");
    }

    private static String lambdaBody(Map<String, String> entries) {
        return entries.keySet().stream().filter(k -> k.startsWith("lambda$")).findFirst().orElseThrow();
    }

    /** Each method of {@code c}, instrumented as part of a bundle of {@code bundle}, by name and descriptor. */
    private static Map<String, String> entries(Class<?> c, List<Class<?>> bundle, byte[]... more) throws IOException {
        List<byte[]> classFiles = new ArrayList<>();
        for (Class<?> k : bundle) {
            classFiles.add(bytes(k));
        }
        classFiles.addAll(List.of(more));
        ClassNode node = new ClassNode();
        new ClassReader(Instrumenter.instrument(bytes(c), OutsideEntries.of(classFiles))).accept(node, 0);
        Map<String, String> entries = new TreeMap<>();
        for (MethodNode m : node.methods) {
            entries.put(m.name + m.desc, entry(m));
        }
        return entries;
    }

    private static String entry(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call) {
                assertThat(call.owner).as("the first call of %s", m.name).isEqualTo(Budget.INTERNAL_NAME);
                return switch (call.name) {
                    case "enter" -> "looks";
                    case "enterCounted" -> "counted";
                    case "poll" -> "polls";
                    default -> throw new AssertionError(m.name + " starts with Budget." + call.name);
                };
            }
        }
        throw new AssertionError(m.name + " has no entry");
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1)
                + ".class")) {
            return in.readAllBytes();
        }
    }
}
