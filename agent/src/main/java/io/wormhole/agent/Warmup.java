package io.wormhole.agent;

import io.wormhole.Remote;

/**
 * A class the agent transforms, and throws away, on a thread of its own as soon as it starts: ByteBuddy's first
 * transformation costs hundreds of milliseconds of class loading and interpretation, which this moves off the
 * application's path to its first {@code @Remote} class. Never loaded as a class with advice.
 */
final class Warmup {
    private Warmup() {}

    @Remote
    static int template(int x) {
        return x;
    }
}
