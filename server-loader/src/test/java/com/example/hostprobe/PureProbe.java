package com.example.hostprobe;

/** Shipped code that uses nothing beyond the allowlist: it runs for any role, through the verifier and sandbox. */
public final class PureProbe {
    private PureProbe() {}

    public static long add(long a, long b) {
        return a + b;
    }

    public static long spin() {
        long n = 0;
        while (n >= 0) {
            n = (n + 1) % 1_000_000_007L;
        }
        return n;
    }

    public static String swallow() {
        while (true) {
            try {
                spin();
            } catch (Throwable t) {
                // Shipped code may try to swallow the error that stops its call; the budget guard rethrows it.
            }
        }
    }

    /** Catastrophic backtracking (over a minute for n = 40 unbounded): its loop runs inside the JDK. */
    public static boolean catastrophicRegex(int n) {
        return "a".repeat(n).matches("(.*a){12}x");
    }

    public static String[] regexStillWorks(String text) {
        return new String[] {String.join("|", text.split(",\\s*")), text.replaceAll("[aeiou]", "_"),
            String.valueOf(java.util.regex.Pattern.compile("\\d+").matcher(text).find())};
    }

    public static String print(String text) {
        System.out.println(text);
        return text;
    }

    /** {@code text} and {@code more} more characters of two bytes each in UTF-8. */
    public static String padded(String text, int more) {
        return text + "é".repeat(more);
    }
}
