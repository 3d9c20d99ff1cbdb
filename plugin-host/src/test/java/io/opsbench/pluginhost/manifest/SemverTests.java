package io.opsbench.pluginhost.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverTests {

    @Test
    void ordersPerTheSemverSpecification() {
        // The example list from semver.org, section 11.
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0");
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(Semver.parse(ordered.get(i - 1))).as(ordered.get(i - 1) + " < " + ordered.get(i))
                .isLessThan(Semver.parse(ordered.get(i)));
        }
    }

    @Test
    void ignoresBuildMetadataWhenComparing() {
        assertThat(Semver.parse("1.0.0+build.1")).isEqualByComparingTo(Semver.parse("1.0.0+build.2"));
        assertThat(Semver.parse("1.0.0-rc.1+build.7").toString()).isEqualTo("1.0.0-rc.1+build.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0 ", "1.0.0+"})
    void refusesWhatIsNotSemver(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Semver.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        ">=1.0.0 <2.0.0, 1.0.0, true",
        ">=1.0.0 <2.0.0, 1.9.9, true",
        ">=1.0.0 <2.0.0, 2.0.0, false",
        ">=1.0.0 <2.0.0, 0.9.0, false",
        ">1.0.0, 1.0.0, false",
        "<=1.2.0, 1.2.0, true",
        "=1.2.0, 1.2.1, false",
        "1.2.0, 1.2.0, true",
        "^1.2.0, 1.9.0, true",
        "^1.2.0, 2.0.0, false",
        "^1.2.0, 1.1.9, false",
        "^0.3.1, 0.3.9, true",
        "^0.3.1, 0.4.0, false",
        "^0.0.3, 0.0.4, false",
        "~1.2.0, 1.2.9, true",
        "~1.2.0, 1.3.0, false",
        ">=1.0.0 <2.0.0, 2.0.0-rc.1, true"
    })
    void rangesIncludeWhatTheirComparatorsAllow(String range, String version, boolean included) {
        assertThat(SemverRange.parse(range).includes(Semver.parse(version))).isEqualTo(included);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ">=1.0", ">> 1.0.0", "1.0.0 || 2.0.0", "^x"})
    void refusesMalformedRanges(String range) {
        assertThatIllegalArgumentException().isThrownBy(() -> SemverRange.parse(range));
    }
}
