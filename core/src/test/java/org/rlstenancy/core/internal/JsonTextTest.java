package org.rlstenancy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void stringsAreEscapedForJson() {
        assertThat(JsonText.quote("a\"b\\c/d\b\f\n\r\t\u0001\u001fé€")).isEqualTo(
                "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001fé€\"");
        assertThat(JsonText.quote(null)).isEqualTo("null");
    }
}
