package io.wormhole.server.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * Judges every reference the structure of one class makes, as ASM reports it: header, attributes, fields,
 * methods, annotations and each instruction. References only the raw constant pool holds are left to
 * {@link ConstantPoolCheck}.
 */
final class ClassChecker extends ClassVisitor {

    private static final String HEADER = "class header";

    private final Judge judge;
    private final Findings findings;
    private final String className;

    ClassChecker(Judge judge, Findings findings, String className) {
        super(Opcodes.ASM9);
        this.judge = judge;
        this.findings = findings;
        this.className = className;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        if (superName != null) {
            type(HEADER, "extends", superName);
        }
        for (String i : interfaces) {
            type(HEADER, "implements", i);
        }
        classSignature(HEADER, signature);
    }

    @Override
    public ModuleVisitor visitModule(String name, int access, String version) {
        findings.reject(className, "class " + className + " is a module descriptor, which a bundle may not contain");
        return null;
    }

    @Override
    public void visitNestHost(String nestHost) {
        type(HEADER, "names as nest host", nestHost);
    }

    @Override
    public void visitNestMember(String nestMember) {
        type(HEADER, "names as nest member", nestMember);
    }

    @Override
    public void visitPermittedSubclass(String permittedSubclass) {
        type(HEADER, "permits", permittedSubclass);
    }

    @Override
    public void visitOuterClass(String owner, String name, String descriptor) {
        type(HEADER, "names as enclosing class", owner);
        if (descriptor != null) {
            report(HEADER, "names as enclosing method", judge.descriptor(descriptor));
        }
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
        if (!Bootstraps.isPlumbing(name)) {
            type(HEADER, "names as inner class", name);
        }
        if (outerName != null && !Bootstraps.isPlumbing(outerName)) {
            type(HEADER, "names as outer class", outerName);
        }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return annotation(HEADER, descriptor);
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return annotation(HEADER, descriptor);
    }

    @Override
    public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
        String where = "record component " + name;
        report(where, "references", judge.descriptor(descriptor));
        typeSignature(where, signature);
        return new RecordComponentVisitor(api) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                return annotation(where, annotation);
            }

            @Override
            public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String annotation,
                    boolean visible) {
                return annotation(where, annotation);
            }
        };
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        String where = "field " + name;
        report(where, "references", judge.descriptor(descriptor));
        typeSignature(where, signature);
        return new FieldVisitor(api) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                return annotation(where, annotation);
            }

            @Override
            public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String annotation,
                    boolean visible) {
                return annotation(where, annotation);
            }
        };
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        String where = name + descriptor;
        if ((access & Opcodes.ACC_NATIVE) != 0) {
            findings.reject(className, className + "." + where + " is native, which is not allowed");
        }
        // The JVM would run it on its finalizer thread, outside the backend's thread and any budget.
        if (name.equals("finalize") && descriptor.equals("()V") && (access & Opcodes.ACC_STATIC) == 0) {
            findings.reject(className, className + "." + where + " overrides Object.finalize(), which is not allowed");
        }
        report(where, "references", judge.descriptor(descriptor));
        classSignature(where, signature);
        if (exceptions != null) {
            for (String e : exceptions) {
                type(where, "declares", e);
            }
        }
        return new CodeChecker(where);
    }

    /** Instructions and method-level metadata. */
    private final class CodeChecker extends MethodVisitor {
        private final String where;

        CodeChecker(String where) {
            super(ClassChecker.this.api);
            this.where = where;
        }

        @Override
        public AnnotationVisitor visitAnnotationDefault() {
            return new AnnotationChecker(where);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor,
                boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor,
                boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor,
                boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start,
                Label[] end, int[] index, String descriptor, boolean visible) {
            return annotation(where, descriptor);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            type(where, "references", type);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            type(where, "references", descriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            String verb = opcode == Opcodes.GETFIELD || opcode == Opcodes.GETSTATIC ? "reads" : "writes";
            report(where, verb, judge.member(owner, name, descriptor, true));
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            report(where, "calls", judge.member(owner, name, descriptor, false));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            if (!Bootstraps.isAllowed(bootstrap)) {
                report(where, "uses bootstrap method", Optional.of(new Judge.Problem(
                        Descriptors.member(bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc(), false),
                        "which is not allowed")));
            }
            report(where, "references", judge.descriptor(descriptor));
            for (Object argument : arguments) {
                report(where, "references", judge.constant(argument));
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            report(where, "loads", judge.constant(value));
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            if (type != null) {
                type(where, "catches", type);
            }
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                int index) {
            report(where, "references", judge.descriptor(descriptor));
            typeSignature(where, signature);
        }
    }

    /** Annotation types, enum constants, class values and nested annotations, at any depth. */
    private final class AnnotationChecker extends AnnotationVisitor {
        private final String where;

        AnnotationChecker(String where) {
            super(ClassChecker.this.api);
            this.where = where;
        }

        @Override
        public void visit(String name, Object value) {
            if (value instanceof Type type) {
                report(where, "references", judge.constant(type));
            }
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            report(where, "references", judge.descriptor(descriptor));
        }

        @Override
        public AnnotationVisitor visitAnnotation(String name, String descriptor) {
            return annotation(where, descriptor);
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            return this;
        }
    }

    private AnnotationVisitor annotation(String where, String descriptor) {
        report(where, "is annotated with", judge.descriptor(descriptor));
        return new AnnotationChecker(where);
    }

    private void type(String where, String verb, String internalName) {
        report(where, verb, judge.type(internalName));
    }

    private void classSignature(String where, String signature) {
        if (signature != null) {
            SignatureTypes types = new SignatureTypes();
            new SignatureReader(signature).accept(types);
            types.names.forEach(n -> type(where, "references", n));
        }
    }

    private void typeSignature(String where, String signature) {
        if (signature != null) {
            SignatureTypes types = new SignatureTypes();
            new SignatureReader(signature).acceptType(types);
            types.names.forEach(n -> type(where, "references", n));
        }
    }

    private void report(String where, String verb, Optional<Judge.Problem> problem) {
        problem.ifPresent(p -> findings.refuse(className, where, verb, p));
    }

    /** Class names in a generic signature; {@code Map<K,V>.Entry} names {@code Map$Entry}. */
    private static final class SignatureTypes extends SignatureVisitor {
        final List<String> names = new ArrayList<>();
        private final Deque<String> open = new ArrayDeque<>();

        SignatureTypes() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitClassType(String name) {
            open.push(name);
            names.add(name);
        }

        @Override
        public void visitInnerClassType(String name) {
            String inner = (open.isEmpty() ? "" : open.pop() + "$") + name;
            open.push(inner);
            names.add(inner);
        }

        @Override
        public void visitEnd() {
            if (!open.isEmpty()) {
                open.pop();
            }
        }
    }
}
