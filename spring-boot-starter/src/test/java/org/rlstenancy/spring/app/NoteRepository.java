package org.rlstenancy.spring.app;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface NoteRepository extends JpaRepository<Note, Long> {
    /** Checked by Spring Data at start-up, with no tenant bound. */
    @Query("select n.body from Note n order by n.body")
    List<String> bodies();

    List<Note> findByBodyStartingWith(String prefix);
}
