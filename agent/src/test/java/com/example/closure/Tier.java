package com.example.closure;

import java.math.BigDecimal;

/** An enum whose constants carry lambdas and a constant-specific body. */
enum Tier {
    STANDARD(total -> total),
    GOLD(total -> total.multiply(new BigDecimal("0.90"))) {
        @Override
        String badge() {
            return "gold";
        }
    };

    private final Discount discount;

    Tier(Discount discount) {
        this.discount = discount;
    }

    Discount discount() {
        return discount;
    }

    String badge() {
        return "standard";
    }
}
