package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemCodeTableTests {

    @Test
    void docsListExactlyTheCodesTheApiCanAnswer() {
        var codes = Arrays.stream(ProblemCode.values()).map(ProblemCode::code).toList();

        assertThat(Api.documentedCodes()).containsExactlyInAnyOrderElementsOf(codes);
    }
}
