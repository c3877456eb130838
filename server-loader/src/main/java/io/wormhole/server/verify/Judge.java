package io.wormhole.server.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Decides single references against the bundle and the allowlist, for one verification, memoizing
 * decisions since every class of a bundle repeats the same JDK references.
 */
final class Judge {

    /** Why a reference is refused: the reference as shown to the user, and the rest of the sentence. */
    record Problem(String reference, String reason) {
    }

    private final Allowlist allowlist;
    private final ClassIndex index;
    private final Map<String, Optional<Problem>> memo = new HashMap<>();

    Judge(Allowlist allowlist, ClassIndex index) {
        this.allowlist = allowlist;
        this.index = index;
    }

    /** A class named as a type: a bundle class, or one the allowlist allows. Arrays by their element type. */
    Optional<Problem> type(String internalName) {
        return memoized("T" + internalName, () -> decideType(internalName));
    }

    private Optional<Problem> decideType(String internalName) {
        String element = Descriptors.elementClass(internalName);
        if (element == null || index.inBundle(element) || allowlist.allowsType(Descriptors.dotted(element))) {
            return Optional.empty();
        }
        return Optional.of(new Problem(Descriptors.dotted(element), refusal(element)));
    }

    /** Every class a field or method descriptor names. */
    Optional<Problem> descriptor(String descriptor) {
        for (String c : Descriptors.classesIn(descriptor)) {
            Optional<Problem> problem = type(c);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /**
     * A field or method reference: its descriptor's types, then the member itself, judged where it is
     * declared. Member rules of every non-bundle class the resolution passes apply, so a rule on
     * {@code Collection#parallelStream} also stops {@code ArrayList.parallelStream()} and
     * {@code MyList.parallelStream()}; without a member rule, the named JDK class's own rule decides.
     */
    Optional<Problem> member(String owner, String name, String descriptor, boolean field) {
        return memoized((field ? "F" : "M") + owner + "." + name + descriptor,
                () -> decideMember(owner, name, descriptor, field));
    }

    private Optional<Problem> decideMember(String owner, String name, String descriptor, boolean field) {
        String reference = Descriptors.member(owner, name, descriptor, field);
        Optional<String> refusal = memberRefusal(owner, name, descriptor, field);
        if (refusal.isPresent()) {
            return refuse(reference, refusal.get());
        }
        return descriptor(descriptor).flatMap(p -> refuse(reference, "which names " + p.reference() + ", " + p.reason()));
    }

    // The member itself, before its descriptor: "Runtime.exec is not allowed" says more than "names Process".
    private Optional<String> memberRefusal(String owner, String name, String descriptor, boolean field) {
        String judged = owner;
        if (owner.startsWith("[")) {
            Optional<Problem> element = type(owner);
            if (element.isPresent()) {
                return Optional.of("which names " + element.get().reference() + ", " + element.get().reason());
            }
            judged = "java/lang/Object";
        }
        ClassIndex.Resolution resolution = index.resolve(judged, name, descriptor, field);
        if (resolution.declaredOnlyInBundle(index)) {
            return Optional.empty();
        }
        List<Rule> candidates = new ArrayList<>();
        for (String c : resolution.passed()) {
            allowlist.memberRule(Descriptors.dotted(c), name, descriptor).ifPresent(candidates::add);
        }
        Optional<Rule> memberRule = Allowlist.best(candidates);
        if (memberRule.isPresent()) {
            return memberRule.get().allows() ? Optional.empty()
                    : Optional.of(withReason("which is not allowed", memberRule));
        }
        if (!index.inBundle(judged) && !allowlist.allowsType(Descriptors.dotted(judged))) {
            return Optional.of(refusal(judged));
        }
        boolean exists = !resolution.declarers().isEmpty() || !resolution.complete();
        return exists ? Optional.empty() : Optional.of("which does not exist");
    }

    /** A method handle constant: the field or method it points at. */
    Optional<Problem> handle(Handle handle) {
        boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
        return member(handle.getOwner(), handle.getName(), handle.getDesc(), field);
    }

    /** A loadable constant ({@code ldc} operand or bootstrap argument). */
    Optional<Problem> constant(Object value) {
        if (value instanceof Type type) {
            return switch (type.getSort()) {
                case Type.METHOD -> descriptor(type.getDescriptor());
                case Type.ARRAY, Type.OBJECT -> type(type.getInternalName());
                default -> Optional.empty(); // int.class in an annotation
            };
        }
        if (value instanceof Handle handle) {
            return handle(handle);
        }
        if (value instanceof ConstantDynamic condy) {
            return refuse("dynamic constant " + condy.getName(), "which is not allowed");
        }
        return Optional.empty();
    }

    // Not computeIfAbsent: deciding a member decides its descriptor's types, which memoizes too.
    private Optional<Problem> memoized(String key, Supplier<Optional<Problem>> decision) {
        Optional<Problem> known = memo.get(key);
        if (known == null) {
            known = decision.get();
            memo.put(key, known);
        }
        return known;
    }

    private String refusal(String internalName) {
        return withReason(index.isJdk(internalName) ? "which is not allowed" : "which is not in the bundle and not allowed",
                allowlist.typeRule(Descriptors.dotted(internalName)));
    }

    /** The refusal, with the reason of the rule that decided it when the rule file gives one. */
    private String withReason(String refusal, Optional<Rule> deciding) {
        return deciding.flatMap(allowlist::reason).map(reason -> refusal + ": " + reason).orElse(refusal);
    }

    private static Optional<Problem> refuse(String reference, String reason) {
        return Optional.of(new Problem(reference, reason));
    }
}
