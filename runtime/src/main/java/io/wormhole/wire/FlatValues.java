package io.wormhole.wire;

import java.nio.ByteBuffer;
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
        ByteBuffer out = ByteBuffer.allocate(size(value)).put(MARKER);
        if (value != null && value.getClass() == Object[].class) {
            Object[] elements = (Object[]) value;
            out.put((byte) ARRAY).putInt(elements.length);
            for (Object element : elements) {
                scalar(out, element);
            }
        } else {
            scalar(out, value);
        }
        return out.array();
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

    private static void scalar(ByteBuffer out, Object value) {
        if (value == null) {
            out.put((byte) NULL);
        } else if (value instanceof Integer i) {
            out.put((byte) INT).putInt(i);
        } else if (value instanceof Long l) {
            out.put((byte) LONG).putLong(l);
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.put((byte) (b ? TRUE : FALSE));
        } else if (value instanceof Double d) {
            out.put((byte) DOUBLE).putLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof ConnectionSlot) {
            out.put((byte) CONNECTION);
        } else if (value instanceof Short v) {
            out.put((byte) SHORT).putShort(v);
        } else if (value instanceof Byte b) {
            out.put((byte) BYTE).put(b);
        } else if (value instanceof Character c) {
            out.put((byte) CHAR).putChar(c);
        } else {
            out.put((byte) FLOAT).putInt(Float.floatToRawIntBits((Float) value));
        }
    }

    private static void string(ByteBuffer out, String s) {
        int n = s.length();
        if (latin1(s)) {
            out.put((byte) LATIN1).putInt(n).put(s.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.put((byte) UTF16).putInt(n);
            for (int i = 0; i < n; i++) {
                out.putChar(s.charAt(i));
            }
        }
    }

    /**
     * The value of a flat stream. A stream from anywhere: every count is checked against what the stream still holds
     * and against {@code limits} before anything is allocated, and a stream that is not exactly one value is refused.
     */
    static Object read(byte[] bytes, ValueLimits limits) {
        Reader in = new Reader(ByteBuffer.wrap(bytes, 1, bytes.length - 1), limits);
        Object value;
        if (in.bytes.hasRemaining() && in.bytes.get(in.bytes.position()) == ARRAY) {
            in.bytes.get();
            int count = in.count(1, limits.maxElements(), "array elements");
            Object[] elements = new Object[count];
            for (int i = 0; i < count; i++) {
                elements[i] = in.scalar();
            }
            value = elements;
        } else {
            value = in.scalar();
        }
        if (in.bytes.hasRemaining()) {
            throw new ValueException("corrupt value stream: " + in.bytes.remaining()
                    + " unexpected bytes after the value");
        }
        return value;
    }

    /** Reads scalars, each read preceded by a check that the stream holds it, so no read underflows. */
    private record Reader(ByteBuffer bytes, ValueLimits limits) {
        Object scalar() {
            int tag = need(1).get();
            return switch (tag) {
                case NULL -> null;
                case CONNECTION -> ConnectionSlot.INSTANCE;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case INT -> need(4).getInt();
                case LONG -> need(8).getLong();
                case SHORT -> need(2).getShort();
                case BYTE -> need(1).get();
                case CHAR -> need(2).getChar();
                case FLOAT -> Float.intBitsToFloat(need(4).getInt());
                case DOUBLE -> Double.longBitsToDouble(need(8).getLong());
                case LATIN1 -> {
                    int n = count(1, limits.maxStringLength(), "string characters");
                    String s = new String(bytes.array(), bytes.position(), n, StandardCharsets.ISO_8859_1);
                    bytes.position(bytes.position() + n);
                    yield s;
                }
                case UTF16 -> {
                    int n = count(2, limits.maxStringLength(), "string characters");
                    char[] chars = new char[n];
                    bytes.asCharBuffer().get(chars);
                    bytes.position(bytes.position() + 2 * n);
                    yield new String(chars);
                }
                default -> throw new ValueException("corrupt value stream: unknown value tag " + tag + " at byte "
                        + (bytes.position() - 1));
            };
        }

        /** A count of items of {@code width} bytes each that follow it, within {@code max} and the stream. */
        int count(int width, int max, String what) {
            int n = need(4).getInt();
            int at = bytes.position() - 4;
            if (n < 0 || n > max) {
                throw new ValueException("corrupt value stream: " + n + " " + what + " claimed at byte " + at
                        + ", the limit is " + max);
            }
            if ((long) n * width > bytes.remaining()) {
                throw new ValueException("corrupt value stream: " + n + " " + what + " claimed at byte " + at
                        + ", but only " + bytes.remaining() + " bytes follow");
            }
            return n;
        }

        ByteBuffer need(int n) {
            if (bytes.remaining() < n) {
                throw new ValueException("corrupt value stream: it ends at byte " + bytes.limit() + ", inside a value");
            }
            return bytes;
        }
    }
}
