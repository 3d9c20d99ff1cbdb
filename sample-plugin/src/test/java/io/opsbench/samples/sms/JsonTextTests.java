package io.opsbench.samples.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class JsonTextTests {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonText.object("to", "+4915112345678", "body", "Say \"hi\"\\\n\t\u0001\u2028ü"))
            .isEqualTo("{\"to\":\"+4915112345678\",\"body\":\"Say \\\"hi\\\"\\\\\\n\\t\\u0001\\u2028ü\"}");
    }

    @Test
    void needsNamesAndValuesInPairs() {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonText.object("to"));
    }
}
