package org.rlstenancy.spring.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.spring.app.NoteTable.ACME;
import static org.rlstenancy.spring.app.NoteTable.GLOBEX;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.spring.app.Note;
import org.rlstenancy.spring.app.NoteRepository;
import org.rlstenancy.spring.app.NoteTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A {@code @DataJpaTest} on PostgreSQL loads the starter: a repository call with no tenant is refused, and one in
 * {@link TenantContext#runAs} sees only that tenant's rows. The slice's own transaction around each test would begin
 * before the tenant is bound, so this class turns it off.
 */
@JpaSlice
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class DataJpaSliceTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @SpringBootConfiguration
    @AutoConfigurationPackage(basePackageClasses = Note.class)
    static class Slice {
    }

    @Autowired
    NoteRepository notes;

    @BeforeAll
    static void schema() throws Exception {
        NoteTable.create(db);
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        NoteTable.dataSource(registry, db);
    }

    @Test
    void aRepositoryCallWithNoTenantIsRefused() {
        assertThatThrownBy(notes::findAll).isInstanceOf(MissingTenantException.class);
        assertThatThrownBy(notes::bodies).isInstanceOf(MissingTenantException.class);
    }

    @Test
    void aRepositoryCallInRunAsSeesOnlyThatTenantsRows() {
        TenantContext.runAs(ACME, () -> assertThat(notes.bodies()).containsExactly("acme 1"));
        TenantContext.runAs(GLOBEX, () -> assertThat(notes.bodies()).containsExactly("globex 1"));
    }
}
