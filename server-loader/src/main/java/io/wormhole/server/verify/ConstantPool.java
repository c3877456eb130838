package io.wormhole.server.verify;

/**
 * A raw reading of a class file's constant pool, independent of ASM, so entries that no instruction or
 * attribute uses are seen too. Every index is bounds- and tag-checked; a malformed pool throws
 * {@link IllegalArgumentException}.
 */
final class ConstantPool {

    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int FIELDREF = 9;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;
    static final int INVOKE_DYNAMIC = 18;
    static final int MODULE = 19;
    static final int PACKAGE = 20;

    private static final int HEADER = 10;

    private final int[] tags;
    /** First operand: an index, or a method handle's kind. */
    private final int[] first;
    /** Second operand: an index. */
    private final int[] second;
    private final String[] utf8;

    private ConstantPool(int count) {
        tags = new int[count];
        first = new int[count];
        second = new int[count];
        utf8 = new String[count];
    }

    static ConstantPool read(byte[] bytes) {
        Input in = new Input(bytes);
        if (in.u4() != 0xCAFEBABE) {
            throw new IllegalArgumentException("bad magic number");
        }
        in.skip(4);
        int count = in.u2();
        if (count < 1) {
            throw new IllegalArgumentException("empty constant pool");
        }
        ConstantPool pool = new ConstantPool(count);
        for (int i = 1; i < count; i++) {
            int tag = in.u1();
            pool.tags[i] = tag;
            switch (tag) {
                case UTF8 -> pool.utf8[i] = in.utf8(in.u2());
                case INTEGER, FLOAT -> in.skip(4);
                case LONG, DOUBLE -> {
                    in.skip(8);
                    i++; // takes two slots
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> pool.first[i] = in.u2();
                case METHOD_HANDLE -> {
                    pool.first[i] = in.u1();
                    pool.second[i] = in.u2();
                }
                case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                    pool.first[i] = in.u2();
                    pool.second[i] = in.u2();
                }
                default -> throw new IllegalArgumentException("constant pool entry " + i + " has unknown tag " + tag);
            }
        }
        pool.validate();
        return pool;
    }

    int size() {
        return tags.length;
    }

    int tag(int index) {
        return tags[index];
    }

    /** For CLASS entries: the internal name; for METHOD_TYPE: the descriptor. */
    String name(int index) {
        return utf8[first[index]];
    }

    /** For member references: the CLASS entry of the owner. */
    int owner(int index) {
        return first[index];
    }

    /** For member references, DYNAMIC and INVOKE_DYNAMIC: the member's or call site's name. */
    String memberName(int index) {
        return utf8[first[second[index]]];
    }

    /** For member references, DYNAMIC and INVOKE_DYNAMIC: the descriptor. */
    String memberDescriptor(int index) {
        return utf8[second[second[index]]];
    }

    private void validate() {
        for (int i = 1; i < tags.length; i++) {
            switch (tags[i]) {
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> expect(i, first[i], UTF8);
                case FIELDREF, METHODREF, INTERFACE_METHODREF -> {
                    expect(i, first[i], CLASS);
                    expect(i, second[i], NAME_AND_TYPE);
                }
                case NAME_AND_TYPE -> {
                    expect(i, first[i], UTF8);
                    expect(i, second[i], UTF8);
                }
                case DYNAMIC, INVOKE_DYNAMIC -> expect(i, second[i], NAME_AND_TYPE);
                case METHOD_HANDLE -> {
                    int kind = first[i];
                    if (kind < 1 || kind > 9) {
                        throw new IllegalArgumentException("constant pool entry " + i + " has handle kind " + kind);
                    }
                    if (kind <= 4) {
                        expect(i, second[i], FIELDREF);
                    } else {
                        expectMethod(i, second[i]);
                    }
                }
                default -> {
                }
            }
        }
    }

    private void expect(int entry, int index, int tag) {
        if (index < 1 || index >= tags.length || tags[index] != tag) {
            throw new IllegalArgumentException("constant pool entry " + entry + " points at a wrong entry " + index);
        }
    }

    private void expectMethod(int entry, int index) {
        if (index < 1 || index >= tags.length
                || (tags[index] != METHODREF && tags[index] != INTERFACE_METHODREF)) {
            throw new IllegalArgumentException("constant pool entry " + entry + " points at a wrong entry " + index);
        }
    }

    /** Big-endian reads that fail cleanly past the end. */
    private static final class Input {
        private final byte[] bytes;
        private int position;

        Input(byte[] bytes) {
            this.bytes = bytes;
            this.position = 0;
            need(HEADER);
        }

        int u1() {
            need(1);
            return bytes[position++] & 0xFF;
        }

        int u2() {
            return (u1() << 8) | u1();
        }

        int u4() {
            return (u2() << 16) | u2();
        }

        void skip(int n) {
            need(n);
            position += n;
        }

        /** Modified UTF-8 (JVMS 4.4.7): one to three bytes per char, no four-byte forms. */
        String utf8(int length) {
            need(length);
            int end = position + length;
            StringBuilder text = new StringBuilder(length);
            while (position < end) {
                int a = bytes[position++] & 0xFF;
                if (a < 0x80 && a != 0) {
                    text.append((char) a);
                } else if ((a & 0xE0) == 0xC0 && position < end) {
                    text.append((char) (((a & 0x1F) << 6) | continuation(end)));
                } else if ((a & 0xF0) == 0xE0 && position + 1 < end) {
                    int b = continuation(end);
                    text.append((char) (((a & 0x0F) << 12) | (b << 6) | continuation(end)));
                } else {
                    throw new IllegalArgumentException("malformed modified UTF-8 in the constant pool");
                }
            }
            return text.toString();
        }

        private int continuation(int end) {
            int b = bytes[position++] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                throw new IllegalArgumentException("malformed modified UTF-8 in the constant pool");
            }
            return b & 0x3F;
        }

        private void need(int n) {
            if (n < 0 || position + n > bytes.length) {
                throw new IllegalArgumentException("truncated constant pool");
            }
        }
    }
}
