package org.rlstenancy.spring.app;

import java.util.concurrent.CompletableFuture;
import org.rlstenancy.core.TenantContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

@Service
public class NoteService {
    private final NoteRepository notes;

    public NoteService(NoteRepository notes) {
        this.notes = notes;
    }

    /** Counts the notes on an executor thread: "thread|tenant|count". */
    @Async
    public CompletableFuture<String> countAsync() {
        return CompletableFuture.completedFuture(Thread.currentThread().getName() + "|"
                + TenantContext.current().orElse("none") + "|" + notes.count());
    }
}
