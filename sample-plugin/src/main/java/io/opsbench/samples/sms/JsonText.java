package io.opsbench.samples.sms;

/**
 * Writes the small flat JSON objects this plugin sends, so it needs no JSON library in its bundle.
 */
final class JsonText {

    private JsonText() {
    }

    /**
     * A JSON object of string members.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the JSON text
     */
    static String object(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                json.append(',');
            }
            string(json, namesAndValues[i]);
            json.append(':');
            string(json, namesAndValues[i + 1]);
        }
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    // Other control characters, and the line separators some JavaScript parsers choke on.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
