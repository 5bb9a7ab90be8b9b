package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.Docs;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The {@code persistence.xml} of the guide {@code docs/1-hibernate.md}: every property it sets, read from the guide
 * (only the URL, user and password are this test database's), given to a persistence unit of the test model; the
 * tenants stay apart through the pool it builds.
 */
class GuidePersistenceUnitTest {
    static final Path GUIDE = Path.of("docs", "1-hibernate.md");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeAll
    static void schema() throws Exception {
        HibernateFixture.createSchema(db);
        HibernateFixture.seed(db);
    }

    @Test
    void theGuidesPropertiesIsolateTenants() throws Exception {
        Map<String, Object> properties = guideProperties();
        assertThat(properties).containsKeys("hibernate.multi_tenant_connection_provider",
                "hibernate.tenant_identifier_resolver", "jakarta.persistence.jdbc.url");
        properties.put("jakarta.persistence.jdbc.url", db.jdbcUrl());
        properties.put("jakarta.persistence.jdbc.user", db.appRole());
        properties.put("jakarta.persistence.jdbc.password", db.appPassword());
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("rls-test", properties);
        try {
            assertThat(names(emf, ACME)).containsExactly("acme alpha", "acme beta");
            assertThat(names(emf, GLOBEX)).containsExactly("globex gamma");
        } finally {
            emf.close();
        }
    }

    static List<String> names(EntityManagerFactory emf, Object tenant) {
        return TenantContext.callAs(tenant, () -> {
            EntityManager em = emf.createEntityManager();
            try {
                return em.createQuery("select p.name from Project p order by p.name", String.class).getResultList();
            } finally {
                em.close();
            }
        });
    }

    /** The properties of the guide's persistence.xml, in order. */
    static Map<String, Object> guideProperties() throws Exception {
        Docs.Block block = Docs.blocks(Docs.lines(GUIDE)).stream()
                .filter(b -> b.language().equals("xml") && b.text().contains("<persistence ")).findFirst()
                .orElseThrow();
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(block.text()))).getElementsByTagName("property");
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element property = (Element) nodes.item(i);
            properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        return properties;
    }
}
