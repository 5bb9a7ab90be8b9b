package org.rlstenancy.sample.api;

import java.util.List;
import java.util.UUID;
import org.rlstenancy.spring.CrossTenantJdbc;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tasks of every tenant, counted through the cross-tenant data source: a role with BYPASSRLS on a pool of its
 * own, in a read-only transaction. Only platform admins reach it ({@link PlatformAdmins}).
 */
@RestController
class TaskCountReportController {
    private final ObjectProvider<CrossTenantJdbc> crossTenant;

    TaskCountReportController(ObjectProvider<CrossTenantJdbc> crossTenant) {
        this.crossTenant = crossTenant;
    }

    record TaskCount(UUID tenantId, String tenant, long tasks) {
    }

    @GetMapping("/api/admin/task-counts")
    List<TaskCount> taskCounts() {
        CrossTenantJdbc jdbc = crossTenant.getIfAvailable();
        if (jdbc == null) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "cross-tenant reports are not configured: set rls.tenancy.cross-tenant.url, username and password");
        }
        return jdbc.call(client -> client.sql("""
                SELECT t.id AS tenant_id, t.name AS tenant, count(k.id) AS tasks
                FROM tenant t LEFT JOIN task k ON k.tenant_id = t.id
                GROUP BY t.id, t.name ORDER BY t.name""").query(TaskCount.class).list());
    }
}
