package com.example.closure;

record Pair<L, R extends Comparable<R>>(L left, R right) {
    static <L, R extends Comparable<R>> Pair<L, R> of(L left, R right) {
        return new Pair<>(left, right);
    }
}
