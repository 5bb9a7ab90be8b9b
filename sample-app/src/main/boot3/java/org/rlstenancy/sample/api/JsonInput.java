package org.rlstenancy.sample.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request-body rules of application.yml on Jackson 2 (Spring Boot 3.5), where some of its properties do not
 * exist or default otherwise: a JSON value of the wrong type is refused, not converted ({@code "title": 123} is no
 * title), a key appears once, nothing follows the one JSON value, and a body is at most {@code spring.jackson.factory.constraints.read.max-document-length} bytes.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {
    @Bean
    Jackson2ObjectMapperBuilderCustomizer noScalarsAsStrings(
            @Value("${spring.jackson.factory.constraints.read.max-document-length}") long maxBodyBytes) {
        return builder -> builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .postConfigurer(mapper -> {
                    mapper.getFactory().setStreamReadConstraints(
                            StreamReadConstraints.builder().maxDocumentLength(maxBodyBytes).build());
                    mapper.coercionConfigFor(LogicalType.Textual)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }
}
