package io.opsbench.platform.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Java property paths ({@code lineItems[0].unitPrice}) into JSON pointers ({@code /line_items/0/unit_price}). */
final class Pointers {

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Pointers() {
    }

    static String fromPropertyPath(String path) {
        Matcher matcher = INDEX.matcher(path);
        String dotted = matcher.replaceAll(".$1");
        StringBuilder pointer = new StringBuilder();
        for (String segment : dotted.split("\\.")) {
            if (!segment.isEmpty()) {
                pointer.append('/').append(escape(snakeCase(segment)));
            }
        }
        return pointer.toString();
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
