package io.wormhole.server.verify;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The shape of a class that member resolution needs: supertypes and declared members (name + descriptor). */
record ClassInfo(String name, String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {

    ClassInfo {
        interfaces = List.copyOf(interfaces);
        methods = Set.copyOf(methods);
        fields = Set.copyOf(fields);
    }

    /** Reads only the header and member declarations; code is skipped. */
    static ClassInfo read(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        Set<String> methods = new HashSet<>();
        Set<String> fields = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.add(name + ":" + descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (reader.getClassName() == null) {
            throw new IllegalArgumentException("this_class is not a class");
        }
        // List.of rejects a null interface entry; superName is null only for java/lang/Object.
        return new ClassInfo(reader.getClassName(), reader.getSuperName(), List.of(reader.getInterfaces()),
                methods, fields);
    }

    boolean declares(String name, String descriptor, boolean field) {
        return field ? fields.contains(name + ":" + descriptor) : methods.contains(name + descriptor);
    }
}
