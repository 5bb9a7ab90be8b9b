package org.rlstenancy.sample.data;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TenantRepository extends JpaRepository<Tenant, UUID> {
    /** All the tenants the database lets the current tenant see: itself. */
    @Override
    List<Tenant> findAll();
}
