package io.wormhole.server.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The classes of one bundle in front of the JDK's, and member resolution over both: where does a reference
 * {@code owner.name descriptor} land, and which non-bundle classes does the search pass on its way.
 */
final class ClassIndex {

    /**
     * Classes one verification may look at while resolving members. A hostile bundle (a long superclass chain
     * and many distinct references to missing members) could otherwise make resolution quadratic; real
     * bundles stay orders of magnitude below.
     */
    static final long MAX_RESOLUTION_STEPS = 5_000_000L;

    /** Thrown when a bundle exhausts {@link #MAX_RESOLUTION_STEPS}. */
    static final class TooComplexException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooComplexException() {
            super("the bundle needs more than " + MAX_RESOLUTION_STEPS + " steps of member resolution", null, false, false);
        }
    }

    private final Set<String> bundleNames;
    private final Map<String, ClassInfo> bundle;
    private long steps;
    // JdkClasses caches only hits; misses (hostile or mistyped names) are remembered for this bundle here.
    private final Map<String, Optional<ClassInfo>> jdk = new HashMap<>();

    /**
     * @param bundleNames internal names of every class the bundle ships, parsable or not
     * @param bundle      shapes of the parsable ones
     */
    ClassIndex(Set<String> bundleNames, Map<String, ClassInfo> bundle) {
        this.bundleNames = Set.copyOf(bundleNames);
        this.bundle = Map.copyOf(bundle);
    }

    boolean inBundle(String internalName) {
        return bundleNames.contains(internalName);
    }

    boolean isJdk(String internalName) {
        return !inBundle(internalName) && jdkLookup(internalName).isPresent();
    }

    private Optional<ClassInfo> lookup(String internalName) {
        return inBundle(internalName) ? Optional.ofNullable(bundle.get(internalName)) : jdkLookup(internalName);
    }

    private Optional<ClassInfo> jdkLookup(String internalName) {
        return jdk.computeIfAbsent(internalName, JdkClasses::lookup);
    }

    /**
     * Where a member reference resolves.
     *
     * @param declarers classes found declaring the member; several when it comes from several superinterfaces
     * @param passed    non-bundle classes the search looked at, declarers included, in search order; their
     *                  member rules apply to the reference
     * @param complete  whether every class on the way could be read, so an empty {@code declarers} means the
     *                  member does not exist
     */
    record Resolution(List<String> declarers, List<String> passed, boolean complete) {

        boolean declaredOnlyInBundle(ClassIndex index) {
            return !declarers.isEmpty() && declarers.stream().allMatch(index::inBundle);
        }
    }

    /**
     * Follows JVMS 5.4.3.2 to 5.4.3.4, never more leniently: a method is searched in the superclasses, then
     * in every superinterface, keeping all interface declarers rather than choosing the maximally specific
     * one; a field in the class, its superinterfaces, then its superclass. Constructors and initializers are
     * not inherited and are looked up in the owner only.
     */
    Resolution resolve(String owner, String name, String descriptor, boolean field) {
        Walk walk = new Walk(name, descriptor, field);
        if (name.startsWith("<")) {
            walk.visit(owner);
        } else if (field) {
            resolveField(owner, walk);
        } else {
            resolveMethod(owner, walk);
        }
        return walk.result();
    }

    private void resolveMethod(String owner, Walk walk) {
        List<String> chain = new ArrayList<>();
        for (String c = owner; c != null && walk.seen.add(c); ) {
            chain.add(c);
            Optional<ClassInfo> info = walk.visit(c);
            if (walk.found()) {
                return;
            }
            c = info.map(ClassInfo::superName).orElse(null);
        }
        Deque<String> pending = new ArrayDeque<>();
        for (String c : chain) {
            lookup(c).ifPresent(info -> pending.addAll(info.interfaces()));
        }
        while (!pending.isEmpty()) {
            String i = pending.poll();
            if (walk.seen.add(i)) {
                Optional<ClassInfo> info = walk.visit(i);
                if (info.isPresent() && !walk.declarers.contains(i)) {
                    pending.addAll(info.get().interfaces());
                }
            }
        }
    }

    private void resolveField(String c, Walk walk) {
        if (c == null || walk.found() || !walk.seen.add(c)) {
            return;
        }
        Optional<ClassInfo> info = walk.visit(c);
        if (info.isEmpty()) {
            return;
        }
        for (String i : info.get().interfaces()) {
            resolveField(i, walk);
        }
        resolveField(info.get().superName(), walk);
    }

    private final class Walk {
        final String name;
        final String descriptor;
        final boolean field;
        final Set<String> seen = new HashSet<>();
        final List<String> declarers = new ArrayList<>();
        final Set<String> passed = new LinkedHashSet<>();
        boolean complete = true;

        Walk(String name, String descriptor, boolean field) {
            this.name = name;
            this.descriptor = descriptor;
            this.field = field;
        }

        Optional<ClassInfo> visit(String c) {
            if (++steps > MAX_RESOLUTION_STEPS) {
                throw new TooComplexException();
            }
            if (!inBundle(c)) {
                passed.add(c);
            }
            Optional<ClassInfo> info = lookup(c);
            if (info.isEmpty()) {
                complete = false;
            } else if (info.get().declares(name, descriptor, field)) {
                declarers.add(c);
            }
            return info;
        }

        boolean found() {
            return !declarers.isEmpty();
        }

        Resolution result() {
            return new Resolution(List.copyOf(declarers), List.copyOf(passed), complete);
        }
    }
}
