package io.wormhole.server.sandbox;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which methods of a bundle code outside it (the JDK, the JVM) can enter, from the bundle's class files. The entry of
 * such a method looks at the stack every time, since the JDK may have recursed any distance since the last shipped
 * frame (see {@link Instrumenter}). The JDK enters shipped code by a virtual call (an instance method that is not
 * private, which could override one of the JDK's), through a method handle (a lambda's body, a method reference, a
 * bootstrap method: each named by a handle constant somewhere in the bundle), to initialize a class, or to serialize
 * an object (its private {@code readObject} and the like), or by reflection (an enum's {@code values()}). Any other
 * method is entered only from the bundle's own frames, or from a few frames of the host's at the call's start (the
 * constructors Kryo runs to decode the arguments), so counting its frames bounds how far past the last look shipped
 * code goes.
 * <p>
 * A bundle that reaches method-handle lookup, reflection or deserialization (which the default allowlist denies)
 * could have the JDK enter any of its methods or constructors: there every entry looks.
 */
public final class OutsideEntries {
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;
    private static final int CONSTANT_METHOD_HANDLE = 15;
    /** The hooks Java serialization calls, private as they may be (a custom allowlist may allow serialization). */
    private static final Set<String> SERIALIZATION_HOOKS = Set.of("readObject(Ljava/io/ObjectInputStream;)V",
            "writeObject(Ljava/io/ObjectOutputStream;)V", "readObjectNoData()V", "readResolve()Ljava/lang/Object;",
            "writeReplace()Ljava/lang/Object;");

    /**
     * {@code name descriptor} of every method a handle constant of the bundle names, whatever its owner: a handle to
     * a static method through a subclass ({@code Sub::m}) enters the superclass's {@code m}.
     */
    private final Set<String> named;
    private final boolean everyMethod;

    private OutsideEntries(Set<String> named, boolean everyMethod) {
        this.named = named;
        this.everyMethod = everyMethod;
    }

    /**
     * Reads the constant pools of the bundle's classes. If one cannot be read, every entry looks (and
     * {@link Instrumenter#instrument} refuses that class).
     */
    public static OutsideEntries of(Collection<byte[]> classFiles) {
        Set<String> named = new HashSet<>();
        try {
            for (byte[] classFile : classFiles) {
                ClassReader reader = new ClassReader(classFile);
                char[] buffer = new char[reader.getMaxStringLength()];
                for (int i = 1; i < reader.getItemCount(); i++) {
                    int offset = reader.getItem(i);
                    // The second slot of a long or a double has no item.
                    int tag = offset == 0 ? 0 : reader.readByte(offset - 1);
                    if (tag == CONSTANT_METHOD_HANDLE && reader.readConst(i, buffer) instanceof Handle h
                            && h.getTag() >= Opcodes.H_INVOKEVIRTUAL) {
                        named.add(h.getName() + h.getDesc());
                    } else if ((tag == CONSTANT_METHODREF || tag == CONSTANT_INTERFACE_METHODREF)
                            && reflects(reader.readClass(offset, buffer),
                                    reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset + 2)), buffer))) {
                        return new OutsideEntries(Set.of(), true);
                    }
                }
            }
        } catch (RuntimeException e) {
            return new OutsideEntries(Set.of(), true);
        }
        return new OutsideEntries(named, false);
    }

    /**
     * Whether code outside the bundle can enter {@code m}. The JDK calls an enum's {@code values()} by reflection
     * ({@code Class.getEnumConstants}, {@code EnumSet}, {@code Enum.valueOf}), and a method reference to one of those
     * can sit at the end of a recursion inside the JDK: any static {@code values()} looks.
     */
    boolean canEnter(MethodNode m) {
        return everyMethod || m.name.equals("<clinit>")
                || ((m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && !m.name.equals("<init>"))
                || named.contains(m.name + m.desc) || SERIALIZATION_HOOKS.contains(m.name + m.desc)
                || (m.name.equals("values") && m.desc.startsWith("()"));
    }

    /**
     * Whether a method of {@code owner} named {@code name} reaches method handles, reflection or deserialization:
     * anything of {@code java.lang.invoke} but the bootstraps every lambda and string concatenation names, of
     * {@code java.lang.reflect} but {@code Array} (which reaches no member), {@code ObjectInputStream}, and the members
     * of {@code Class} that hand out methods and constructors.
     */
    private static boolean reflects(String owner, String name) {
        if (owner.startsWith("java/lang/invoke/")) {
            return !owner.equals("java/lang/invoke/LambdaMetafactory")
                    && !owner.equals("java/lang/invoke/StringConcatFactory");
        }
        if (owner.startsWith("java/lang/reflect/")) {
            return !owner.equals("java/lang/reflect/Array");
        }
        if (owner.equals("java/io/ObjectInputStream")) {
            return true;
        }
        return owner.equals("java/lang/Class") && (name.contains("Method") || name.contains("Constructor")
                || name.equals("getRecordComponents"));
    }
}
