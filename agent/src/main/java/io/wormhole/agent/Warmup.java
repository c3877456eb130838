package io.wormhole.agent;

import io.wormhole.Remote;

/**
 * A class the agent weaves, and throws away, on a thread of its own as soon as it starts: the first weaving's class
 * loading and interpretation move off the application's path to its first {@code @Remote} class. Never loaded as a
 * woven class.
 */
final class Warmup {
    private Warmup() {}

    @Remote
    static int template(int x) {
        return x;
    }
}
