package com.example.closure;

import java.math.BigDecimal;

record Line(String sku, int quantity, BigDecimal unitPrice) {}
