package io.wormhole.agent.invoke;

import io.wormhole.Remote;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites each {@code @Remote} method of a class file so that its body is one call to {@link Woven#remote}: the call
 * goes to the database, and the method's own code, which the bundle ships from the original class file, never runs
 * here. The rest of the class is copied unchanged.
 *
 * <p>Plain ASM rather than ByteBuddy's advice: building ByteBuddy's agent and applying it to the first class cost an
 * application's start 600 ms; this loads a few ASM classes. A new body needs no stack map frames (it has no branch),
 * and the class's shape (fields, methods, signatures, annotations) does not change, as a retransformation requires.
 */
public final class RemoteWeaver {
    private static final String REMOTE = Type.getDescriptor(Remote.class);
    private static final String WOVEN = Type.getInternalName(Woven.class);
    private static final String REMOTE_CALL = "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;Ljava/lang/Object;"
            + "[Ljava/lang/Object;)Ljava/lang/Object;";

    private RemoteWeaver() {}

    /** The class file with its {@code @Remote} methods rewritten, or {@code null} if it has none with a body. */
    public static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        Rewriter rewriter = new Rewriter(writer);
        reader.accept(rewriter, 0);
        return rewriter.woven ? writer.toByteArray() : null;
    }

    private static final class Rewriter extends ClassVisitor {
        private String owner;
        private boolean woven;

        Rewriter(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            owner = name;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
                return next;
            }
            return new BodyReplacer(next, access, name, descriptor);
        }

        /** Keeps the method's annotations; if {@code @Remote} is among them, its code becomes the remote call. */
        private final class BodyReplacer extends MethodVisitor {
            private final MethodVisitor target;
            private final int access;
            private final String name;
            private final String descriptor;
            private boolean remote;

            BodyReplacer(MethodVisitor target, int access, String name, String descriptor) {
                super(Opcodes.ASM9, target);
                this.target = target;
                this.access = access;
                this.name = name;
                this.descriptor = descriptor;
            }

            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                remote |= REMOTE.equals(annotation);
                return super.visitAnnotation(annotation, visible);
            }

            @Override
            public void visitCode() {
                super.visitCode();
                if (remote) {
                    woven = true;
                    emitRemoteCall();
                    mv = null; // the original code, its frames, tables and maxima are dropped
                }
            }

            @Override
            public void visitEnd() {
                if (remote) {
                    mv = target;
                }
                super.visitEnd();
            }

            private void emitRemoteCall() {
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                Type[] parameters = Type.getArgumentTypes(descriptor);
                target.visitLdcInsn(Type.getObjectType(owner));
                target.visitLdcInsn(name);
                target.visitLdcInsn(descriptor);
                if (isStatic) {
                    target.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    target.visitVarInsn(Opcodes.ALOAD, 0);
                }
                pushInt(parameters.length);
                target.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
                int slot = isStatic ? 0 : 1;
                for (int i = 0; i < parameters.length; i++) {
                    target.visitInsn(Opcodes.DUP);
                    pushInt(i);
                    target.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slot);
                    box(parameters[i]);
                    target.visitInsn(Opcodes.AASTORE);
                    slot += parameters[i].getSize();
                }
                target.visitMethodInsn(Opcodes.INVOKESTATIC, WOVEN, "remote", REMOTE_CALL, false);
                Type returned = Type.getReturnType(descriptor);
                unbox(returned);
                target.visitInsn(returned.getOpcode(Opcodes.IRETURN));
                // owner, name, descriptor, receiver, array, array, index, a long or double value
                target.visitMaxs(9, slot);
            }

            private void pushInt(int value) {
                if (value <= 5) {
                    target.visitInsn(Opcodes.ICONST_0 + value);
                } else if (value <= Byte.MAX_VALUE) {
                    target.visitIntInsn(Opcodes.BIPUSH, value);
                } else {
                    target.visitIntInsn(Opcodes.SIPUSH, value);
                }
            }

            private void box(Type type) {
                if (type.getSort() <= Type.DOUBLE) {
                    Type boxed = boxed(type);
                    target.visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
                            Type.getMethodDescriptor(boxed, type), false);
                }
            }

            /** Turns the Object the call returned into what the method returns (nothing, for void). */
            private void unbox(Type type) {
                switch (type.getSort()) {
                    case Type.VOID -> target.visitInsn(Opcodes.POP);
                    case Type.OBJECT, Type.ARRAY -> {
                        if (!type.getInternalName().equals("java/lang/Object")) {
                            target.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
                        }
                    }
                    default -> {
                        Type boxed = boxed(type);
                        target.visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
                        target.visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(),
                                type.getClassName() + "Value", Type.getMethodDescriptor(type), false);
                    }
                }
            }

            private static Type boxed(Type primitive) {
                return Type.getObjectType(switch (primitive.getSort()) {
                    case Type.BOOLEAN -> "java/lang/Boolean";
                    case Type.CHAR -> "java/lang/Character";
                    case Type.BYTE -> "java/lang/Byte";
                    case Type.SHORT -> "java/lang/Short";
                    case Type.INT -> "java/lang/Integer";
                    case Type.FLOAT -> "java/lang/Float";
                    case Type.LONG -> "java/lang/Long";
                    case Type.DOUBLE -> "java/lang/Double";
                    default -> throw new IllegalArgumentException(primitive.getDescriptor());
                });
            }
        }
    }
}
