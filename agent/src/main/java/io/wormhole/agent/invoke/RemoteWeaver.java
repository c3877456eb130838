package io.wormhole.agent.invoke;

import io.wormhole.Remote;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the {@code @Remote} methods of a class file; the rest of the class is copied unchanged.
 * <ul>
 * <li>Remote mode: the method's body becomes one call to {@link Woven#remote}. The call goes to the database, and the
 * method's own code, which the bundle ships from the original class file, never runs here. The new body has no
 * branch, so it needs no stack map frames.
 * <li>Local mode ({@code -Dwormhole.mode=local}): the body moves to a private synthetic method, and the method
 * becomes {@link Woven#local} (the call's connection and transaction), a call of that body, and
 * {@link LocalCall#end} with whatever the body threw.
 * </ul>
 *
 * <p>Plain ASM rather than ByteBuddy's advice: building ByteBuddy's agent and applying it to the first class cost an
 * application's start 600 ms; this loads a few ASM classes.
 */
public final class RemoteWeaver {
    private static final String REMOTE = Type.getDescriptor(Remote.class);
    private static final String WOVEN = Type.getInternalName(Woven.class);
    private static final String LOCAL_CALL = Type.getInternalName(LocalCall.class);
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String TARGET = "Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;";
    private static final String REMOTE_CALL = "(" + TARGET + "Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";
    private static final String LOCAL_BEGIN = "(" + TARGET + "[Ljava/lang/Object;)L" + LOCAL_CALL + ";";
    /** Where a local-mode method's body goes: a name no source can declare. */
    static final String BODY_SUFFIX = "$wormhole$body";

    private RemoteWeaver() {}

    /** The class file with its {@code @Remote} methods woven, or {@code null} if it has none with a body. */
    public static byte[] weave(byte[] classFile, boolean local) {
        ClassReader reader = new ClassReader(classFile);
        Set<String> remote = remoteMethods(reader);
        if (remote.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Rewriter(writer, remote, local), 0);
        return writer.toByteArray();
    }

    /** Name and descriptor of each {@code @Remote} method that has code. */
    private static Set<String> remoteMethods(ClassReader reader) {
        Set<String> remote = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (REMOTE.equals(annotation)) {
                            remote.add(name + descriptor);
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return remote;
    }

    private static final class Rewriter extends ClassVisitor {
        private final Set<String> remote;
        private final boolean local;
        private String owner;
        private boolean isInterface;
        private boolean privateInterfaceMethods;

        Rewriter(ClassVisitor next, Set<String> remote, boolean local) {
            super(Opcodes.ASM9, next);
            this.remote = remote;
            this.local = local;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            owner = name;
            isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            privateInterfaceMethods = (version & 0xFFFF) >= Opcodes.V9;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!remote.contains(name + descriptor)) {
                return method;
            }
            Target target = new Target(owner, isInterface, access, name, descriptor);
            if (!local) {
                return new NewCode(method, null, mv -> target.emitRemoteCall(mv));
            }
            // An interface's private methods exist from class file version 53 on; before, the body stays public.
            int bodyAccess = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_VARARGS | Opcodes.ACC_STRICT))
                    | Opcodes.ACC_SYNTHETIC
                    | (isInterface && !privateInterfaceMethods ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE);
            MethodVisitor body = super.visitMethod(bodyAccess, name + BODY_SUFFIX, descriptor, signature, exceptions);
            return new NewCode(method, body, mv -> target.emitLocalCall(mv, bodyAccess));
        }
    }

    /** What the woven method calls, and how. */
    private record Target(String owner, boolean isInterface, int access, String name, String descriptor) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        /** The method's body: the remote call, its answer returned. */
        void emitRemoteCall(MethodVisitor mv) {
            pushTarget(mv);
            if (isStatic()) {
                mv.visitInsn(Opcodes.ACONST_NULL);
            } else {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            }
            int slots = pushArguments(mv);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, WOVEN, "remote", REMOTE_CALL, false);
            Type returned = Type.getReturnType(descriptor);
            unbox(mv, returned);
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            // owner, name, descriptor, receiver, array, array, index, a long or double value
            mv.visitMaxs(9, slots);
        }

        /** The method's body: begin the local call, run the moved body, end the call with what it threw, if anything. */
        void emitLocalCall(MethodVisitor mv, int bodyAccess) {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(start, end, handler, THROWABLE);
            pushTarget(mv);
            int slots = pushArguments(mv);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, WOVEN, "local", LOCAL_BEGIN, false);
            int call = slots;
            mv.visitVarInsn(Opcodes.ASTORE, call);
            mv.visitLabel(start);
            int slot = 0;
            if (!isStatic()) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                slot = 1;
            }
            for (Type parameter : Type.getArgumentTypes(descriptor)) {
                mv.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), slot);
                slot += parameter.getSize();
            }
            String body = name + BODY_SUFFIX;
            if (isStatic()) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, body, descriptor, isInterface);
            } else if ((bodyAccess & Opcodes.ACC_PRIVATE) != 0) {
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, body, descriptor, isInterface);
            } else {
                mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, owner, body, descriptor, true);
            }
            mv.visitLabel(end);
            mv.visitVarInsn(Opcodes.ALOAD, call);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LOCAL_CALL, "end", "(L" + THROWABLE + ";)V", false);
            mv.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
            mv.visitLabel(handler);
            Object[] locals = frameLocals(call);
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
            mv.visitVarInsn(Opcodes.ASTORE, call + 1);
            mv.visitVarInsn(Opcodes.ALOAD, call);
            mv.visitVarInsn(Opcodes.ALOAD, call + 1);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LOCAL_CALL, "end", "(L" + THROWABLE + ";)V", false);
            mv.visitVarInsn(Opcodes.ALOAD, call + 1);
            mv.visitInsn(Opcodes.ATHROW);
            // the arguments array as in a remote call; the receiver and every argument; a result, the call and null
            mv.visitMaxs(Math.max(8, slots + 1), call + 2);
        }

        /** The locals at the handler: the receiver and parameters, then the local call. */
        private Object[] frameLocals(int call) {
            Type[] parameters = Type.getArgumentTypes(descriptor);
            Object[] locals = new Object[(isStatic() ? 0 : 1) + parameters.length + 1];
            int i = 0;
            if (!isStatic()) {
                locals[i++] = owner;
            }
            for (Type parameter : parameters) {
                locals[i++] = switch (parameter.getSort()) {
                    case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                    case Type.FLOAT -> Opcodes.FLOAT;
                    case Type.LONG -> Opcodes.LONG;
                    case Type.DOUBLE -> Opcodes.DOUBLE;
                    case Type.ARRAY -> parameter.getDescriptor();
                    default -> parameter.getInternalName();
                };
            }
            locals[i] = LOCAL_CALL;
            return locals;
        }

        private void pushTarget(MethodVisitor mv) {
            mv.visitLdcInsn(Type.getObjectType(owner));
            mv.visitLdcInsn(name);
            mv.visitLdcInsn(descriptor);
        }

        /** Pushes an Object[] of the arguments, boxed; returns the slots the receiver and parameters take. */
        private int pushArguments(MethodVisitor mv) {
            Type[] parameters = Type.getArgumentTypes(descriptor);
            pushInt(mv, parameters.length);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = isStatic() ? 0 : 1;
            for (int i = 0; i < parameters.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                pushInt(mv, i);
                mv.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slot);
                if (parameters[i].getSort() <= Type.DOUBLE) {
                    Type boxed = boxed(parameters[i]);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, boxed.getInternalName(), "valueOf",
                            Type.getMethodDescriptor(boxed, parameters[i]), false);
                }
                mv.visitInsn(Opcodes.AASTORE);
                slot += parameters[i].getSize();
            }
            return slot;
        }

        private static void pushInt(MethodVisitor mv, int value) {
            if (value <= 5) {
                mv.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value <= Byte.MAX_VALUE) {
                mv.visitIntInsn(Opcodes.BIPUSH, value);
            } else {
                mv.visitIntInsn(Opcodes.SIPUSH, value);
            }
        }

        /** Turns the Object the call returned into what the method returns (nothing, for void). */
        private static void unbox(MethodVisitor mv, Type type) {
            switch (type.getSort()) {
                case Type.VOID -> mv.visitInsn(Opcodes.POP);
                case Type.OBJECT, Type.ARRAY -> {
                    if (!type.getInternalName().equals("java/lang/Object")) {
                        mv.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
                    }
                }
                default -> {
                    Type boxed = boxed(type);
                    mv.visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, boxed.getInternalName(), type.getClassName() + "Value",
                            Type.getMethodDescriptor(type), false);
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

    /** Writes the method's new code in place of its own. */
    private interface Code {
        void emit(MethodVisitor mv);
    }

    /**
     * Keeps the method's annotations and attributes and writes new code in place of its own, which goes to
     * {@code body}, a method of its own without any of the annotations (only the woven method is {@code @Remote}), or
     * is dropped with its frames, tables and maxima when {@code body} is null.
     */
    private static final class NewCode extends MethodVisitor {
        private final MethodVisitor method;
        private final MethodVisitor body;
        private final Code code;

        NewCode(MethodVisitor method, MethodVisitor body, Code code) {
            super(Opcodes.ASM9, method);
            this.method = method;
            this.body = body;
            this.code = code;
        }

        @Override
        public void visitCode() {
            method.visitCode();
            code.emit(method);
            mv = body;
            if (body != null) {
                method.visitEnd();
                body.visitCode();
            }
        }

        @Override
        public void visitEnd() {
            (body == null ? method : body).visitEnd();
        }
    }
}
