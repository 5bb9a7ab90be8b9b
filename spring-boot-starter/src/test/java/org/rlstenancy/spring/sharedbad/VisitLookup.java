package org.rlstenancy.spring.sharedbad;

import java.util.List;
import org.rlstenancy.core.SharedData;
import org.rlstenancy.spring.shared.Visit;
import org.springframework.data.repository.Repository;

/** Wrongly marked shared: visit is a tenant table. */
@SharedData
public interface VisitLookup extends Repository<Visit, Long> {
    List<Visit> findAll();
}
