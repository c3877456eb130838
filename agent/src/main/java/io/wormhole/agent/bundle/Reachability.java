package io.wormhole.agent.bundle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeAnnotationNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * What a root method can reach, method by method. Classes come with what loading and initializing them needs
 * (supertypes, enclosing class and nest host, instance fields, the static initializer minus the initializers of
 * unused static fields); methods come when something calls them, names them in a handle, or may be dispatched to:
 * for a virtual call on {@code T.m}, every shipped subtype's implementation of {@code m}; and every method that
 * overrides a method of a JDK supertype, since the JDK calls those ({@code toString}, {@code compare},
 * {@code apply}...). Records keep their accessors and canonical constructor, enums their {@code values} and
 * {@code valueOf}, annotation interfaces all their elements: reflection (Kryo's, the JDK's) uses them.
 *
 * <p>Instance fields come at field level too. A field that reachable code reads or writes is kept. All the fields Kryo
 * writes (non-transient ones) are kept only for the classes whose instances may exist at the server: created by
 * reachable code, arriving as the receiver or an argument, held in a kept field of such an instance, or thrown. A
 * class with a {@code DataSource} or a {@code Logger} field that a static method of it never touches thus ships
 * without that field, and without its type. Dropping a field nothing reads from a class nothing instantiates changes no
 * behaviour: the field could only ever belong to an instance.
 */
final class Reachability {
    private final ClassFiles files;
    /** Shipped classes by internal name, in the order they were reached. */
    private final Map<String, ClassNode> classes = new LinkedHashMap<>();
    private final Map<String, Set<String>> methods = new HashMap<>();
    private final Map<String, Set<String>> staticFields = new HashMap<>();
    private final Map<String, Set<String>> instanceFields = new HashMap<>();
    /** Classes whose instances may exist at the server: all their serialized fields are kept. */
    private final Set<String> instantiated = new HashSet<>();
    private final Map<String, Map<String, List<AbstractInsnNode>>> slices = new HashMap<>();
    /** Virtual call sites: method name and descriptor to the static types they were called on. */
    private final Map<String, Set<String>> virtualCalls = new HashMap<>();
    private final Set<String> jdkTypesSeen = new HashSet<>();
    private final Map<String, Set<String>> supertypes = new HashMap<>();
    private final Deque<Runnable> work = new ArrayDeque<>();

    private Reachability(ClassFiles files) {
        this.files = files;
    }

    /**
     * The closure of one root method: shipped classes with the methods and fields to keep, and the classes whose
     * instances may exist at the server.
     */
    record Closure(Map<String, ClassNode> classes, Map<String, Set<String>> methods,
            Map<String, Set<String>> staticFields, Map<String, Set<String>> instanceFields,
            Map<String, Map<String, List<AbstractInsnNode>>> slices, Set<String> instantiated) {}

    static Closure of(ClassFiles files, String owner, String name, String descriptor) {
        return of(files, owner, name, descriptor, List.of());
    }

    /**
     * The closure of a root method that will also meet instances of {@code instantiated} (internal names): each is
     * shipped with its implementations of the calls the closure makes and its fields, as if the method had created
     * it. The root's parameter types are taken as instantiated, and for an instance method its class: their instances
     * arrive with the call.
     */
    static Closure of(ClassFiles files, String owner, String name, String descriptor,
            Collection<String> instantiated) {
        Reachability r = new Reachability(files);
        if (r.reachClass(owner) == null) {
            throw new IllegalArgumentException(owner.replace('/', '.') + " cannot be shipped: it belongs to the JDK"
                    + " or to Wormhole, or its class loader has no class file for it");
        }
        MethodNode rootMethod = declared(r.classes.get(owner), name, descriptor);
        if (rootMethod == null) {
            throw new IllegalArgumentException(owner.replace('/', '.') + " declares no method " + name + descriptor);
        }
        r.reachMethod(owner, name, descriptor);
        if ((rootMethod.access & Opcodes.ACC_STATIC) == 0) {
            r.instantiate(owner);
        }
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            r.instantiateType(parameter.getDescriptor());
        }
        instantiated.forEach(r::instantiate);
        while (!r.work.isEmpty()) {
            r.work.poll().run();
        }
        return new Closure(r.classes, r.methods, r.staticFields, r.instanceFields, r.slices, r.instantiated);
    }

    // --- classes ---

    /** Ships a class (if it is shippable) and what it needs; returns its node, or null if it is not shipped. */
    private ClassNode reachClass(String internalName) {
        if (internalName == null) {
            return null;
        }
        ClassNode node = classes.get(internalName);
        if (node != null) {
            return node;
        }
        node = files.shippable(internalName);
        if (node == null) {
            return null;
        }
        classes.put(internalName, node);
        methods.put(internalName, new HashSet<>());
        staticFields.put(internalName, new HashSet<>());
        instanceFields.put(internalName, new HashSet<>());
        slices.put(internalName, ClinitSlicer.slices(internalName, declared(node, "<clinit>", "()V"), node.fields,
                (node.access & Opcodes.ACC_ENUM) != 0));
        ClassNode shipped = node;
        work.add(() -> loadNeeds(shipped));
        return node;
    }

    private void loadNeeds(ClassNode c) {
        reachClass(c.superName);
        c.interfaces.forEach(this::reachClass);
        reachClass(c.nestHostClass);
        reachClass(c.outerClass);
        for (InnerClassNode inner : c.innerClasses) {
            if (inner.name.equals(c.name)) {
                reachClass(inner.outerName);
            }
        }
        signature(c.signature);
        annotations(c.visibleAnnotations, c.invisibleAnnotations, c.visibleTypeAnnotations,
                c.invisibleTypeAnnotations);
        if (supertypes(c.name).contains("java/lang/Throwable")) {
            instantiate(c.name); // Thrown at the server, or described back to the client field by field.
        }
        if (c.recordComponents != null) {
            StringBuilder canonical = new StringBuilder("(");
            for (RecordComponentNode rc : c.recordComponents) {
                descriptorType(rc.descriptor);
                signature(rc.signature);
                annotations(rc.visibleAnnotations, rc.invisibleAnnotations, rc.visibleTypeAnnotations,
                        rc.invisibleTypeAnnotations);
                reachMethod(c.name, rc.name, "()" + rc.descriptor);
                canonical.append(rc.descriptor);
            }
            reachMethod(c.name, "<init>", canonical.append(")V").toString());
        }
        boolean isEnum = (c.access & Opcodes.ACC_ENUM) != 0;
        for (MethodNode m : c.methods) {
            boolean annotationElement = (c.access & Opcodes.ACC_ANNOTATION) != 0;
            boolean enumSupport = isEnum && (m.name.equals("<init>") || m.name.equals("values")
                    || (m.name.equals("valueOf") && m.desc.startsWith("(Ljava/lang/String;)")));
            if (annotationElement || enumSupport) {
                reachMethod(c.name, m.name, m.desc);
            }
        }
        MethodNode clinit = declared(c, "<clinit>", "()V");
        if (clinit != null) {
            methods.get(c.name).add("<clinit>()V");
            work.add(() -> body(c, clinit));
        }
        for (String type : supertypes(c.name)) {
            if (files.shippable(type) == null && jdkTypesSeen.add(type)) {
                jdkCallbacks(type);
            }
        }
        for (Map.Entry<String, Set<String>> call : virtualCalls.entrySet()) {
            for (String owner : call.getValue()) {
                if (supertypes(c.name).contains(owner)) {
                    dispatch(c.name, call.getKey());
                    break;
                }
            }
        }
    }

    /** The JDK may call any overridable method of its own types on an application object. */
    private void jdkCallbacks(String jdkType) {
        ClassNode header = files.header(jdkType);
        if (header == null) {
            return;
        }
        for (MethodNode m : header.methods) {
            boolean overridable = (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) == 0
                    && (m.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0 && !m.name.startsWith("<");
            if (overridable) {
                virtualCall(jdkType, m.name + m.desc);
            }
        }
    }

    /** All supertypes of a class, itself included, across application and JDK classes. */
    private Set<String> supertypes(String internalName) {
        Set<String> known = supertypes.get(internalName);
        if (known != null) {
            return known;
        }
        Set<String> all = new HashSet<>();
        all.add(internalName);
        ClassNode header = files.header(internalName);
        if (header != null) {
            if (header.superName != null) {
                all.addAll(supertypes(header.superName));
            }
            for (String i : header.interfaces) {
                all.addAll(supertypes(i));
            }
        }
        supertypes.put(internalName, all);
        return all;
    }

    /**
     * Instances of the class may exist at the server: instance state travels with the object, so its layout must be
     * the same at both ends, for it and its superclasses; values its fields hold may arrive too.
     */
    private void instantiate(String internalName) {
        for (ClassNode c = reachClass(internalName); c != null && instantiated.add(c.name);
                c = reachClass(c.superName)) {
            for (FieldNode f : c.fields) {
                if ((f.access & (Opcodes.ACC_STATIC | Opcodes.ACC_TRANSIENT)) == 0) {
                    keepInstanceField(c, f);
                    instantiateType(f.desc);
                }
            }
        }
    }

    private void instantiateType(String descriptor) {
        Type t = Type.getType(descriptor);
        while (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
        }
        if (t.getSort() == Type.OBJECT) {
            String name = t.getInternalName();
            work.add(() -> instantiate(name));
        }
    }

    private void keepInstanceField(ClassNode c, FieldNode f) {
        if (instanceFields.get(c.name).add(f.name)) {
            field(f);
        }
    }

    // --- methods ---

    private void virtualCall(String owner, String nameAndDesc) {
        if (!virtualCalls.computeIfAbsent(nameAndDesc, k -> new HashSet<>()).add(owner)) {
            return;
        }
        dispatch(owner, nameAndDesc);
        for (String shipped : new ArrayList<>(classes.keySet())) {
            if (!shipped.equals(owner) && supertypes(shipped).contains(owner)) {
                dispatch(shipped, nameAndDesc);
            }
        }
    }

    /** The implementation a call of {@code nameAndDesc} on an instance of {@code type} may run. */
    private void dispatch(String type, String nameAndDesc) {
        int paren = nameAndDesc.indexOf('(');
        ClassNode declaring = resolve(type, nameAndDesc.substring(0, paren), nameAndDesc.substring(paren));
        if (declaring != null) {
            reachMethod(declaring.name, nameAndDesc.substring(0, paren), nameAndDesc.substring(paren));
        }
    }

    /** A call resolved as the JVM resolves it: up the superclasses, then the superinterfaces. */
    private void directCall(String owner, String name, String desc) {
        ClassNode declaring = resolve(owner, name, desc);
        if (declaring != null) {
            reachMethod(declaring.name, name, desc);
        }
    }

    private ClassNode resolve(String owner, String name, String desc) {
        for (ClassNode c = reachClass(owner); c != null; c = reachClass(c.superName)) {
            if (declared(c, name, desc) != null) {
                return c;
            }
        }
        ClassNode fallback = null;
        Deque<String> pending = new ArrayDeque<>(List.of(owner));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            ClassNode c = reachClass(pending.poll());
            if (c == null || !seen.add(c.name)) {
                continue;
            }
            MethodNode m = declared(c, name, desc);
            if (m != null && (c.access & Opcodes.ACC_INTERFACE) != 0) {
                if ((m.access & Opcodes.ACC_ABSTRACT) == 0) {
                    return c; // a default method
                }
                fallback = fallback == null ? c : fallback;
            }
            if (c.superName != null) {
                pending.add(c.superName);
            }
            pending.addAll(c.interfaces);
        }
        return fallback;
    }

    private static MethodNode declared(ClassNode c, String name, String desc) {
        for (MethodNode m : c.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    private void reachMethod(String owner, String name, String desc) {
        ClassNode c = reachClass(owner);
        if (c == null || !methods.get(owner).add(name + desc)) {
            return;
        }
        MethodNode m = declared(c, name, desc);
        if (m != null) {
            work.add(() -> method(c, m));
        }
    }

    private void method(ClassNode c, MethodNode m) {
        descriptorTypes(m.desc);
        signature(m.signature);
        m.exceptions.forEach(this::reachClass);
        annotations(m.visibleAnnotations, m.invisibleAnnotations, m.visibleTypeAnnotations,
                m.invisibleTypeAnnotations);
        for (List<AnnotationNode> params : concat(m.visibleParameterAnnotations, m.invisibleParameterAnnotations)) {
            annotations(params, null, null, null);
        }
        annotationValue(m.annotationDefault);
        body(c, m);
    }

    private static List<List<AnnotationNode>> concat(List<AnnotationNode>[] a, List<AnnotationNode>[] b) {
        List<List<AnnotationNode>> all = new ArrayList<>();
        for (List<AnnotationNode>[] array : List.of(a == null ? emptyArray() : a, b == null ? emptyArray() : b)) {
            for (List<AnnotationNode> list : array) {
                if (list != null) {
                    all.add(list);
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<AnnotationNode>[] emptyArray() {
        return (List<AnnotationNode>[]) new List<?>[0];
    }

    /** The code of a method; for a static initializer, all of it but the slices of fields not (yet) used. */
    private void body(ClassNode c, MethodNode m) {
        Set<AbstractInsnNode> skipped = new HashSet<>();
        if (m.name.equals("<clinit>")) {
            slices.get(c.name).values().forEach(skipped::addAll);
        }
        instructions(m.instructions, skipped);
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            reachClass(t.type);
            annotations(t.visibleTypeAnnotations, t.invisibleTypeAnnotations, null, null);
        }
        if (m.localVariables != null) {
            for (LocalVariableNode v : m.localVariables) {
                descriptorType(v.desc);
                signature(v.signature);
            }
        }
    }

    private void instructions(Iterable<AbstractInsnNode> insns, Set<AbstractInsnNode> skipped) {
        for (AbstractInsnNode insn : insns) {
            if (!skipped.contains(insn)) {
                instruction(insn);
            }
        }
    }

    private void instruction(AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode m) {
            descriptorTypes(m.desc);
            if (m.owner.startsWith("[")) {
                descriptorType(m.owner); // clone() on an array
            } else if (m.getOpcode() == Opcodes.INVOKEVIRTUAL || m.getOpcode() == Opcodes.INVOKEINTERFACE) {
                virtualCall(m.owner, m.name + m.desc);
            } else {
                directCall(m.owner, m.name, m.desc);
            }
        } else if (insn instanceof FieldInsnNode f) {
            descriptorType(f.desc);
            fieldUse(f.owner, f.name, f.desc);
        } else if (insn instanceof TypeInsnNode t) {
            typeName(t.desc);
            if (t.getOpcode() == Opcodes.NEW) {
                instantiate(t.desc);
            }
        } else if (insn instanceof MultiANewArrayInsnNode a) {
            descriptorType(a.desc);
        } else if (insn instanceof LdcInsnNode ldc) {
            constant(ldc.cst);
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
            descriptorTypes(indy.desc);
            handle(indy.bsm);
            for (Object arg : indy.bsmArgs) {
                constant(arg);
            }
        } else if (insn instanceof FrameNode frame) {
            frameTypes(frame.local);
            frameTypes(frame.stack);
        }
    }

    private void frameTypes(List<Object> types) {
        if (types != null) {
            for (Object t : types) {
                if (t instanceof String name) {
                    typeName(name);
                }
            }
        }
    }

    private void constant(Object cst) {
        if (cst instanceof Type t) {
            if (t.getSort() == Type.METHOD) {
                descriptorTypes(t.getDescriptor());
            } else {
                descriptorType(t.getDescriptor());
            }
        } else if (cst instanceof Handle h) {
            handle(h);
        } else if (cst instanceof ConstantDynamic condy) {
            descriptorType(condy.getDescriptor());
            handle(condy.getBootstrapMethod());
            for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                constant(condy.getBootstrapMethodArgument(i));
            }
        }
    }

    /** Method handles: lambda bodies and method-reference targets arrive here. */
    private void handle(Handle h) {
        switch (h.getTag()) {
            case Opcodes.H_GETFIELD, Opcodes.H_GETSTATIC, Opcodes.H_PUTFIELD, Opcodes.H_PUTSTATIC -> {
                descriptorType(h.getDesc());
                fieldUse(h.getOwner(), h.getName(), h.getDesc());
            }
            case Opcodes.H_INVOKEVIRTUAL, Opcodes.H_INVOKEINTERFACE -> {
                descriptorTypes(h.getDesc());
                virtualCall(h.getOwner(), h.getName() + h.getDesc());
            }
            default -> {
                descriptorTypes(h.getDesc());
                directCall(h.getOwner(), h.getName(), h.getDesc());
                if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                    instantiate(h.getOwner());
                }
            }
        }
    }

    // --- fields ---

    private void field(FieldNode f) {
        descriptorType(f.desc);
        signature(f.signature);
        annotations(f.visibleAnnotations, f.invisibleAnnotations, f.visibleTypeAnnotations,
                f.invisibleTypeAnnotations);
    }

    /** A field access, resolved as the JVM does: the class, its superinterfaces, then its superclass. */
    private void fieldUse(String owner, String name, String desc) {
        ClassNode c = reachClass(owner);
        if (c == null) {
            return;
        }
        for (FieldNode f : c.fields) {
            if (f.name.equals(name) && f.desc.equals(desc)) {
                if ((f.access & Opcodes.ACC_STATIC) == 0) {
                    keepInstanceField(c, f);
                } else if (staticFields.get(c.name).add(name)) {
                    field(f);
                    List<AbstractInsnNode> slice = slices.get(c.name).get(name);
                    if (slice != null) {
                        work.add(() -> instructions(slice, Set.of()));
                    }
                }
                return;
            }
        }
        for (String i : c.interfaces) {
            fieldUse(i, name, desc);
        }
        fieldUse(c.superName, name, desc);
    }

    // --- types named in descriptors, signatures and annotations ---

    private void typeName(String internalNameOrArray) {
        if (internalNameOrArray.startsWith("[")) {
            descriptorType(internalNameOrArray);
        } else {
            reachClass(internalNameOrArray);
        }
    }

    private void descriptorType(String descriptor) {
        Type t = Type.getType(descriptor);
        while (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
        }
        if (t.getSort() == Type.OBJECT) {
            reachClass(t.getInternalName());
        }
    }

    private void descriptorTypes(String methodDescriptor) {
        for (Type t : Type.getArgumentTypes(methodDescriptor)) {
            descriptorType(t.getDescriptor());
        }
        descriptorType(Type.getReturnType(methodDescriptor).getDescriptor());
    }

    private void signature(String signature) {
        if (signature == null) {
            return;
        }
        new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
            private String current;

            @Override
            public void visitClassType(String name) {
                current = name;
                reachClass(name);
            }

            @Override
            public void visitInnerClassType(String name) {
                current = current + "$" + name;
                reachClass(current);
            }
        });
    }

    private void annotations(List<? extends AnnotationNode> a, List<? extends AnnotationNode> b,
            List<? extends TypeAnnotationNode> c, List<? extends TypeAnnotationNode> d) {
        for (List<? extends AnnotationNode> list : java.util.Arrays.asList(a, b, c, d)) {
            if (list != null) {
                list.forEach(this::annotationValue);
            }
        }
    }

    private void annotationValue(Object value) {
        if (value instanceof AnnotationNode node) {
            descriptorType(node.desc);
            if (node.values != null) {
                for (int i = 1; i < node.values.size(); i += 2) {
                    annotationValue(node.values.get(i));
                }
            }
        } else if (value instanceof Type t) {
            descriptorType(t.getDescriptor());
        } else if (value instanceof String[] enumValue) {
            descriptorType(enumValue[0]);
        } else if (value instanceof List<?> list) {
            list.forEach(this::annotationValue);
        }
    }
}
