package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.CallCancelledError;

/**
 * What the loader weaves into shipped code: a poll at every method entry and backward branch, and a guard at the
 * start of every handler that could catch the error that stops a call. The poll is one volatile read; the main
 * thread raises the flag when PostgreSQL has an interrupt pending, so cancel and {@code statement_timeout} stop any
 * shipped loop.
 */
public final class Budget {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Budget";

    private Budget() {}

    public static void poll() {
        if (Backend.stopping()) {
            Backend.checkInterrupts();
        }
    }

    /** Called with the caught throwable: shipped code cannot swallow the end of its call. */
    public static void rethrowIfStopping(Throwable caught) {
        if (caught instanceof CallCancelledError e) {
            throw e;
        }
        if (Backend.cancelled()) {
            throw new CallCancelledError();
        }
    }
}
