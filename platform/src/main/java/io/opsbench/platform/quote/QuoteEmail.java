package io.opsbench.platform.quote;

import java.math.BigDecimal;
import java.util.Currency;

/** The email a customer receives for a quote: the line items and totals as text and as HTML. */
final class QuoteEmail {

    private QuoteEmail() {
    }

    static String subject(Quote quote, String shopName) {
        return "Quote %s from %s".formatted(quote.number(), shopName);
    }

    static String text(Quote quote, String customerName, String shopName) {
        StringBuilder out = new StringBuilder();
        out.append("Hello ").append(customerName).append(",\n\n")
                .append(shopName).append(" sends you quote ").append(quote.number()).append(":\n\n");
        for (LineItem item : quote.lineItems()) {
            out.append("- ").append(item.description()).append(": ").append(item.quantity().toPlainString())
                    .append(" × ").append(money(item.unitPrice(), quote.currency()))
                    .append(" = ").append(money(item.subtotal(), quote.currency()))
                    .append(" (tax ").append(percent(item.taxRateBps())).append(": ")
                    .append(money(item.tax(), quote.currency())).append(")\n");
        }
        out.append("\nSubtotal: ").append(money(quote.subtotal(), quote.currency()))
                .append("\nTax: ").append(money(quote.tax(), quote.currency()))
                .append("\nTotal: ").append(money(quote.total(), quote.currency())).append('\n');
        if (quote.validUntil() != null) {
            out.append("\nValid until ").append(quote.validUntil()).append(".\n");
        }
        return out.toString();
    }

    static String html(Quote quote, String customerName, String shopName) {
        StringBuilder rows = new StringBuilder();
        for (LineItem item : quote.lineItems()) {
            rows.append("<tr><td>").append(escape(item.description())).append("</td><td>")
                    .append(item.quantity().toPlainString()).append("</td><td>")
                    .append(money(item.unitPrice(), quote.currency())).append("</td><td>")
                    .append(percent(item.taxRateBps())).append("</td><td>")
                    .append(money(item.total(), quote.currency())).append("</td></tr>");
        }
        return """
                <html><body>
                <p>Hello %s,</p>
                <p>%s sends you quote <strong>%s</strong>.</p>
                <table>
                <thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th><th>Tax</th><th>Amount</th></tr></thead>
                <tbody>%s</tbody>
                </table>
                <p>Subtotal: %s<br>Tax: %s<br><strong>Total: %s</strong></p>
                </body></html>""".formatted(escape(customerName), escape(shopName), escape(quote.number()), rows,
                money(quote.subtotal(), quote.currency()), money(quote.tax(), quote.currency()),
                money(quote.total(), quote.currency()));
    }

    /** {@code 12345 EUR} minor units → {@code 123.45 EUR}, with the currency's own number of decimals. */
    static String money(long minorUnits, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currency;
    }

    private static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
