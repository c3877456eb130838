package io.wormhole.server.call;

import java.sql.SQLException;

/**
 * Keeps what this backend trusts in step with what committed anywhere: the allowlist's version, and which held
 * bundles are still stored and accepted under it. The host's trust generation moves whenever a transaction that
 * changed {@code wormhole.bundles} or {@code wormhole.allowlist} committed, in any backend; only then does a call
 * pay for a statement that looks again.
 */
final class Trust {
    private final TrustTables tables;
    private final DefinedBundles bundles;
    private boolean checked;
    private long seenGeneration;
    private long version;
    private TrustTables.Rules rules;

    Trust(TrustTables tables, DefinedBundles bundles) {
        this.tables = tables;
        this.bundles = bundles;
    }

    /**
     * Called before a call looks for a held loader: when the generation moved since the last look, drops every
     * loader defined under an older allowlist version, and every one whose bundle was evicted or rejected since.
     */
    void refresh(long generation) throws SQLException {
        if (checked && generation == seenGeneration) {
            return;
        }
        TrustTables.Standing standing = tables.standing(bundles.hashes());
        version = standing.version();
        bundles.retain(standing.validHashes(), version);
        seenGeneration = generation;
        // A repeatable-read transaction reads its snapshot, which may predate the change the generation announced:
        // look again at the next call, until one reads the latest committed state.
        checked = standing.readsLatest();
    }

    /** The allowlist version the held loaders were last checked against. */
    long version() {
        return version;
    }

    /** The allowlist bundles are verified under now, at {@link #version()} or newer. */
    TrustTables.Rules rules() throws SQLException {
        if (rules == null || rules.version() != version) {
            rules = tables.rules();
            if (rules.version() != version) {
                // Changed after refresh() looked: the held loaders are checked against it before the next call.
                checked = false;
            }
        }
        return rules;
    }
}
