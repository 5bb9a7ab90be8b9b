package org.rlstenancy.spring.shared;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Shared because its entity is {@code @SharedData}. */
public interface SpecialtyRepository extends JpaRepository<Specialty, Long> {
    List<Specialty> findAllByOrderByIdAsc();

    /** Touches the tenant table visit: "name:count" per specialty. */
    @Query(value = "SELECT s.name || ':' || count(v.id) FROM specialty s LEFT JOIN visit v ON v.specialty_id = s.id"
            + " GROUP BY s.id, s.name ORDER BY s.id", nativeQuery = true)
    List<String> visitCounts();
}
