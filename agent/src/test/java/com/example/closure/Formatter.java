package com.example.closure;

import java.math.BigDecimal;

interface Formatter {
    String format(BigDecimal value);

    default String label(Discount d) {
        return "[" + d.name() + "]";
    }

    /** A static nested class implementing the interface. */
    final class Plain implements Formatter {
        @Override
        public String format(BigDecimal value) {
            return value.toPlainString();
        }
    }
}
