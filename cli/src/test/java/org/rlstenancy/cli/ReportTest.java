package org.rlstenancy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationFinding.Severity;

class ReportTest {
    private final Report report = new Report("shop", "shop_app", List.of("task", "\"Odd\"\"Name\""), List.of(
            new IsolationFinding(Severity.ERROR, "table task", "is \"bad\"", "fix\tit"),
            new IsolationFinding(Severity.WARNING, "table \"Odd\"\"Name\"", "slow", "index it")));

    @Test
    void jsonIsOneObjectOnOneLine() {
        assertThat(report.json()).isEqualTo("{\"database\":\"shop\",\"role\":\"shop_app\","
                + "\"tables\":[\"task\",\"\\\"Odd\\\"\\\"Name\\\"\"],\"findings\":["
                + "{\"severity\":\"ERROR\",\"object\":\"table task\",\"problem\":\"is \\\"bad\\\"\",\"fix\":\"fix\\tit\"},"
                + "{\"severity\":\"WARNING\",\"object\":\"table \\\"Odd\\\"\\\"Name\\\"\",\"problem\":\"slow\","
                + "\"fix\":\"index it\"}],\"errors\":1,\"warnings\":1}\n");
    }

    @Test
    void textHasAHeaderALinePerFindingAndASummary() {
        assertThat(report.text()).isEqualTo("""
                Database shop, role shop_app: 2 tables checked
                  - ERROR table task: is "bad". fix\tit
                  - WARNING table "Odd""Name": slow. index it
                1 error, 1 warning
                """);
        assertThat(new Report("shop", "shop_app", List.of(), List.of()).text())
                .isEqualTo("Database shop, role shop_app: 0 tables checked\nno findings\n");
    }
}
