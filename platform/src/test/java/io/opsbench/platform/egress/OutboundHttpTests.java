package io.opsbench.platform.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.support.Receiver;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundHttpTests {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]", "0x7f000001", "[::ffff:127.0.0.1]", "169.254.169.254",
            "10.0.0.1", "192.168.1.1", "172.16.0.1", "0.0.0.0", "[fd00::1]"})
    void refusesLoopbackPrivateLinkLocalAndMetadataTargetsWhenConnecting(String host) {
        try (Receiver receiver = new Receiver(); OutboundHttp http = new OutboundHttp(settings(false))) {
            URI target = URI.create("http://" + host + ":" + URI.create(receiver.url("/")).getPort() + "/hook");

            assertThatThrownBy(() -> http.send("POST", target, Map.of(), new byte[0], Duration.ofSeconds(2)))
                    .isInstanceOf(UncheckedIOException.class)
                    .cause().isInstanceOfAny(EgressRefused.class, java.net.UnknownHostException.class);
            assertThat(receiver.received()).isEmpty();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void reachesLocalServersWhenPrivateNetworksAreAllowed() throws Exception {
        try (Receiver receiver = new Receiver(); OutboundHttp http = new OutboundHttp(settings(true))) {
            var response = http.send("POST", URI.create(receiver.url("/hook")),
                    Map.of("X-Test", List.of("1")), "{}".getBytes(), Duration.ofSeconds(2));

            assertThat(response.status()).isEqualTo(200);
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().getFirst().header("X-Test")).isEqualTo("1");
        }
    }

    @Test
    void waitingForAPooledConnectionCountsAgainstTheTimeout() throws Exception {
        try (Receiver slow = new Receiver().slow(Duration.ofSeconds(3));
                OutboundHttp http = new OutboundHttp(new EgressSettings(true, 2, 4))) {
            URI hook = URI.create(slow.url("/hook"));
            // both of the host's connections are busy with slow answers
            List<Thread> busy = List.of(Thread.startVirtualThread(() -> send(http, hook, Duration.ofSeconds(10))),
                    Thread.startVirtualThread(() -> send(http, hook, Duration.ofSeconds(10))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> slow.received().size() == 2);

            long started = System.nanoTime();
            assertThatThrownBy(() -> http.send("POST", hook, Map.of(), "{}".getBytes(), Duration.ofMillis(500)))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not until a connection came free (3 s)")
                    .isLessThan(Duration.ofMillis(1_500));
            for (Thread thread : busy) {
                thread.join();
            }
        }
    }

    private static void send(OutboundHttp http, URI uri, Duration timeout) {
        http.send("POST", uri, Map.of(), "{}".getBytes(), timeout);
    }

    private static EgressSettings settings(boolean allowPrivateNetwork) {
        return new EgressSettings(allowPrivateNetwork, 256, 1024);
    }

    @Test
    void publicAddressesPassThePolicy() throws Exception {
        assertThat(EgressPolicy.refusal(InetAddress.getByName("93.184.215.14"))).isNull();
        assertThat(EgressPolicy.refusal(InetAddress.getByName("2606:4700::1111"))).isNull();
        assertThat(EgressPolicy.refusal(InetAddress.getByName("100.64.0.1"))).isNotNull();
    }

    @Test
    void onlyHttpAndHttpsAreCalled() throws Exception {
        try (OutboundHttp http = new OutboundHttp(settings(true))) {
            assertThatThrownBy(() -> http.send("GET", URI.create("ftp://example.com/x"), Map.of(), null,
                    Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
