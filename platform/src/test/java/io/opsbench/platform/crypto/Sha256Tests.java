package io.opsbench.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Tests {

    @Test
    void digestsAreSha256AndEachCloneStartsFresh() throws Exception {
        MessageDigest half = Sha256.newDigest();
        half.update("ob_live_".getBytes(StandardCharsets.UTF_8));
        for (String text : new String[] {"", "abc", "ob_live_visko1TzxF64R3T2MMh5QjNizzx7obyS", "Grüße"}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(Sha256.of(bytes)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        // The NIST test vector for "abc".
        assertThat(HexFormat.of().formatHex(Sha256.of("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // A digest fed elsewhere is its own: the one begun above goes on from where it was.
        half.update("key".getBytes(StandardCharsets.UTF_8));
        assertThat(half.digest()).isEqualTo(Sha256.of("ob_live_key".getBytes(StandardCharsets.UTF_8)));
    }
}
