package org.rlstenancy.liquibase.guide;

import jakarta.persistence.Entity;
import java.math.BigDecimal;

@Entity
public class Invoice extends Document {
    public BigDecimal amount;
}
