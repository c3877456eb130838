package io.wormhole.wire;

import java.nio.charset.StandardCharsets;

/**
 * The encoding of the values most calls pass and return: {@code null}, boxes, short strings, the connection's slot,
 * and an argument array of nothing else. Such a value has no identity a program can rely on and no class to name,
 * so neither end runs Kryo for it: no class resolver, no reference map, no travel check. A call's fixed cost is
 * mostly what it touches, and after an idle gap everything it touches is cold (issue 11: calls after a gap).
 *
 * <p>A flat stream starts with {@link #MARKER}, a byte no Kryo stream of {@link WireKryo} starts with (Kryo starts
 * with the class id plus 2, one byte below 0x80 while fewer than 126 ids are registered). Then one tag byte per
 * value, big-endian fixed-width payloads, strings as a char count and then Latin-1 bytes or UTF-16 chars (so that
 * unpaired surrogates arrive as they left, as Kryo keeps them), an array as a count and its elements.
 */
final class FlatValues {
    static final byte MARKER = (byte) 0xF1;
    /** The longest string written flat: a longer one goes through Kryo, which streams a large result in chunks. */
    static final int MAX_STRING = 512;
    /** The most elements of an argument array written flat. */
    static final int MAX_ELEMENTS = 64;

    private static final int NULL = 0;
    private static final int CONNECTION = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int SHORT = 6;
    private static final int BYTE = 7;
    private static final int CHAR = 8;
    private static final int FLOAT = 9;
    private static final int DOUBLE = 10;
    private static final int LATIN1 = 11;
    private static final int UTF16 = 12;
    private static final int ARRAY = 13;

    private FlatValues() {}

    /** Whether {@code value} is written flat: a scalar, or an {@code Object[]} of scalars. */
    static boolean fits(Object value) {
        if (value != null && value.getClass() == Object[].class) {
            Object[] elements = (Object[]) value;
            if (elements.length > MAX_ELEMENTS) {
                return false;
            }
            for (Object element : elements) {
                if (!scalar(element)) {
                    return false;
                }
            }
            return true;
        }
        return scalar(value);
    }

    private static boolean scalar(Object value) {
        if (value == null) {
            return true;
        }
        Class<?> type = value.getClass();
        return type == Integer.class || type == Long.class || type == Boolean.class || type == Double.class
                || type == ConnectionSlot.class || type == Short.class || type == Byte.class
                || type == Character.class || type == Float.class
                || type == String.class && ((String) value).length() <= MAX_STRING;
    }

    /** The flat stream of a value that {@link #fits}. */
    static byte[] write(Object value) {
        Writer out = new Writer(size(value));
        out.bytes[out.at++] = MARKER;
        if (value != null && value.getClass() == Object[].class) {
            Object[] elements = (Object[]) value;
            out.bytes[out.at++] = ARRAY;
            out.int32(elements.length);
            for (Object element : elements) {
                out.scalar(element);
            }
        } else {
            out.scalar(value);
        }
        return out.bytes;
    }

    private static int size(Object value) {
        if (value != null && value.getClass() == Object[].class) {
            int size = 1 + 1 + 4;
            for (Object element : (Object[]) value) {
                size += scalarSize(element);
            }
            return size;
        }
        return 1 + scalarSize(value);
    }

    private static int scalarSize(Object value) {
        if (value instanceof String s) {
            return 1 + 4 + (latin1(s) ? s.length() : 2 * s.length());
        }
        if (value instanceof Long || value instanceof Double) {
            return 1 + 8;
        }
        if (value instanceof Integer || value instanceof Float) {
            return 1 + 4;
        }
        if (value instanceof Short || value instanceof Character) {
            return 1 + 2;
        }
        return value instanceof Byte ? 1 + 1 : 1;
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static final class Writer {
        final byte[] bytes;
        int at;

        Writer(int size) {
            bytes = new byte[size];
        }

        void scalar(Object value) {
            if (value == null) {
                bytes[at++] = NULL;
            } else if (value instanceof Integer i) {
                bytes[at++] = INT;
                int32(i);
            } else if (value instanceof Long l) {
                bytes[at++] = LONG;
                int64(l);
            } else if (value instanceof String s) {
                string(s);
            } else if (value instanceof Boolean b) {
                bytes[at++] = (byte) (b ? TRUE : FALSE);
            } else if (value instanceof Double d) {
                bytes[at++] = DOUBLE;
                int64(Double.doubleToRawLongBits(d));
            } else if (value instanceof ConnectionSlot) {
                bytes[at++] = CONNECTION;
            } else if (value instanceof Short s) {
                bytes[at++] = SHORT;
                int16(s);
            } else if (value instanceof Byte b) {
                bytes[at++] = BYTE;
                bytes[at++] = b;
            } else if (value instanceof Character c) {
                bytes[at++] = CHAR;
                int16(c);
            } else {
                bytes[at++] = FLOAT;
                int32(Float.floatToRawIntBits((Float) value));
            }
        }

        void string(String s) {
            int n = s.length();
            if (latin1(s)) {
                bytes[at++] = LATIN1;
                int32(n);
                for (int i = 0; i < n; i++) {
                    bytes[at++] = (byte) s.charAt(i);
                }
            } else {
                bytes[at++] = UTF16;
                int32(n);
                for (int i = 0; i < n; i++) {
                    int16(s.charAt(i));
                }
            }
        }

        void int16(int v) {
            bytes[at++] = (byte) (v >>> 8);
            bytes[at++] = (byte) v;
        }

        void int32(int v) {
            int16(v >>> 16);
            int16(v);
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }
    }

    /**
     * The value of a flat stream. A stream from anywhere: every count is checked against what the stream still holds
     * and against {@code limits} before anything is allocated, and a stream that is not exactly one value is refused.
     */
    static Object read(byte[] bytes, ValueLimits limits) {
        Reader in = new Reader(bytes, limits);
        in.at = 1;
        Object value;
        if (in.remaining() > 0 && bytes[in.at] == ARRAY) {
            in.at++;
            int count = in.count(1, limits.maxElements(), "array elements");
            Object[] elements = new Object[count];
            for (int i = 0; i < count; i++) {
                elements[i] = in.scalar();
            }
            value = elements;
        } else {
            value = in.scalar();
        }
        if (in.at != bytes.length) {
            throw new ValueException("corrupt value stream: " + (bytes.length - in.at)
                    + " unexpected bytes after the value");
        }
        return value;
    }

    private static final class Reader {
        final byte[] bytes;
        final ValueLimits limits;
        int at;

        Reader(byte[] bytes, ValueLimits limits) {
            this.bytes = bytes;
            this.limits = limits;
        }

        int remaining() {
            return bytes.length - at;
        }

        Object scalar() {
            need(1);
            int tag = bytes[at++];
            return switch (tag) {
                case NULL -> null;
                case CONNECTION -> ConnectionSlot.INSTANCE;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INT -> int32();
                case LONG -> int64();
                case SHORT -> (short) int16();
                case BYTE -> {
                    need(1);
                    yield bytes[at++];
                }
                case CHAR -> (char) int16();
                case FLOAT -> Float.intBitsToFloat(int32());
                case DOUBLE -> Double.longBitsToDouble(int64());
                case LATIN1 -> {
                    int n = count(1, limits.maxStringLength(), "string characters");
                    String s = new String(bytes, at, n, StandardCharsets.ISO_8859_1);
                    at += n;
                    yield s;
                }
                case UTF16 -> {
                    int n = count(2, limits.maxStringLength(), "string characters");
                    char[] chars = new char[n];
                    for (int i = 0; i < n; i++) {
                        chars[i] = (char) int16();
                    }
                    yield new String(chars);
                }
                default -> throw new ValueException("corrupt value stream: unknown value tag " + tag + " at byte "
                        + (at - 1));
            };
        }

        /** A count of items of {@code width} bytes each that follow it, within {@code max} and the stream. */
        int count(int width, int max, String what) {
            int n = int32();
            if (n < 0 || n > max) {
                throw new ValueException("corrupt value stream: " + n + " " + what + " claimed at byte " + (at - 4)
                        + ", the limit is " + max);
            }
            if ((long) n * width > remaining()) {
                throw new ValueException("corrupt value stream: " + n + " " + what + " claimed at byte " + (at - 4)
                        + ", but only " + remaining() + " bytes follow");
            }
            return n;
        }

        void need(int n) {
            if (remaining() < n) {
                throw new ValueException("corrupt value stream: it ends at byte " + bytes.length + ", inside a value");
            }
        }

        int int16() {
            need(2);
            int v = (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
            at += 2;
            return v;
        }

        int int32() {
            need(4);
            int v = (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                    | bytes[at + 3] & 0xFF;
            at += 4;
            return v;
        }

        long int64() {
            long high = int32();
            return high << 32 | int32() & 0xFFFF_FFFFL;
        }
    }
}
