package com.example.bench;

/** Application code without {@code @Remote}: a JVM that starts with the agent but never weaves a class. */
public final class Plain {
    private Plain() {}

    public static void main(String[] args) {
        System.out.println(Integer.toHexString(args.length * 31 + 7));
    }
}
