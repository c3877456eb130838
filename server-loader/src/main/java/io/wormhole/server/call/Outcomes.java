package io.wormhole.server.call;

import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.Transactions;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Records the ids of calls that returned having written something in {@code wormhole.call_outcomes}, in the caller's
 * transaction (so a record commits exactly when the call's work does), and removes records past the retention now and
 * then. A record's id is fresh and random, so its insert waits for nobody; the removal skips rows another
 * transaction holds, so it waits for nobody either (see {@code server-loader/native/outcomes.c} for the lookups).
 */
final class Outcomes {
    /** A backend removes old records at its first record and then every this many. */
    private static final int REMOVE_EVERY = 64;
    /** At most this many per removal: four times the rate records come in, in small steps. */
    private static final int REMOVE_AT_MOST = 4 * REMOVE_EVERY;

    private Plan insert;
    private Plan remove;
    private long recorded;

    /** After a call that returned: records {@code callId} if the call has one and the transaction wrote. */
    void record(UUID callId) throws SQLException {
        if (callId == null || !Transactions.wrote()) {
            return;
        }
        // Removal first: a call whose id is already past the retention keeps its record until the next removal.
        if (recorded++ % REMOVE_EVERY == 0) {
            removeExpired();
        }
        if (insert == null) {
            insert = Plan.prepareAsHost("INSERT INTO wormhole.call_outcomes (id) VALUES ($1)", Oids.UUID);
        }
        insert.executeAsHost(Params.of(callId.toString()));
    }

    private void removeExpired() throws SQLException {
        if (remove == null) {
            remove = Plan.prepareAsHost("DELETE FROM wormhole.call_outcomes o WHERE o.id OPERATOR(pg_catalog.=) ANY"
                    + " (ARRAY(SELECT i.id FROM wormhole.call_outcomes i"
                    + " WHERE i.id OPERATOR(pg_catalog.<) $1 ORDER BY i.id LIMIT " + REMOVE_AT_MOST
                    + " FOR UPDATE SKIP LOCKED))", Oids.UUID);
        }
        // The smallest version 7 UUID of the cutoff's millisecond: every id made before it sorts below.
        UUID below = new UUID((Transactions.outcomeCutoff() << 16) | 0x7000, Long.MIN_VALUE);
        remove.executeAsHost(Params.of(below.toString()));
    }
}
