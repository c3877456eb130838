package com.example.hostprobe;

import java.io.PrintStream;

/** Shipped code that plays with its console: what it does must stay in its own call. */
public final class ConsoleProbe {
    private static PrintStream kept;

    private ConsoleProbe() {}

    /** Closes both streams, after keeping one for a later call. */
    public static boolean closeBoth() {
        kept = System.out;
        System.out.close();
        System.err.close();
        System.out.println("not heard: the stream is closed");
        return System.out.checkError();
    }

    /** Throws an exception that prints half a line when the host asks for its message, after the call's end. */
    public static String throwPrintingMessage() {
        throw new Printing();
    }

    static final class Printing extends RuntimeException {
        @Override
        public String getMessage() {
            System.out.print("left over by another role: ");
            return "printed while the response is written";
        }
    }

    /** Closes the stream kept by an earlier call, then prints through the call's own. */
    public static boolean closeKeptThenPrint(String text) {
        kept.close();
        System.out.println(text);
        return System.out.checkError();
    }
}
