package io.wormhole.server.verify;

import org.objectweb.asm.ClassReader;

/**
 * Checks that every attribute of a class file (of the class, its fields, methods, code and record components) lies
 * within the file, before ASM reads it: ASM copies an attribute it does not know into an array of the length the
 * file claims, so a corrupt length of two gigabytes would exhaust the heap instead of failing as a bad class file.
 */
final class AttributeBounds {
    private final ClassReader reader;
    private final int size;
    private final char[] text;

    private AttributeBounds(ClassReader reader, int size) {
        this.reader = reader;
        this.size = size;
        this.text = new char[reader.getMaxStringLength()];
    }

    /** @throws IllegalArgumentException naming the first attribute that runs past the end */
    static void check(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        new AttributeBounds(reader, classFile.length).walk(reader.header);
    }

    private void walk(int at) {
        at += 6; // access flags, this class, super class
        at += 2 + 2 * u2(at); // interfaces
        for (int members = 0; members < 2; members++) { // fields, then methods
            int count = u2(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                at = attributes(at + 6, size);
            }
        }
        attributes(at, size);
    }

    /** The attribute table at {@code at}, which must end by {@code end}; returns the offset after it. */
    private int attributes(int at, int end) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            String name = reader.readUTF8(at, text);
            long length = reader.readInt(at + 2) & 0xFFFF_FFFFL;
            int start = at + 6;
            if (start + length > end) {
                throw new IllegalArgumentException("attribute " + name + " claims " + length + " bytes, past the end"
                        + " of what holds it");
            }
            int stop = (int) (start + length);
            if ("Code".equals(name)) {
                int codeLength = reader.readInt(start + 4);
                int table = start + 8 + checked(codeLength, stop - start - 8);
                attributes(table + 2 + 8 * u2(table), stop);
            } else if ("Record".equals(name)) {
                int components = u2(start);
                int component = start + 2;
                for (int c = 0; c < components; c++) {
                    component = attributes(component + 4, stop);
                }
            }
            at = stop;
        }
        return at;
    }

    private static int checked(int length, int room) {
        if (length < 0 || length > room) {
            throw new IllegalArgumentException("code of " + length + " bytes does not fit its attribute");
        }
        return length;
    }

    private int u2(int at) {
        if (at + 2 > size) {
            throw new IllegalArgumentException("truncated class file");
        }
        return reader.readUnsignedShort(at);
    }
}
