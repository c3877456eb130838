package com.example.closure;

import java.math.BigDecimal;
import java.util.List;

record Order(Customer customer, List<Line> lines) {}

record Customer(String name, Tier tier) {}

record Line(String sku, int quantity, BigDecimal unitPrice) {}

record Quote(BigDecimal total, String firstSku, String text, int lines) {}

record Pair<L, R extends Comparable<R>>(L left, R right) {
    static <L, R extends Comparable<R>> Pair<L, R> of(L left, R right) {
        return new Pair<>(left, right);
    }
}

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

/** Only main uses it: never shipped. */
class Unshipped {
    String report() {
        return new java.io.File(".").getAbsolutePath();
    }
}
