package com.example.closure;

import java.math.BigDecimal;

/** A functional interface with a default method that is called, and one that is not. */
interface Discount {
    BigDecimal apply(BigDecimal total);

    default String name() {
        return "discount";
    }

    default java.io.File export() {
        return new java.io.File("discounts.csv");
    }
}
