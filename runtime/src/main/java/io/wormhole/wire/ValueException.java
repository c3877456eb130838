package io.wormhole.wire;

/**
 * A value that cannot be written (it cannot travel, and the message names its class and the path to it) or a value
 * stream that cannot be read (truncated, corrupt, hostile, or over a {@link ValueLimits limit}).
 */
public class ValueException extends RuntimeException {
    public ValueException(String message) {
        super(message);
    }

    public ValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
