package io.wormhole.wire;

import java.util.Arrays;
import java.util.UUID;

/**
 * A call: which method of which bundle, with which arguments. The bundle's bytes travel inline only when the
 * client does not know the server to hold them already; otherwise just the hash does. See {@code runtime/WIRE.md}.
 *
 * @param bundleHash SHA-256 of the bundle (see {@link Bundle})
 * @param bundle the bundle itself, or {@code null} when only the hash is sent
 * @param className binary name of the class that declares the method
 * @param methodName the method's name
 * @param descriptor the method's JVM descriptor, e.g. {@code (Ljava/sql/Connection;J)Ljava/lang/String;}
 * @param arguments the serialized arguments (receiver first for an instance method), see {@code Values}
 * @param raiseErrors whether an exception of the method fails the SQL statement with a PostgreSQL ERROR (for callers
 *     in SQL) instead of travelling back in the response (what the agent wants: the caller's transaction stays usable)
 * @param callId the id the client gave this call (a version 7 UUID, see {@link CallIds}), by which it can later ask
 *     whether the call committed; {@code null} for a call without one
 */
public record Request(byte[] bundleHash, Bundle bundle, String className, String methodName, String descriptor,
        byte[] arguments, boolean raiseErrors, UUID callId) {

    static final byte[] MAGIC = {'W', 'H', 'R', 'Q'};
    /** 2: the values' format of 2026-12-02 (records by component, {@code Object[]} by id), which 1 cannot read. */
    static final int VERSION = 2;
    private static final int FLAG_INLINE_BUNDLE = 1;
    private static final int FLAG_RAISE_ERRORS = 2;
    private static final int FLAG_CALL_ID = 4;

    /** Hard limits of the format; the server applies its own, smaller, configurable limits on top. */
    public static final int MAX_CLASSES = 65_535;
    public static final int MAX_CLASS_BYTES = 64 << 20;
    public static final int MAX_ARGUMENT_BYTES = 256 << 20;

    private static final FrameReader.Recent CLASS_NAME = new FrameReader.Recent();
    private static final FrameReader.Recent METHOD_NAME = new FrameReader.Recent();
    private static final FrameReader.Recent DESCRIPTOR = new FrameReader.Recent();

    public Request {
        if (bundleHash.length != 32) {
            throw new IllegalArgumentException("a bundle hash has 32 bytes, not " + bundleHash.length);
        }
        if (bundle != null && !Arrays.equals(bundle.hash(), bundleHash)) {
            throw new IllegalArgumentException("the bundle's hash is not the hash sent with it");
        }
        if (callId != null && !CallIds.isCallId(callId)) {
            throw new IllegalArgumentException(callId + " is not a version 7 UUID");
        }
    }

    /** A call without an id. */
    public Request(byte[] bundleHash, Bundle bundle, String className, String methodName, String descriptor,
            byte[] arguments, boolean raiseErrors) {
        this(bundleHash, bundle, className, methodName, descriptor, arguments, raiseErrors, null);
    }

    public static Request withBundle(Bundle bundle, String className, String methodName, String descriptor,
            byte[] arguments) {
        return new Request(bundle.hash(), bundle, className, methodName, descriptor, arguments, false);
    }

    /** The same call without the bundle's bytes, for a server that already holds them. */
    public Request withoutBundle() {
        return new Request(bundleHash, null, className, methodName, descriptor, arguments, raiseErrors, callId);
    }

    /** The same call, failing the SQL statement if the method throws. */
    public Request raisingErrors() {
        return new Request(bundleHash, bundle, className, methodName, descriptor, arguments, true, callId);
    }

    /** The same call under the id {@code id}. */
    public Request withCallId(UUID id) {
        return new Request(bundleHash, bundle, className, methodName, descriptor, arguments, raiseErrors, id);
    }

    public byte[] encode() {
        int size = 128 + arguments.length + (bundle == null ? 0 : bundle.totalBytes() + 64 * bundle.classes().size());
        FrameWriter w = new FrameWriter(size);
        int flags = (bundle == null ? 0 : FLAG_INLINE_BUNDLE) | (raiseErrors ? FLAG_RAISE_ERRORS : 0)
                | (callId == null ? 0 : FLAG_CALL_ID);
        w.bytes(MAGIC).u8(VERSION).u8(flags).bytes(bundleHash);
        if (callId != null) {
            w.bytes(CallIds.toBytes(callId));
        }
        if (bundle != null) {
            bundle.write(w);
        }
        w.utf8(className).utf8(methodName).utf8(descriptor).u32(arguments.length).bytes(arguments);
        return w.toByteArray();
    }

    /**
     * Reads a request frame. A frame that is empty, truncated, of another version, carries trailing bytes, or
     * whose inline bundle does not match its hash is a {@link WireFormatException} naming the cause.
     */
    public static Request decode(byte[] frame) {
        if (frame.length == 0) {
            throw new WireFormatException("empty request frame");
        }
        FrameReader r = new FrameReader(frame);
        r.expectMagic(MAGIC, "Wormhole request frame");
        int version = r.u8("version");
        if (version != VERSION) {
            throw new WireFormatException("request frame version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int flags = r.u8("flags");
        if ((flags & ~(FLAG_INLINE_BUNDLE | FLAG_RAISE_ERRORS | FLAG_CALL_ID)) != 0) {
            throw new WireFormatException("unknown request flags 0x" + Integer.toHexString(flags));
        }
        byte[] hash = r.bytes(32, "bundle hash");
        UUID callId = null;
        if ((flags & FLAG_CALL_ID) != 0) {
            callId = CallIds.fromBytes(r.bytes(16, "call id"));
            if (!CallIds.isCallId(callId)) {
                throw new WireFormatException("call id " + callId + " is not a version 7 UUID (RFC 9562)");
            }
        }
        Bundle bundle = null;
        if ((flags & FLAG_INLINE_BUNDLE) != 0) {
            bundle = Bundle.read(r);
            if (!Arrays.equals(bundle.hash(), hash)) {
                throw new WireFormatException("the inline bundle's SHA-256 is " + bundle.hashHex()
                        + ", not the hash the frame names (" + Hex.of(hash) + ")");
            }
        }
        String className = r.utf8("class name", CLASS_NAME);
        String methodName = r.utf8("method name", METHOD_NAME);
        String descriptor = r.utf8("method descriptor", DESCRIPTOR);
        byte[] arguments = r.bytes(r.u32("argument size", MAX_ARGUMENT_BYTES), "arguments");
        if (!r.atEnd()) {
            throw new WireFormatException((frame.length - r.position()) + " unexpected bytes after the request");
        }
        return new Request(hash, bundle, className, methodName, descriptor, arguments,
                (flags & FLAG_RAISE_ERRORS) != 0, callId);
    }
}
