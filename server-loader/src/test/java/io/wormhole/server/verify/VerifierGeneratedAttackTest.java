package io.wormhole.server.verify;

import static io.wormhole.server.verify.Bundles.generated;
import static io.wormhole.server.verify.Bundles.staticRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.objectweb.asm.Opcodes.*;

import io.wormhole.server.verify.fixtures.benign.Accounts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypeReference;

/** Attacks javac would not write, built with ASM: constant-pool tricks, bootstraps, headers, limits. */
class VerifierGeneratedAttackTest {

    private static final String GEN = "com.acme.Gen";
    private static final String GEN_INTERNAL = "com/acme/Gen";
    private static final Handle METAFACTORY = new Handle(H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory",
            "metafactory", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
            + "Ljava/lang/invoke/CallSite;", false);
    private static final Handle EXEC = new Handle(H_INVOKEVIRTUAL, "java/lang/Runtime", "exec",
            "(Ljava/lang/String;)Ljava/lang/Process;", false);

    private final Verifier verifier = Verifier.withDefaults();

    private Verdict verifyRun(Consumer<MethodVisitor> code) {
        return verifier.verify(Map.of(GEN, generated(GEN, staticRun(code))));
    }

    private static void assertRejected(Verdict verdict, String expected) {
        assertThat(verdict.isAccepted()).isFalse();
        assertThat(verdict.violations()).extracting(Violation::message).as(verdict.describe())
                .anySatisfy(m -> assertThat(m).contains(expected));
    }

    @Test
    void ldcOfMethodHandleToForbiddenMethod() {
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn(EXEC);
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V loads java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed");
    }

    @Test
    void ldcOfForbiddenArrayClass() {
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn(Type.getType("[[Ljava/lang/Thread;"));
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V loads java.lang.Thread which is not allowed");
    }

    @Test
    void constantDynamicIsRefused() {
        Handle bootstrap = new Handle(H_INVOKESTATIC, "java/lang/invoke/ConstantBootstraps", "nullConstant",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        Verdict verdict = verifyRun(mv -> {
            mv.visitLdcInsn(new ConstantDynamic("sneaky", "Ljava/lang/Object;", bootstrap));
            mv.visitInsn(POP);
        });
        assertRejected(verdict, "com.acme.Gen.run()V loads dynamic constant sneaky which is not allowed");
        assertRejected(verdict, "java.lang.invoke.ConstantBootstraps.nullConstant");
    }

    @Test
    void unknownBootstrapIsRefusedEvenInTheBundle() {
        Handle own = new Handle(H_INVOKESTATIC, GEN_INTERNAL, "boot", "(Ljava/lang/invoke/MethodHandles$Lookup;"
                + "Ljava/lang/String;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false);
        assertRejected(verifyRun(mv -> mv.visitInvokeDynamicInsn("x", "()V", own)),
                "com.acme.Gen.run()V uses bootstrap method com.acme.Gen.boot(");
    }

    @Test
    void allowedBootstrapNameWithOtherDescriptorIsRefused() {
        Handle fake = new Handle(H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
                        + "Ljava/lang/invoke/CallSite;", false);
        assertRejected(verifyRun(mv -> mv.visitInvokeDynamicInsn("x", "()V", fake)),
                "uses bootstrap method java.lang.invoke.LambdaMetafactory.metafactory(");
    }

    @Test
    void lambdaWhoseImplementationIsForbidden() {
        assertRejected(verifyRun(mv -> {
            mv.visitInvokeDynamicInsn("apply", "()Ljava/util/function/BiFunction;", METAFACTORY,
                    Type.getType("(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"), EXEC,
                    Type.getType("(Ljava/lang/Runtime;Ljava/lang/String;)Ljava/lang/Process;"));
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V references java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed");
    }

    @Test
    void lambdaCapturingForbiddenType() {
        Handle target = new Handle(H_INVOKESTATIC, GEN_INTERNAL, "run", "()V", false);
        assertRejected(verifyRun(mv -> {
            mv.visitInsn(ACONST_NULL);
            mv.visitInvokeDynamicInsn("run", "(Ljava/lang/Thread;)Ljava/lang/Runnable;", METAFACTORY,
                    Type.getType("()V"), target, Type.getType("()V"));
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V references java.lang.Thread which is not allowed");
    }

    @Test
    void inheritedObjectWaitThroughBundleClass() {
        assertRejected(verifier.verify(Map.of(GEN, generated(GEN, staticRun(mv -> {
            mv.visitInsn(ACONST_NULL);
            mv.visitMethodInsn(INVOKEVIRTUAL, GEN_INTERNAL, "wait", "()V", false);
        })))), "com.acme.Gen.run()V calls com.acme.Gen.wait()V which is not allowed");
    }

    @Test
    void inheritedDefaultMethodOfJdkInterfaceThroughBundleInterface() {
        ClassWriter w = new ClassWriter(0);
        w.visit(V17, ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT, "com/acme/Bag", null, "java/lang/Object",
                new String[] {"java/util/Collection"});
        w.visitEnd();
        byte[] iface = w.toByteArray();
        byte[] user = generated(GEN, staticRun(mv -> {
            mv.visitInsn(ACONST_NULL);
            mv.visitMethodInsn(INVOKEINTERFACE, "com/acme/Bag", "parallelStream", "()Ljava/util/stream/Stream;", true);
            mv.visitInsn(POP);
        }));
        assertRejected(verifier.verify(Map.of("com.acme.Bag", iface, GEN, user)),
                "calls com.acme.Bag.parallelStream()Ljava/util/stream/Stream; which is not allowed");
    }

    @Test
    void multiDimensionalArrayOfForbiddenType() {
        assertRejected(verifyRun(mv -> {
            mv.visitInsn(ICONST_1);
            mv.visitInsn(ICONST_1);
            mv.visitMultiANewArrayInsn("[[Ljava/lang/ProcessBuilder;", 2);
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V references java.lang.ProcessBuilder which is not allowed");
    }

    @Test
    void checkcastToForbiddenArray() {
        assertRejected(verifyRun(mv -> {
            mv.visitInsn(ACONST_NULL);
            mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/ClassLoader;");
            mv.visitInsn(POP);
        }), "references java.lang.ClassLoader which is not allowed");
    }

    @Test
    void instructionTypeAnnotationOfForbiddenType() {
        assertRejected(verifyRun(mv -> {
            mv.visitInsn(ACONST_NULL);
            mv.visitTypeInsn(CHECKCAST, "java/lang/String");
            mv.visitInsnAnnotation(TypeReference.newTypeReference(TypeReference.CAST).getValue(), null,
                    "Ljava/lang/Thread;", false).visitEnd();
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V is annotated with java.lang.Thread which is not allowed");
    }

    @Test
    void memberThatDoesNotExist() {
        assertRejected(verifyRun(mv -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "launch", "()V", false)),
                "calls java.lang.Math.launch()V which does not exist");
    }

    @Test
    void nestHostAndPermittedSubclassNamingForbiddenClasses() {
        Verdict verdict = verifier.verify(Map.of(GEN, generated(GEN, cw -> {
            cw.visitNestHost("java/lang/Thread");
            cw.visitPermittedSubclass("java/lang/Runtime");
        })));
        assertRejected(verdict, "com.acme.Gen (class header) names as nest host java.lang.Thread which is not allowed");
        assertRejected(verdict, "com.acme.Gen (class header) permits java.lang.Runtime which is not allowed");
    }

    @Test
    void innerClassEntryNamingForbiddenClass() {
        assertRejected(verifier.verify(Map.of(GEN, generated(GEN,
                cw -> cw.visitInnerClass("java/lang/ProcessBuilder$Redirect", "java/lang/ProcessBuilder", "Redirect",
                        ACC_PUBLIC | ACC_STATIC | ACC_ABSTRACT)))),
                "names as inner class java.lang.ProcessBuilder$Redirect which is not allowed");
    }

    @Test
    void deadConstantPoolEntries() {
        Verdict verdict = verifier.verify(Map.of(GEN, generated(GEN, cw -> {
            cw.newMethod("java/lang/Runtime", "exec", "(Ljava/lang/String;)Ljava/lang/Process;", false);
            cw.newClass("java/lang/Thread");
            cw.newField("java/lang/System", "in", "Ljava/io/InputStream;");
            cw.newMethodType("(Ljava/lang/ClassLoader;)V");
            cw.newHandle(H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
            cw.newConstantDynamic("dead", "I", new Handle(H_INVOKESTATIC, GEN_INTERNAL, "b", "()I", false));
        })));
        assertRejected(verdict, "com.acme.Gen (constant pool) references java.lang.Runtime.exec(Ljava/lang/String;)Ljava/lang/Process; which is not allowed");
        assertRejected(verdict, "com.acme.Gen (constant pool) references java.lang.Thread which is not allowed");
        assertRejected(verdict, "com.acme.Gen (constant pool) references java.lang.System.in which is not allowed");
        assertRejected(verdict, "com.acme.Gen (constant pool) references java.lang.ClassLoader which is not allowed");
        assertRejected(verdict, "com.acme.Gen (constant pool) references java.lang.System.exit(I)V which is not allowed");
        assertRejected(verdict, "com.acme.Gen (constant pool) references dynamic constant dead which is not allowed");
    }

    @Test
    void deadEntriesAreReportedOnceWhenCodeAlsoUsesThem() {
        Verdict verdict = verifyRun(mv -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "gc", "()V", false));

        assertThat(verdict.violations()).singleElement().satisfies(v -> {
            assertThat(v.className()).isEqualTo(GEN);
            assertThat(v.location()).isEqualTo("run()V");
            assertThat(v.reference()).isEqualTo("java.lang.System.gc()V");
            assertThat(v.message()).isEqualTo("com.acme.Gen.run()V calls java.lang.System.gc()V which is not allowed:"
                    + " the JVM's properties, environment, input, exit and collector are the database server's, shared"
                    + " with the backend's later calls: pass what the method needs as arguments");
        });
    }

    /**
     * The loader weaves calls to its budget into shipped code, and its class is visible to bundles so they link:
     * shipped code calling it itself (a negative frame size would buy a counted entry stack it never looks at) is
     * refused.
     */
    @Test
    void theBudgetsHooksCannotBeCalledByShippedCode() {
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn(Integer.MIN_VALUE);
            mv.visitMethodInsn(INVOKESTATIC, "io/wormhole/server/sandbox/Budget", "enterCounted", "(I)V", false);
        }), "com.acme.Gen.run()V calls io.wormhole.server.sandbox.Budget.enterCounted(I)V which is not in the bundle"
                + " and not allowed");
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn(new Handle(H_INVOKESTATIC, "io/wormhole/server/sandbox/Budget", "enterCounted", "(I)V",
                    false));
            mv.visitInsn(POP);
        }), "com.acme.Gen.run()V loads io.wormhole.server.sandbox.Budget.enterCounted(I)V which is not");
    }

    @Test
    void nativeMethodGenerated() {
        assertRejected(verifier.verify(Map.of(GEN, generated(GEN,
                cw -> cw.visitMethod(ACC_PUBLIC | ACC_NATIVE, "peek", "(J)I", null, null).visitEnd()))),
                "com.acme.Gen.peek(J)I is native, which is not allowed");
    }

    @Test
    void extendsNonAllowedJdkClass() {
        assertRejected(verifier.verify(Map.of(GEN, generated(GEN, "java/io/FileInputStream", V17, cw -> { }))),
                "com.acme.Gen (class header) extends java.io.FileInputStream which is not allowed");
    }

    @Test
    void classesInReservedPackages() {
        for (String name : new String[] {"java.lang.Evil", "javax.script.Evil", "jdk.internal.Evil", "sun.misc.Evil",
                "com.sun.Evil", "io.wormhole.Evil", "io.wormhole.server.Entry"}) {
            assertRejected(verifier.verify(Map.of(name, generated(name, cw -> { }))),
                    "class " + name + " is in ");
        }
    }

    @Test
    void classFileNewerThanTheServer() {
        byte[] bytes = generated(GEN, "java/lang/Object", Limits.runningMajorVersion() + 1, cw -> { });
        int running = Limits.runningMajorVersion() - 44;
        assertRejected(verifier.verify(Map.of(GEN, bytes)),
                "class com.acme.Gen has class-file version " + (Limits.runningMajorVersion() + 1) + " (Java "
                        + (running + 1) + "), newer than");
        assertRejected(verifier.verify(Map.of(GEN, bytes)), "compile with --release " + running
                + ", or point wormhole.libjvm_path at a Java " + (running + 1) + " or newer JDK");
    }

    @Test
    void limitsOnClassSizeBundleSizeAndCount() {
        Map<String, byte[]> bundle = Bundles.compiled(Accounts.class);
        int largest = bundle.values().stream().mapToInt(b -> b.length).max().orElseThrow();
        long total = bundle.values().stream().mapToLong(b -> b.length).sum();

        assertRejected(Verifier.of(Allowlist.defaults(), Limits.defaults().withMaxClassBytes(largest - 1)).verify(bundle),
                "bytes, more than the limit of " + (largest - 1));
        assertRejected(Verifier.of(Allowlist.defaults(), Limits.defaults().withMaxBundleBytes(total - 1)).verify(bundle),
                "the bundle has " + total + " bytes of classes, more than the limit of " + (total - 1));
        assertRejected(Verifier.of(Allowlist.defaults(), Limits.defaults().withMaxClasses(bundle.size() - 1)).verify(bundle),
                "the bundle has " + bundle.size() + " classes, more than the limit of " + (bundle.size() - 1));
        assertThat(Verifier.of(Allowlist.defaults(), Limits.defaults().withMaxClassBytes(largest)
                .withMaxBundleBytes(total).withMaxClasses(bundle.size())).verify(bundle).isAccepted()).isTrue();
    }

    @Test
    void nameInTheMapMustBeTheClassName() {
        assertRejected(verifier.verify(Map.of("com.acme.Innocent", generated(GEN, cw -> { }))),
                "the bytes given for class com.acme.Innocent define class com.acme.Gen");
        assertRejected(verifier.verify(Map.of("com/acme/Gen", generated(GEN, cw -> { }))),
                "'com/acme/Gen' is not a valid binary class name");
    }

    @Test
    void malformedInput() {
        byte[] valid = generated(GEN, staticRun(mv -> { }));
        Map<String, byte[]> withNull = new HashMap<>();
        withNull.put(GEN, null);

        assertRejected(verifier.verify(Map.of(GEN, "not a class".getBytes())),
                "class com.acme.Gen is not a valid class file: it does not start with the class-file magic number");
        assertRejected(verifier.verify(Map.of(GEN, Arrays.copyOf(valid, valid.length / 2))),
                "class com.acme.Gen is not a valid class file: ");
        assertRejected(verifier.verify(Map.of(GEN, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61})),
                "class com.acme.Gen is not a valid class file: ");
        assertRejected(verifier.verify(withNull), "class com.acme.Gen has no bytes");
        assertRejected(verifier.verify(Map.of()), "the bundle contains no classes");
    }

    @Test
    void systemOutIsAcceptedForTheLoaderToRewrite() {
        Verdict verdict = verifyRun(mv -> {
            mv.visitFieldInsn(GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
            mv.visitLdcInsn("hello");
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/io/PrintStream", "println", "(Ljava/lang/String;)V", false);
            mv.visitFieldInsn(GETSTATIC, "java/lang/System", "err", "Ljava/io/PrintStream;");
            mv.visitInsn(POP);
        });
        assertThat(verdict.isAccepted()).as(verdict.describe()).isTrue();
    }

    @Test
    void reportIsBounded() {
        byte[] bytes = generated(GEN, staticRun(mv -> {
            for (int i = 0; i < Verifier.MAX_REPORTED_VIOLATIONS + 50; i++) {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/Runtime", "m" + i, "()V", false);
            }
        }));
        Verdict verdict = verifier.verify(Map.of(GEN, bytes));

        assertThat(verdict.violations()).hasSize(Verifier.MAX_REPORTED_VIOLATIONS);
        assertThat(verdict.omitted()).isEqualTo(50);
        assertThat(verdict.describe()).endsWith("... and 50 more");
    }

    @Test
    void resolutionWorkIsBoundedForHostileHierarchies() {
        int depth = 1_500;
        Map<String, byte[]> bundle = new HashMap<>();
        for (int i = 0; i < depth; i++) {
            String superName = i + 1 < depth ? "com/acme/C" + (i + 1) : "java/lang/Object";
            bundle.put("com.acme.C" + i, generated("com.acme.C" + i, superName, V17, cw -> { }));
        }
        bundle.put(GEN, generated(GEN, staticRun(mv -> {
            for (int i = 0; i < 20_000; i++) {
                mv.visitMethodInsn(INVOKESTATIC, "com/acme/C0", "m" + i, "()V", false);
            }
        })));
        long start = System.nanoTime();

        Verdict verdict = verifier.verify(bundle);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
        assertRejected(verdict, "the bundle needs more than " + ClassIndex.MAX_RESOLUTION_STEPS + " steps");
    }

    @Test
    void dottedClassNameCannotPassForAnAllowedClass() {
        assertRejected(verifyRun(mv -> {
            mv.visitTypeInsn(NEW, "java.lang.String");
            mv.visitInsn(POP);
        }), "class com.acme.Gen is not a valid class file: IllegalArgumentException: malformed class name java.lang.String");
    }

    @Test
    void violationsComeInClassNameOrder() {
        Map<String, byte[]> bundle = new LinkedHashMap<>();
        for (String name : new String[] {"com.acme.Zed", "com.acme.Alpha"}) {
            bundle.put(name, generated(name, staticRun(mv ->
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "gc", "()V", false))));
        }
        assertThat(verifier.verify(bundle).violations()).extracting(Violation::className)
                .containsExactly("com.acme.Alpha", "com.acme.Zed");
    }

    private static final String MONITORS = "monitors must be taken and released as synchronized blocks do";

    /** helper-22: each pass of the loop leaves one more monitor in the frame, which grows by 16 bytes. */
    @Test
    void monitorsTakenInALoopWithoutRelease() {
        assertRejected(verifyRun(mv -> {
            Label loop = new Label();
            Label done = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(loop, done, handler, null);
            mv.visitIntInsn(SIPUSH, 30_000);
            mv.visitVarInsn(ISTORE, 0);
            mv.visitLabel(loop);
            mv.visitVarInsn(ILOAD, 0);
            mv.visitJumpInsn(IFLE, done);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitIincInsn(0, -1);
            mv.visitJumpInsn(GOTO, loop);
            mv.visitLabel(handler);
            mv.visitInsn(ATHROW);
            mv.visitLabel(done);
        }), "com.acme.Gen.run()V reaches an instruction holding 0 monitors on one path and 1 on another, which is not"
                + " allowed: " + MONITORS);
    }

    @Test
    void monitorReleasedThatWasNeverTaken() {
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
        }), "com.acme.Gen.run()V releases a monitor it did not take");
    }

    @Test
    void returnHoldingAMonitor() {
        assertRejected(verifyRun(mv -> {
            Label start = new Label();
            Label handler = new Label();
            Label end = new Label();
            mv.visitTryCatchBlock(start, end, handler, null);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitLabel(start);
            mv.visitInsn(RETURN);
            mv.visitLabel(handler);
            mv.visitInsn(ATHROW);
            mv.visitLabel(end);
        }), "com.acme.Gen.run()V returns holding 1 monitor");
    }

    /**
     * helper-23: an error that leaves an interpreted frame holding a monitor reaches the caller as an
     * IllegalMonitorStateException, which shipped code may catch; the host would not see the error.
     */
    @Test
    void instructionHoldingAMonitorOutsideAHandlerThatCatchesEverything() {
        assertRejected(verifyRun(mv -> {
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            mv.visitInsn(POP2);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
        }), "com.acme.Gen.run()V runs an instruction holding a monitor where no handler catches everything");
        assertRejected(verifyRun(mv -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label after = new Label();
            mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitLabel(start);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            mv.visitInsn(POP2);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
            mv.visitLabel(end);
            mv.visitJumpInsn(GOTO, after);
            mv.visitLabel(handler);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
            mv.visitInsn(ATHROW);
            mv.visitLabel(after);
        }), "com.acme.Gen.run()V runs an instruction holding a monitor where no handler catches everything");
    }

    @Test
    void monitorsNestedBeyondTheBound() {
        assertThat(verifyRun(nestedMonitors(MonitorNesting.MAX_HELD)).isAccepted()).as("at the bound").isTrue();
        assertRejected(verifyRun(nestedMonitors(MonitorNesting.MAX_HELD + 1)),
                "com.acme.Gen.run()V holds more than " + MonitorNesting.MAX_HELD + " monitors at once");
    }

    /** {@code depth} synchronized blocks nested as javac writes them: each released by a handler of its own. */
    private static Consumer<MethodVisitor> nestedMonitors(int depth) {
        return mv -> {
            Label[][] labels = new Label[depth][5];
            for (Label[] level : labels) {
                Arrays.setAll(level, i -> new Label());
            }
            for (int i = depth - 1; i >= 0; i--) {
                mv.visitTryCatchBlock(labels[i][0], labels[i][1], labels[i][2], null);
                mv.visitTryCatchBlock(labels[i][2], labels[i][3], labels[i][2], null);
            }
            nest(mv, labels, 0);
        };
    }

    private static void nest(MethodVisitor mv, Label[][] labels, int level) {
        if (level == labels.length) {
            return;
        }
        Label[] l = labels[level];
        mv.visitLdcInsn("lock");
        mv.visitInsn(MONITORENTER);
        mv.visitLabel(l[0]);
        nest(mv, labels, level + 1);
        mv.visitLdcInsn("lock");
        mv.visitInsn(MONITOREXIT);
        mv.visitLabel(l[1]);
        mv.visitJumpInsn(GOTO, l[4]);
        mv.visitLabel(l[2]);
        mv.visitVarInsn(ASTORE, 0);
        mv.visitLdcInsn("lock");
        mv.visitInsn(MONITOREXIT);
        mv.visitLabel(l[3]);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(ATHROW);
        mv.visitLabel(l[4]);
    }

    /** A handler is entered with the monitors held before the instruction that threw, on every covered instruction. */
    @Test
    void handlerReachedWithDifferentMonitorsHeld() {
        assertRejected(verifyRun(mv -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label after = new Label();
            mv.visitTryCatchBlock(start, end, handler, null);
            mv.visitLabel(start);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
            mv.visitLabel(end);
            mv.visitJumpInsn(GOTO, after);
            mv.visitLabel(handler);
            mv.visitInsn(POP);
            mv.visitLabel(after);
        }), "reaches an instruction holding 0 monitors on one path and 1 on another");
    }

    /** A typed handler may not match, so the handlers after it are reached too: here one that releases too much. */
    @Test
    void handlerAfterATypedOneIsFollowed() {
        assertRejected(verifyRun(mv -> {
            Label start = new Label();
            Label end = new Label();
            Label typed = new Label();
            Label any = new Label();
            Label after = new Label();
            mv.visitTryCatchBlock(start, end, typed, "java/lang/IllegalStateException");
            mv.visitTryCatchBlock(start, end, any, null);
            mv.visitLabel(start);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            mv.visitInsn(POP2);
            mv.visitLabel(end);
            mv.visitJumpInsn(GOTO, after);
            mv.visitLabel(typed);
            mv.visitInsn(POP);
            mv.visitJumpInsn(GOTO, after);
            mv.visitLabel(any);
            mv.visitInsn(POP);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
            mv.visitLabel(after);
        }), "com.acme.Gen.run()V releases a monitor it did not take");
    }

    /** Each instruction is matched against the whole exception table: a hostile table may not make that the work. */
    @Test
    void monitorsUnderMoreHandlersThanTheCheckFollows() {
        int handlers = 2_100;
        assertRejected(verifyRun(mv -> {
            Label handler = new Label();
            paddingUnderHandlers(mv, handlers, handler, m -> {
                m.visitLdcInsn("lock");
                m.visitInsn(MONITORENTER);
            });
            mv.visitLabel(handler);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
        }), "com.acme.Gen.run()V takes monitors in");
        assertThat((long) PADDING * handlers).isGreaterThan(MonitorNesting.MAX_STEPS);
    }

    /** Instructions in {@link #paddingUnderHandlers}' range. */
    private static final int PADDING = 10_000;

    /**
     * {@code handlers} typed entries, all to {@code handler}, over a range of {@link #PADDING} instructions, with
     * {@code before} written between the table's entries and the range.
     */
    private static void paddingUnderHandlers(MethodVisitor mv, int handlers, Label handler,
            Consumer<MethodVisitor> before) {
        Label start = new Label();
        Label end = new Label();
        for (int i = 0; i < handlers; i++) {
            mv.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
        }
        before.accept(mv);
        mv.visitLabel(start);
        for (int i = 0; i < PADDING / 2; i++) {
            mv.visitInsn(ICONST_0);
            mv.visitInsn(POP);
        }
        mv.visitLabel(end);
    }

    /** The check's steps are counted over the bundle: classes each within it cannot add up to more. */
    @Test
    void monitorsUnderHandlersAddedUpOverTheBundle() {
        Map<String, byte[]> bundle = new LinkedHashMap<>();
        for (String name : new String[] {"com.acme.A", "com.acme.B", "com.acme.C"}) {
            bundle.put(name, generated(name, staticRun(mv -> {
                Label handler = new Label();
                paddingUnderHandlers(mv, 800, handler, m -> {});
                mv.visitLabel(handler);
                nestedMonitors(1).accept(mv);
            })));
        }
        assertThat((long) PADDING * 800).isLessThan(MonitorNesting.MAX_STEPS);
        assertThat(verifier.verify(Map.of("com.acme.A", bundle.get("com.acme.A"))).isAccepted()).isTrue();
        Verdict verdict = verifier.verify(bundle);
        assertRejected(verdict, "com.acme.C.run()V takes monitors in");
        assertThat(verdict.violations()).extracting(Violation::className).containsExactly("com.acme.C");
    }

    @Test
    void subroutinesTogetherWithMonitors() {
        assertRejected(verifier.verify(Map.of(GEN, generated(GEN, "java/lang/Object", V1_5, staticRun(mv -> {
            Label subroutine = new Label();
            Label after = new Label();
            mv.visitJumpInsn(JSR, subroutine);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITORENTER);
            mv.visitLdcInsn("lock");
            mv.visitInsn(MONITOREXIT);
            mv.visitJumpInsn(GOTO, after);
            mv.visitLabel(subroutine);
            mv.visitVarInsn(ASTORE, 0);
            mv.visitVarInsn(RET, 0);
            mv.visitLabel(after);
        })))), "com.acme.Gen.run()V uses jsr or ret together with monitors");
    }
}
