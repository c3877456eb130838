package io.wormhole.server.call;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Host;
import io.wormhole.server.pg.Notices;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Session;
import io.wormhole.server.sandbox.SandboxParent;
import io.wormhole.server.sandbox.Weaving;
import io.wormhole.server.verify.Limits;
import io.wormhole.server.verify.Verdict;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;

/**
 * Decides which classes a request runs, for the calling role: a bundle this backend defined already and still trusts,
 * one another backend stored, or one shipped inline; whether the role may install a new one; what the verifier says
 * of it under the allowlist as it stands; and what is stored and audited of that.
 */
public final class BundleAdmission {
    /** Violations a refused call's error lists before "... and N more". */
    private static final int SHOWN_VIOLATIONS = 5;

    private final DefinedBundles bundles = new DefinedBundles();
    private final BundleTable table = new BundleTable();
    private final RefusalAudit audit = new RefusalAudit();
    private final TrustTables trustTables = new TrustTables();
    private final Trust trust = new Trust(trustTables, bundles);

    /** Where a request's bundle stands: defined (a loader), unknown (neither), or rejected (a reason). */
    record Resolution(BundleClassLoader loader, String rejection) {}

    /**
     * The loader of the request's bundle for the calling role: already defined in this backend and still trusted,
     * stored by another (verified again first if the allowlist changed since), or shipped inline (verified, then
     * stored).
     */
    Resolution resolve(Request request, Session session, long trustGeneration) throws SQLException {
        String scope = session.trusted() ? "trusted" : Integer.toString(session.roleOid());
        trust.refresh(trustGeneration);
        BundleClassLoader loader = bundles.find(request.bundleHash(), scope);
        if (loader != null) {
            table.retry(request.bundleHash());
            return new Resolution(loader, null);
        }
        BundleTable.Stored stored = table.find(request.bundleHash());
        Bundle bundle = stored != null ? stored.bundle() : request.bundle();
        if (bundle == null) {
            return new Resolution(null, null);
        }
        if (stored == null && !session.mayInstall()) {
            String reason = "role may not install new bundles: it needs the privileges of wormhole_install"
                    + " (GRANT wormhole_install TO <role>)";
            audit.refused(session.roleOid(), bundle.hash(), reason, session.standby());
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12) + " was not installed: "
                    + reason);
        }
        if (session.trusted()) {
            return new Resolution(bundles.define(bundle, scope, BundleAdmission.class.getClassLoader(),
                    trust.version(), null), null);
        }
        TrustTables.Rules rules = trust.rules();
        Judgement judgement = judge(bundle, stored, rules, session);
        if (judgement.rejection() != null) {
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12)
                    + " was rejected by the verifier: " + Verdict.abridged(judgement.rejection(), SHOWN_VIOLATIONS));
        }
        return new Resolution(bundles.define(bundle, scope, new SandboxParent(rules.allowlist()), rules.version(),
                judgement.woven()), null);
    }

    /** The verifier's rejection ({@code null}: accepted) and, when accepted, the classes woven (or {@code null}). */
    private record Judgement(String rejection, Map<String, byte[]> woven) {}

    /**
     * What the verifier says of {@code bundle} under {@code rules}. A verdict recorded under the same allowlist
     * version by this loader's verifier and weaving code stands, and so do the classes woven with it; otherwise the
     * bundle is verified now, woven if accepted, the verdict and woven classes recorded (a new bundle stored when
     * accepted) and a rejection audited, in a transaction of their own. The verdict stands for this call whether or
     * not it could be recorded.
     *
     * <p>A hot standby records nothing: a bundle new to it is verified as on the primary (the allowlist and the
     * grants are the primary's, replayed) and kept in this backend's memory, and the server log says so in place of
     * the audit. Refusing it instead would make a read-only call fail whenever the client reached the standby before
     * the primary, or before the standby replayed the primary's install; nothing is trusted here that the primary
     * would not trust, and the client stores it on the primary at its first call there.
     */
    private Judgement judge(Bundle bundle, BundleTable.Stored stored, TrustTables.Rules rules, Session session)
            throws SQLException {
        // A verdict stands under the same allowlist and the same verifier: a server with stricter rules judges again.
        if (stored != null && stored.verifiedUnder() == rules.version() && stored.byThisCode()) {
            return new Judgement(stored.rejection(), stored.rejection() == null ? stored.woven() : null);
        }
        int role = session.roleOid();
        Verdict verdict = verifier(rules).verify(bundle.classes());
        String rejection = verdict.isAccepted() ? null : verdict.describe();
        Map<String, byte[]> woven = rejection == null ? Weaving.weaveAll(bundle.classes()) : null;
        if (session.standby()) {
            if (rejection != null) {
                audit.refused(role, bundle.hash(), rejection, true);
            } else if (stored == null) {
                int classes = bundle.classes().size();
                Notices.log("wormhole: bundle " + bundle.hashHex().substring(0, 12) + " (" + classes
                        + (classes == 1 ? " class" : " classes") + ") was verified for role "
                        + Integer.toUnsignedString(role) + " on a hot standby and is kept in this backend's memory"
                        + " only: a standby stores and audits nothing (the primary does at the bundle's first call"
                        + " there)");
            }
            return new Judgement(rejection, woven);
        }
        if (stored == null) {
            if (rejection == null) {
                table.store(bundle, role, rules.version(), woven);
            } else {
                audit.refused(role, bundle.hash(), rejection, false);
            }
            return new Judgement(rejection, woven);
        }
        table.record(bundle.hash(), rules.version(), rejection, role, woven);
        return new Judgement(rejection, woven);
    }

    /** The verifier with these rules and the size limits as the GUCs stand now. */
    private static Verifier verifier(TrustTables.Rules rules) throws SQLException {
        Host.Limits host = Host.limits();
        Limits limits = Limits.defaults().withMaxClasses(host.maxClasses()).withMaxClassBytes(host.maxClassBytes())
                .withMaxBundleBytes(host.maxBundleBytes());
        return Verifier.of(rules.allowlist(), limits);
    }

    /** What {@code wormhole.verify(bytea)} answers: the verifier's verdict on a bundle, as configured now. */
    public byte[] verify(byte[] classes) throws PgException {
        try {
            Verdict verdict = verifier(trustTables.rules()).verify(Bundle.fromBytes(classes).classes());
            return (verdict.isAccepted() ? "accepted" : "rejected: " + verdict.describe())
                    .getBytes(StandardCharsets.UTF_8);
        } catch (WireFormatException e) {
            throw new PgException("not a bundle: " + e.getMessage(), SqlState.INVALID_BINARY_REPRESENTATION, null,
                    "Pass the classes in the layout of an inline bundle (runtime/WIRE.md).", 0);
        } catch (SQLException e) {
            throw Failures.raised(e);
        }
    }
}
