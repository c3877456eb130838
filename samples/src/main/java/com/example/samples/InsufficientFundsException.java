package com.example.samples;

import java.math.BigDecimal;

/** The application's own exception: thrown in the database, caught as itself by the caller. */
public class InsufficientFundsException extends Exception {
    private final BigDecimal shortfall;

    public InsufficientFundsException(long account, BigDecimal shortfall) {
        super("insufficient funds in account " + account + ": short by " + shortfall);
        this.shortfall = shortfall;
    }

    public BigDecimal shortfall() {
        return shortfall;
    }
}
