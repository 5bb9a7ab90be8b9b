package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigDecimal;

@Entity
@Table(name = "gen_checking_account")
public class GenCheckingAccount extends GenAccount {
    public BigDecimal overdraft;
}
