package com.example.closure;

import io.wormhole.Remote;
import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** A realistic class holding a {@code @Remote} method next to code that must never be shipped. */
public class Pricing {
    private static final Logger LOG = Logger.getLogger(Pricing.class.getName());
    private static final File AUDIT_LOG = new File("audit.log");
    private static final int SCALE = scale();

    private final String currency;

    public Pricing(String currency) {
        this.currency = currency;
    }

    @Remote
    public static Quote quote(Order order) {
        Discount discount = order.customer().tier().discount();
        List<BigDecimal> prices = order.lines().stream().map(Pricing::linePrice).collect(Collectors.toList());
        BigDecimal total = discount.apply(prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        Comparator<Line> bySku = new Comparator<>() {
            @Override
            public int compare(Line a, Line b) {
                return a.sku().compareTo(b.sku());
            }
        };
        String first = order.lines().stream().sorted(bySku).map(l -> l.sku()).findFirst().orElse("none");
        Formatter formatter = new Formatter.Plain();
        Pair<String, Integer> counted = Pair.of(first, new Pricing("EUR").new Counter().count(prices));
        return new Quote(total.setScale(SCALE, RoundingMode.HALF_UP), counted.left(),
                formatter.label(discount) + " " + formatter.format(total), counted.right());
    }

    @Remote
    public String describe(Line line) {
        return line.quantity() + " x " + line.sku() + " in " + currency;
    }

    private static BigDecimal linePrice(Line line) {
        return line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()));
    }

    private static int scale() {
        return 2;
    }

    public static void main(String[] args) throws IOException {
        LOG.info("writing the audit log");
        writeAudit(new Unshipped().report());
    }

    static void writeAudit(String text) throws IOException {
        try (FileWriter w = new FileWriter(AUDIT_LOG)) {
            w.write(text);
        }
    }

    /** An inner (non-static) class. */
    class Counter {
        int count(List<?> values) {
            return values.size() + currency.length() - 3;
        }
    }
}
