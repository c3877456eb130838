package io.wormhole.server.sandbox;

/**
 * Text handed to the JDK's regular expressions on behalf of shipped code: every character read polls the budget, so
 * a catastrophic pattern ({@code (a+)+b} on a long run of {@code a}) stops at cancel or {@code statement_timeout}
 * like a shipped loop does, although its loop is inside the JDK.
 */
final class PollingText implements CharSequence {
    private final CharSequence text;

    PollingText(CharSequence text) {
        this.text = text;
    }

    @Override
    public char charAt(int index) {
        Budget.poll();
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
