package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The page in two headless Chromium sessions, one per tenant, against the app on its embedded PostgreSQL: each sees
 * and changes only its own tenant's projects and tasks.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"demo.db.port=0"})
@DirtiesContext
@ExtendWith(BrowserTest.BrowserInstalled.class)
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Deleted after the class, once the context, and with it the database, has stopped. */
    @TempDir
    static Path dataDir;

    @LocalServerPort
    private int port;

    private final List<WebDriver> drivers = new ArrayList<>();

    @DynamicPropertySource
    static void demoDatabase(DynamicPropertyRegistry registry) {
        registry.add("demo.data-dir", () -> dataDir.toString());
    }

    @BeforeAll
    static void requireBrowser() {
        String missing = missingBrowser();
        if (missing != null) {
            fail(missing + "; RLS_REQUIRE_BROWSER=1 requires the browser test to run");
        }
    }

    @AfterEach
    void quitBrowsers() {
        drivers.forEach(WebDriver::quit);
    }

    @Test
    void eachTenantSeesAndChangesOnlyItsOwnProjectsAndTasks() {
        Browser alice = open();
        Browser bob = open();
        alice.logIn("alice@acme.test", "alice");
        bob.logIn("bob@globex.test", "bob");

        alice.waitForText("user-email", "alice@acme.test");
        alice.waitForText("tenant-name", "Acme");
        bob.waitForText("user-email", "bob@globex.test");
        bob.waitForText("tenant-name", "Globex");
        alice.waitForProjects("Rocket skates");
        bob.waitForProjects("Volcano lair");

        alice.selectProject("Rocket skates");
        alice.waitForTasks("[x] Order wheels", "[ ] Test on a cliff");
        bob.selectProject("Volcano lair");
        bob.waitForTasks("[ ] Inspect the magma");

        alice.createProject("Moon boots", "<i>Low-gravity</i> line");
        alice.waitForProjects("Rocket skates", "Moon boots");
        assertThat(alice.project("Moon boots").findElement(By.className("project-description")).getText())
                .isEqualTo("<i>Low-gravity</i> line");
        alice.waitForText("task-project-name", "Moon boots");
        alice.waitForVisible("task-empty");
        alice.createTask("Design the soles");
        alice.createTask("Find a test pilot");
        alice.waitForTasks("[ ] Design the soles", "[ ] Find a test pilot");
        alice.toggleTask("Design the soles");
        alice.waitForTasks("[x] Design the soles", "[ ] Find a test pilot");
        alice.renameTask("Find a test pilot", "Hire a test pilot");
        alice.waitForTasks("[x] Design the soles", "[ ] Hire a test pilot");
        alice.deleteTask("Hire a test pilot");
        alice.waitForTasks("[x] Design the soles");

        alice.renameProject("Moon boots", "   ");
        alice.waitForText("error-message", "name is required");
        alice.click(By.cssSelector("#project-list .project-cancel"));
        alice.renameProject("Moon boots", "Lunar boots");
        alice.waitForProjects("Rocket skates", "Lunar boots");
        alice.waitForText("task-project-name", "Lunar boots");
        alice.waitForHidden("error-banner");

        bob.reload();
        bob.waitForText("tenant-name", "Globex");
        bob.waitForProjects("Volcano lair");
        bob.selectProject("Volcano lair");
        bob.waitForTasks("[ ] Inspect the magma");
        assertThat(bob.driver.getPageSource())
                .doesNotContain("Rocket skates", "Moon boots", "Lunar boots", "Design the soles", "Order wheels");

        alice.reload();
        alice.waitForText("tenant-name", "Acme");
        alice.waitForProjects("Rocket skates", "Lunar boots");
        alice.selectProject("Lunar boots");
        alice.waitForTasks("[x] Design the soles");
        alice.deleteProject("Lunar boots");
        alice.waitForProjects("Rocket skates");
        alice.waitForVisible("task-hint");

        alice.click(By.id("logout"));
        alice.waitForVisible("login-form");
        alice.waitForHidden("session");
        alice.reload();
        alice.waitForVisible("login-form");
        alice.waitForHidden("app-view");
    }

    @Test
    void aWrongPasswordShowsTheLoginError() {
        Browser browser = open();
        browser.logIn("alice@acme.test", "not-alice");
        browser.waitForText("login-error", "invalid username or password");
        browser.waitForHidden("app-view");

        browser.logIn("alice@acme.test", "alice");
        browser.waitForText("tenant-name", "Acme");
        browser.waitForHidden("login-view");
    }

    private Browser open() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.get("http://127.0.0.1:" + port + "/");
        return new Browser(driver);
    }

    /** A message naming what is missing of Chromium and its driver, or null when both are there. */
    private static String missingBrowser() {
        List<Path> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path)).toList();
        return missing.isEmpty() ? null : "The browser test needs Chromium and its driver, and " + missing
                + " is missing (Debian: apt-get install chromium chromium-driver)";
    }

    /**
     * Skips the class, before the app starts, when Chromium or its driver is missing; unless RLS_REQUIRE_BROWSER is
     * 1, and then {@link #requireBrowser()} fails it.
     */
    static final class BrowserInstalled implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String missing = missingBrowser();
            if (missing == null) {
                return ConditionEvaluationResult.enabled("Chromium and its driver are installed");
            }
            if ("1".equals(System.getenv("RLS_REQUIRE_BROWSER"))) {
                return ConditionEvaluationResult.enabled("RLS_REQUIRE_BROWSER=1: the class fails");
            }
            return ConditionEvaluationResult.disabled(missing + "; skipped (RLS_REQUIRE_BROWSER=1 makes it a failure)");
        }
    }

    /** One browser session on the page. */
    private static final class Browser {
        final WebDriver driver;

        Browser(WebDriver driver) {
            this.driver = driver;
        }

        void reload() {
            driver.navigate().refresh();
        }

        void logIn(String email, String password) {
            type(waitForVisible("email"), email);
            type(driver.findElement(By.id("password")), password);
            click(By.id("login-submit"));
        }

        void selectProject(String name) {
            project(name).findElement(By.className("project-select")).click();
            waitForText("task-project-name", name);
        }

        void createProject(String name, String description) {
            type(waitForVisible("new-project-name"), name);
            type(driver.findElement(By.id("new-project-description")), description);
            click(By.id("new-project-submit"));
        }

        void renameProject(String name, String newName) {
            String id = project(name).getDomAttribute("data-project-id");
            project(name).findElement(By.className("project-edit")).click();
            String item = "#project-list li[data-project-id='" + id + "'] ";
            type(waitForVisible(By.cssSelector(item + ".project-name-input")), newName);
            click(By.cssSelector(item + ".project-save"));
        }

        void deleteProject(String name) {
            String id = project(name).getDomAttribute("data-project-id");
            project(name).findElement(By.className("project-delete")).click();
            click(By.cssSelector("#project-list li[data-project-id='" + id + "'] .project-delete-confirm"));
        }

        void createTask(String title) {
            type(waitForVisible("new-task-title"), title);
            click(By.id("new-task-submit"));
            waitForTaskTitle(title);
        }

        void toggleTask(String title) {
            task(title).findElement(By.className("task-done")).click();
        }

        void renameTask(String title, String newTitle) {
            String id = task(title).getDomAttribute("data-task-id");
            task(title).findElement(By.className("task-edit")).click();
            String item = "#task-list li[data-task-id='" + id + "'] ";
            type(waitForVisible(By.cssSelector(item + ".task-title-input")), newTitle);
            click(By.cssSelector(item + ".task-save"));
        }

        void deleteTask(String title) {
            task(title).findElement(By.className("task-delete")).click();
        }

        void click(By locator) {
            waiting().until(ExpectedConditions.elementToBeClickable(locator)).click();
        }

        WebElement waitForVisible(String id) {
            return waitForVisible(By.id(id));
        }

        WebElement waitForVisible(By locator) {
            return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
        }

        void waitForHidden(String id) {
            waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id(id)));
        }

        void waitForText(String id, String text) {
            waitFor("#" + id + " text", text, () -> driver.findElement(By.id(id)).getText());
        }

        void waitForProjects(String... names) {
            waitFor("projects", List.of(names), () -> texts("#project-list li[data-project-id] .project-name"));
        }

        /** Each task as {@code [x] title} when done, {@code [ ] title} when not, as the server last returned it. */
        void waitForTasks(String... tasks) {
            waitFor("tasks", List.of(tasks), () -> driver.findElements(By.cssSelector("#task-list li[data-task-id]"))
                    .stream()
                    .map(item -> ("true".equals(item.getDomAttribute("data-done")) ? "[x] " : "[ ] ")
                            + item.findElement(By.className("task-title")).getText())
                    .toList());
        }

        private void waitForTaskTitle(String title) {
            waitFor("a task titled " + title, true,
                    () -> texts("#task-list li[data-task-id] .task-title").contains(title));
        }

        private WebElement project(String name) {
            return item("project-list", "project-name", name);
        }

        private WebElement task(String title) {
            return item("task-list", "task-title", title);
        }

        /** The list item whose element of that class shows exactly that text. */
        private WebElement item(String listId, String textClass, String text) {
            By locator = By.xpath("//ul[@id='" + listId + "']/li[.//*[contains(concat(' ', @class, ' '), ' " + textClass
                    + " ') and normalize-space() = '" + text + "']]");
            return waitForVisible(locator);
        }

        private List<String> texts(String css) {
            return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
        }

        private static void type(WebElement input, String text) {
            input.clear();
            input.sendKeys(text);
        }

        private <T> void waitFor(String what, T expected, Supplier<T> actual) {
            AtomicReference<T> last = new AtomicReference<>();
            waiting().withMessage(() -> what + " to be " + expected + ", last " + last.get())
                    .until(ignored -> {
                        last.set(actual.get());
                        return expected.equals(last.get());
                    });
        }

        private WebDriverWait waiting() {
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            return wait;
        }
    }
}
