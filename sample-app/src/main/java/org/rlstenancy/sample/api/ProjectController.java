package org.rlstenancy.sample.api;

import jakarta.persistence.EntityNotFoundException;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.rlstenancy.sample.data.Project;
import org.rlstenancy.sample.data.ProjectRepository;
import org.rlstenancy.sample.data.Task;
import org.rlstenancy.sample.data.TaskRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Projects of the request's tenant. No query names a tenant: the database shows each tenant only its own rows,
 * so another tenant's project is as absent as one that never existed.
 */
@RestController
@RequestMapping("/api/projects")
@Transactional
public class ProjectController {
    private final ProjectRepository projects;
    private final TaskRepository tasks;

    ProjectController(ProjectRepository projects, TaskRepository tasks) {
        this.projects = projects;
        this.tasks = tasks;
    }

    /** A project as the API shows it. */
    record ProjectView(Long id, String name, String description) {
        static ProjectView of(Project project) {
            return new ProjectView(project.getId(), project.getName(), project.getDescription());
        }
    }

    /** What a client may set; any other field, a tenant for one, is ignored. */
    record ProjectInput(@Text(max = 200) String name,
            @Text(max = 2000, optional = true, lineBreaks = true) String description) {
    }

    @GetMapping
    @Transactional(readOnly = true)
    List<ProjectView> list() {
        return projects.findAllByOrderByIdAsc().stream().map(ProjectView::of).toList();
    }

    @PostMapping
    ResponseEntity<ProjectView> create(@Valid @RequestBody ProjectInput input) {
        Project project = projects.save(new Project(TextRules.strip(input.name()), input.description()));
        return ResponseEntity.created(URI.create("/api/projects/" + project.getId())).body(ProjectView.of(project));
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    ProjectView get(@PathVariable long id) {
        return ProjectView.of(find(id));
    }

    @PutMapping("/{id}")
    ProjectView update(@PathVariable long id, @Valid @RequestBody ProjectInput input) {
        Project project = find(id);
        project.setName(TextRules.strip(input.name()));
        project.setDescription(input.description());
        return ProjectView.of(project);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        Project project = find(id);
        tasks.deleteByProjectId(project.getId());
        projects.delete(project);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/tasks")
    @Transactional(readOnly = true)
    List<TaskController.TaskView> listTasks(@PathVariable long id) {
        return tasks.findByProjectIdOrderByIdAsc(find(id).getId()).stream().map(TaskController.TaskView::of).toList();
    }

    @PostMapping("/{id}/tasks")
    ResponseEntity<TaskController.TaskView> createTask(@PathVariable long id,
            @Valid @RequestBody TaskController.TaskInput input) {
        Task task = tasks.save(new Task(find(id), TextRules.strip(input.title()), Boolean.TRUE.equals(input.done())));
        return ResponseEntity.created(URI.create("/api/tasks/" + task.getId())).body(TaskController.TaskView.of(task));
    }

    private Project find(long id) {
        return projects.findById(id).orElseThrow(EntityNotFoundException::new);
    }
}
