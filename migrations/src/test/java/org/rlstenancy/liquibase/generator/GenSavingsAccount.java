package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigDecimal;

@Entity
@Table(name = "gen_savings_account")
public class GenSavingsAccount extends GenAccount {
    public BigDecimal rate;
}
