package io.wormhole.server.verify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Checks a bundle's class files before any of them is defined: limits, names, versions, and every reference
 * each class makes, which must be to the bundle itself or allowed by the {@link Allowlist}. Thread-safe and
 * reusable; each {@link #verify} call is independent.
 *
 * <p>Never throws for bad input: a malformed class file is a violation like any other.
 */
public final class Verifier {

    /** How many violations a verdict lists; the rest are only counted. */
    public static final int MAX_REPORTED_VIOLATIONS = 100;

    private static final String BUNDLE = "(bundle)";
    private static final List<String> RESERVED_PREFIXES =
            List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "io.wormhole.", "org.postgresql.");
    private static final String SEGMENT = "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*";
    private static final Pattern BINARY_NAME =
            Pattern.compile("(" + SEGMENT + "\\.)*(" + SEGMENT + "|package-info)");
    private static final int MAX_MESSAGE_DETAIL = 200;

    private final Allowlist allowlist;
    private final Limits limits;

    private Verifier(Allowlist allowlist, Limits limits) {
        this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public static Verifier of(Allowlist allowlist, Limits limits) {
        return new Verifier(allowlist, limits);
    }

    /** The default allowlist and limits. */
    public static Verifier withDefaults() {
        return new Verifier(Allowlist.defaults(), Limits.defaults());
    }

    public Allowlist allowlist() {
        return allowlist;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * @param bundle binary class name ({@code com.app.Accounts$Receipt}) to class-file bytes
     */
    public Verdict verify(Map<String, byte[]> bundle) {
        Findings findings = new Findings(MAX_REPORTED_VIOLATIONS);
        if (!withinBundleLimits(bundle, findings)) {
            return findings.verdict();
        }
        Map<String, byte[]> sorted = new TreeMap<>(bundle);
        Map<String, ClassInfo> parsed = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : sorted.entrySet()) {
            ClassInfo info = admit(entry.getKey(), entry.getValue(), findings);
            if (info != null) {
                parsed.put(info.name(), info);
            }
        }
        Set<String> names = new HashSet<>();
        sorted.keySet().forEach(n -> names.add(n.replace('.', '/')));
        Judge judge = new Judge(allowlist, new ClassIndex(names, parsed));
        MonitorNesting.Steps monitorSteps = new MonitorNesting.Steps();
        try {
            for (Map.Entry<String, byte[]> entry : sorted.entrySet()) {
                if (parsed.containsKey(entry.getKey().replace('.', '/'))) {
                    check(entry.getKey(), entry.getValue(), judge, findings, monitorSteps);
                }
            }
        } catch (ClassIndex.TooComplexException e) {
            // The one actionable reason; what was found before the budget ran out is incomplete anyway.
            Findings tooComplex = new Findings(MAX_REPORTED_VIOLATIONS);
            tooComplex.reject(BUNDLE, e.getMessage());
            return tooComplex.verdict();
        }
        return findings.verdict();
    }

    private boolean withinBundleLimits(Map<String, byte[]> bundle, Findings findings) {
        if (bundle.isEmpty()) {
            findings.reject(BUNDLE, "the bundle contains no classes");
            return false;
        }
        if (bundle.size() > limits.maxClasses()) {
            findings.reject(BUNDLE, "the bundle has " + bundle.size() + " classes, more than the limit of "
                    + limits.maxClasses());
            return false;
        }
        long total = bundle.values().stream().mapToLong(b -> b == null ? 0 : b.length).sum();
        if (total > limits.maxBundleBytes()) {
            findings.reject(BUNDLE, "the bundle has " + total + " bytes of classes, more than the limit of "
                    + limits.maxBundleBytes());
            return false;
        }
        return true;
    }

    /** Name, size, version and parsability of one class; its shape if it may take part in the bundle. */
    private ClassInfo admit(String name, byte[] bytes, Findings findings) {
        if (name == null || !BINARY_NAME.matcher(name).matches()) {
            findings.reject(String.valueOf(name), "'" + name + "' is not a valid binary class name");
            return null;
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                findings.reject(name, "class " + name + " is in " + prefix + "*, which a bundle may not define");
                return null;
            }
        }
        if (bytes == null || bytes.length > limits.maxClassBytes()) {
            findings.reject(name, "class " + name + " has " + (bytes == null ? "no bytes" : bytes.length
                    + " bytes, more than the limit of " + limits.maxClassBytes()));
            return null;
        }
        if (bytes.length < 8 || readInt(bytes, 0) != 0xCAFEBABE) {
            findings.reject(name, invalid(name, "it does not start with the class-file magic number"));
            return null;
        }
        int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
        if (major > limits.maxMajorVersion()) {
            int newest = limits.maxMajorVersion() - 44;
            findings.reject(name, "class " + name + " has class-file version " + major + " (Java " + (major - 44)
                    + "), newer than the " + limits.maxMajorVersion() + " (Java " + newest + ") this server accepts:"
                    + " compile with --release " + newest + ", or point wormhole.libjvm_path at a Java " + (major - 44)
                    + " or newer JDK");
            return null;
        }
        ClassInfo info;
        try {
            AttributeBounds.check(bytes);
            info = ClassInfo.read(bytes);
        } catch (RuntimeException | StackOverflowError e) {
            findings.reject(name, invalid(name, e));
            return null;
        }
        if (!info.name().equals(name.replace('.', '/'))) {
            findings.reject(name, "the bytes given for class " + name + " define class "
                    + Descriptors.dotted(info.name()));
            return null;
        }
        if ((new ClassReader(bytes).getAccess() & Opcodes.ACC_MODULE) != 0) {
            findings.reject(name, "class " + name + " is a module descriptor, which a bundle may not contain");
            return null;
        }
        if (info.superName() == null) {
            findings.reject(name, invalid(name, "it has no superclass"));
            return null;
        }
        return info;
    }

    private static void check(String name, byte[] bytes, Judge judge, Findings findings,
            MonitorNesting.Steps monitorSteps) {
        try {
            new ClassReader(bytes).accept(new ClassChecker(judge, findings, name), ClassReader.SKIP_FRAMES);
            new ClassReader(bytes).accept(new MonitorNesting(findings, name, monitorSteps), ClassReader.SKIP_FRAMES);
            new ConstantPoolCheck(judge, findings, name).check(ConstantPool.read(bytes));
        } catch (ClassIndex.TooComplexException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            findings.reject(name, invalid(name, e));
        }
    }

    private static String invalid(String name, Throwable e) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return invalid(name, detail.length() > MAX_MESSAGE_DETAIL ? detail.substring(0, MAX_MESSAGE_DETAIL) + "..." : detail);
    }

    private static String invalid(String name, String detail) {
        return "class " + name + " is not a valid class file: " + detail;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
