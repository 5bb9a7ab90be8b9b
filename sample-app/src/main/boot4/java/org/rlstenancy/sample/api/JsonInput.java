package org.rlstenancy.sample.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * A JSON value of the wrong type is refused, not converted: {@code "title": 123} is no title, {@code "done": "yes"}
 * or {@code 1} no flag, {@code "projectId": 1.5} or {@code "2"} no id. application.yml turns off the coercion of
 * numbers and booleans; this turns off that of strings, which no property reaches.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {
    @Bean
    JsonMapperBuilderCustomizer noScalarsAsStrings() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
