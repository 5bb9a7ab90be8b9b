package org.rlstenancy.sample.data;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface TaskRepository extends JpaRepository<Task, Long> {
    List<Task> findByProjectIdOrderByIdAsc(Long projectId);

    @Modifying
    @Query("delete from Task t where t.project.id = :projectId")
    int deleteByProjectId(Long projectId);
}
