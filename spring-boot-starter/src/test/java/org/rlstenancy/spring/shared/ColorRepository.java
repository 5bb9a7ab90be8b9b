package org.rlstenancy.spring.shared;

import org.rlstenancy.core.SharedData;
import org.springframework.data.jpa.repository.JpaRepository;

@SharedData
public interface ColorRepository extends JpaRepository<Color, Long> {
}
