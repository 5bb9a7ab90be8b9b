package org.rlstenancy.sample.api;

import jakarta.persistence.EntityNotFoundException;
import jakarta.validation.Valid;
import org.rlstenancy.sample.data.ProjectRepository;
import org.rlstenancy.sample.data.Task;
import org.rlstenancy.sample.data.TaskRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tasks of the request's tenant, by id. */
@RestController
@RequestMapping("/api/tasks")
@Transactional
public class TaskController {
    private final TaskRepository tasks;
    private final ProjectRepository projects;

    TaskController(TaskRepository tasks, ProjectRepository projects) {
        this.tasks = tasks;
        this.projects = projects;
    }

    /** A task as the API shows it. */
    record TaskView(Long id, Long projectId, String title, boolean done) {
        static TaskView of(Task task) {
            return new TaskView(task.getId(), task.getProject().getId(), task.getTitle(), task.isDone());
        }
    }

    /** What a client may set; {@code projectId} moves the task to another of the tenant's projects. */
    record TaskInput(Long projectId, @Text(max = 200) String title, Boolean done) {
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    TaskView get(@PathVariable long id) {
        return TaskView.of(find(id));
    }

    @PutMapping("/{id}")
    TaskView update(@PathVariable long id, @Valid @RequestBody TaskInput input) {
        Task task = find(id);
        if (input.projectId() != null && !input.projectId().equals(task.getProject().getId())) {
            task.setProject(projects.findById(input.projectId()).orElseThrow(() -> new BadRequestException(
                    "project " + input.projectId() + " not found")));
        }
        task.setTitle(TextRules.strip(input.title()));
        if (input.done() != null) {
            task.setDone(input.done());
        }
        return TaskView.of(task);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        tasks.delete(find(id));
        return ResponseEntity.noContent().build();
    }

    private Task find(long id) {
        return tasks.findById(id).orElseThrow(EntityNotFoundException::new);
    }
}
