package com.example.closure;

import java.math.BigDecimal;

record Quote(BigDecimal total, String firstSku, String text, int lines) {}
