package io.wormhole.server.verify;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Judges every reference-bearing constant pool entry, used or not, so a dead entry cannot carry what the
 * structural check would have refused. Runs after {@link ClassChecker} and reports only references that it
 * has not already reported for the class, with the location {@code constant pool}.
 */
final class ConstantPoolCheck {

    private static final String WHERE = "constant pool";

    private final Judge judge;
    private final Findings findings;
    private final String className;

    ConstantPoolCheck(Judge judge, Findings findings, String className) {
        this.judge = judge;
        this.findings = findings;
        this.className = className;
    }

    void check(ConstantPool pool) {
        // A class entry that only names the owner of member references is judged through those members,
        // as java.lang.System is through System.nanoTime.
        Set<Integer> owners = new HashSet<>();
        for (int i = 1; i < pool.size(); i++) {
            if (isMemberRef(pool.tag(i))) {
                owners.add(pool.owner(i));
            }
        }
        for (int i = 1; i < pool.size(); i++) {
            switch (pool.tag(i)) {
                case ConstantPool.CLASS -> {
                    String name = pool.name(i);
                    if (!owners.contains(i) && !Bootstraps.isPlumbing(name)) {
                        report(judge.type(name));
                    }
                }
                case ConstantPool.FIELDREF -> report(judge.member(ownerName(pool, i), pool.memberName(i),
                        pool.memberDescriptor(i), true));
                case ConstantPool.METHODREF, ConstantPool.INTERFACE_METHODREF -> {
                    String owner = ownerName(pool, i);
                    String name = pool.memberName(i);
                    String descriptor = pool.memberDescriptor(i);
                    if (!Bootstraps.isAllowed(owner, name, descriptor)) {
                        report(judge.member(owner, name, descriptor, false));
                    }
                }
                case ConstantPool.METHOD_TYPE -> report(judge.descriptor(pool.name(i)));
                case ConstantPool.INVOKE_DYNAMIC -> report(judge.descriptor(pool.memberDescriptor(i)));
                case ConstantPool.DYNAMIC -> report(Optional.of(new Judge.Problem(
                        "dynamic constant " + pool.memberName(i), "which is not allowed")));
                case ConstantPool.MODULE, ConstantPool.PACKAGE ->
                        throw new IllegalArgumentException("module constants outside a module descriptor");
                default -> {
                }
            }
        }
    }

    private static boolean isMemberRef(int tag) {
        return tag == ConstantPool.FIELDREF || tag == ConstantPool.METHODREF || tag == ConstantPool.INTERFACE_METHODREF;
    }

    private static String ownerName(ConstantPool pool, int memberRef) {
        return pool.name(pool.owner(memberRef));
    }

    private void report(Optional<Judge.Problem> problem) {
        problem.filter(p -> !findings.refused(className, p.reference()))
                .ifPresent(p -> findings.refuse(className, WHERE, "references", p));
    }
}
