package com.example.closure;

/** Only main uses it: never shipped. */
class Unshipped {
    String report() {
        return new java.io.File(".").getAbsolutePath();
    }
}
