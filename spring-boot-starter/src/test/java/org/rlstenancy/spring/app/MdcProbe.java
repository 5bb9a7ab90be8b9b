package org.rlstenancy.spring.app;

import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the logging MDC holds under tenant_id, on an {@code @Async} thread and in a request. */
@Service
public class MdcProbe {
    public static final String KEY = "tenant_id";

    @Async
    public CompletableFuture<String> tenantAsync() {
        return CompletableFuture.completedFuture(String.valueOf(MDC.get(KEY)));
    }

    @RestController
    static class MdcController {
        @GetMapping("/mdc")
        String tenant() {
            return String.valueOf(MDC.get(KEY));
        }
    }
}
