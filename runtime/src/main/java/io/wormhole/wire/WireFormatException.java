package io.wormhole.wire;

/** A frame that does not follow the wire format; the message names what is wrong and where. */
public final class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }
}
