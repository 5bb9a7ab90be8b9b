package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlstenancy.sample.Api.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every string field a request sends to the database (or to bcrypt) refuses, with a 400 naming the field and
 * writing nothing, each kind of text the database would refuse or change: control characters, unpaired surrogates,
 * too long a value, a blank one. Text at the limits is stored exactly as sent. A field of the wrong JSON type, a body
 * that is not JSON or too long is a 4xx too, and so is a value the database itself refuses.
 */
class BadInputIs400Test extends DemoAppTestBase {
    private static final String BLANK = "must not be blank (leave it out or send null for none)";

    @Autowired
    Environment environment;

    // Set up once for all the tests of the class, which share the application.
    static Api api;
    static String alice;
    static JdbcClient superuser;
    static long project;
    static long task;

    @BeforeEach
    void setUp() {
        if (api != null) {
            return;
        }
        api = new Api(port);
        alice = api.login("alice@acme.test", "alice");
        // The embedded PostgreSQL's superuser, which row-level security does not hide rows from.
        superuser = JdbcClient.create(new DriverManagerDataSource(environment.getProperty("spring.datasource.url"),
                "postgres", ""));
        project = api.post("/api/projects", alice, "{\"name\":\"Target\",\"description\":\"d\"}").json().path("id")
                .asLong();
        task = api.post("/api/projects/" + project + "/tasks", alice, "{\"title\":\"Target\"}").json().path("id")
                .asLong();
    }

    @AfterAll
    static void forget() {
        api = null;
    }

    /**
     * A string field of a request: the {@code table} whose column of its name stores it, if any, and how the request
     * sends a JSON value in it, the rest of the body valid.
     */
    record Field(String request, String name, int max, boolean bytes, boolean optional, boolean lineBreaks,
            String table, Function<String, Response> sender) {
        @Override
        public String toString() {
            return request + " " + name;
        }

        Response send(String value) {
            return sender.apply(json(value));
        }

        String controlCharacters() {
            return "must not contain control characters" + (lineBreaks ? " other than tab and line breaks" : "");
        }

        String blank() {
            return optional ? BLANK : "is required";
        }
    }

    static List<Field> fields() {
        return List.of(
                new Field("POST /api/projects", "name", 200, false, false, false, "project",
                        v -> api.post("/api/projects", alice, "{\"name\":" + v + ",\"description\":\"d\"}")),
                new Field("PUT /api/projects/{id}", "name", 200, false, false, false, "project",
                        v -> api.put("/api/projects/" + project, alice, "{\"name\":" + v + "}")),
                new Field("POST /api/projects", "description", 2000, false, true, true, "project",
                        v -> api.post("/api/projects", alice, "{\"name\":\"n\",\"description\":" + v + "}")),
                new Field("PUT /api/projects/{id}", "description", 2000, false, true, true, "project",
                        v -> api.put("/api/projects/" + project, alice,
                                "{\"name\":\"n\",\"description\":" + v + "}")),
                new Field("POST /api/projects/{id}/tasks", "title", 200, false, false, false, "task",
                        v -> api.post("/api/projects/" + project + "/tasks", alice,
                                "{\"title\":" + v + ",\"done\":true}")),
                new Field("PUT /api/tasks/{id}", "title", 200, false, false, false, "task",
                        v -> api.put("/api/tasks/" + task, alice, "{\"title\":" + v + "}")),
                new Field("POST /api/auth/token", "username", 254, false, false, false, null,
                        v -> api.post("/api/auth/token", null, "{\"username\":" + v + ",\"password\":\"x\"}")),
                new Field("POST /api/auth/token", "password", 72, true, false, false, null,
                        v -> api.post("/api/auth/token", null,
                                "{\"username\":\"alice@acme.test\",\"password\":" + v + "}")));
    }

    /**
     * A value to send in each field it applies to, and what must come of it: the problem the message gives for a value
     * the field refuses, what is stored of one it takes.
     */
    record Case(String label, Predicate<Field> appliesTo, Function<Field, String> value,
            Function<Field, String> expected) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Arguments> eachField(Supplier<Stream<Case>> cases) {
        return fields().stream().flatMap(field -> cases.get().filter(c -> c.appliesTo().test(field))
                .map(c -> Arguments.of(field, c)));
    }

    static Case control(int codePoint) {
        return new Case(String.format(Locale.ROOT, "U+%04X", codePoint),
                field -> !field.lineBreaks() || !(codePoint == '\t' || codePoint == '\n' || codePoint == '\r'),
                field -> "ab" + Character.toString(codePoint) + "cd",
                field -> field.controlCharacters() + String.format(Locale.ROOT, " (U+%04X at index 2)", codePoint));
    }

    static Case surrogates(String label, String surrogates, int first) {
        return new Case(label, field -> true, field -> "ab" + surrogates,
                field -> String.format(Locale.ROOT, "must not contain unpaired surrogates (U+%04X at index 2)", first));
    }

    static Case blank(String label, Predicate<Field> appliesTo, String value) {
        return new Case(label, appliesTo, field -> value, Field::blank);
    }

    static Stream<Case> bads() {
        Function<Field, String> tooLong = field -> "is longer than " + field.max()
                + (field.bytes() ? " bytes in UTF-8" : " characters");
        return Stream.of(
                control(0x0000), control(0x0001), control(0x001B), control(0x001F), control(0x000B),
                control(0x000C), control('\t'), control('\n'), control('\r'),
                control(0x007F), control(0x0080), control(0x0085), control(0x009F),
                surrogates("lone high surrogate", "\uD83Dcd", 0xD83D),
                surrogates("lone high surrogate at the end", "\uD83D", 0xD83D),
                surrogates("lone low surrogate", "\uDE80cd", 0xDE80),
                surrogates("reversed pair", "\uDE80\uD83Dcd", 0xDE80),
                new Case("over-long by one", field -> true, field -> "x".repeat(field.max() + 1), tooLong),
                new Case("over-long by one, of emoji", field -> !field.bytes(), field -> "🚀".repeat(field.max() + 1),
                        tooLong),
                new Case("over-long by one byte", Field::bytes, field -> "€".repeat(field.max() / 3) + "x", tooLong),
                blank("spaces only", field -> true, "   "),
                blank("Unicode spaces only", field -> true, " \u00A0\u2003\u3000 "),
                blank("line breaks and tabs only", Field::lineBreaks, "\n\t\r\n "),
                blank("empty", field -> true, ""),
                blank("null", field -> !field.optional(), null));
    }

    static Stream<Arguments> badValues() {
        return eachField(BadInputIs400Test::bads);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badValues")
    void isRefusedWith400NamingTheFieldAndNothingIsWritten(Field field, Case bad) {
        String before = snapshot();
        Response response = field.send(bad.value().apply(field));
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.error()).isEqualTo(field.name() + " " + bad.expected().apply(field));
        assertThat(snapshot()).isEqualTo(before);
    }

    static Case good(String label, String value) {
        return new Case(label, field -> true, field -> value, field -> value);
    }

    static Stream<Case> goods() {
        return Stream.of(
                new Case("exactly the longest, with emoji", field -> !field.bytes(),
                        field -> "🚀".repeat(field.max() / 2) + "é".repeat(field.max() - field.max() / 2),
                        field -> "🚀".repeat(field.max() / 2) + "é".repeat(field.max() - field.max() / 2)),
                new Case("exactly the longest in bytes", Field::bytes, field -> "€".repeat(field.max() / 3),
                        field -> null),
                good("emoji and sequences of them", "Launch 🚀 👩🏽‍💻 🇫🇷 ✔️ 𝄞"),
                good("accented letters, composed", "Crème brûlée, Ångström, naïve"),
                good("accented letters, decomposed", "Cre\u0300me bru\u0302le\u0301e"),
                good("other scripts", "Задача 任务 مهمة עברית"),
                good("quotes, backslashes and slashes", "say \"hi\" \\ / \\u0000"),
                good("Unicode line separators and invisible format characters", "a\u2028b\u2029c\u200Bd\uFEFF"),
                new Case("line breaks and tabs", Field::lineBreaks, field -> "Line one\nLine two\r\n\tIndented\n",
                        field -> "Line one\nLine two\r\n\tIndented\n"),
                new Case("surrounded by spaces", field -> true, field -> " \u00A0\u3000Padded \u2003",
                        field -> field.lineBreaks() || field.table() == null ? " \u00A0\u3000Padded \u2003"
                                : "Padded"));
    }

    static Stream<Arguments> goodValues() {
        return eachField(BadInputIs400Test::goods);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("goodValues")
    void isAcceptedAndStoredExactly(Field field, Case good) {
        Response response = field.send(good.value().apply(field));
        if (field.table() == null) {
            // Valid, but the credentials are wrong: the check ran.
            assertThat(response.status()).as(response.text()).isEqualTo(401);
            return;
        }
        assertThat(response.status()).as(response.text()).isBetween(200, 201);
        String expected = good.expected().apply(field);
        assertThat(response.json().path(field.name()).asString()).isEqualTo(expected);
        String hex = superuser.sql("SELECT encode(convert_to(" + field.name() + ", 'UTF8'), 'hex') FROM "
                + field.table() + " WHERE id = ?").param(response.json().path("id").asLong()).query(String.class)
                .single();
        assertThat(hex).isEqualTo(HexFormat.of().formatHex(expected.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aUsernameIsStrippedAndLowerCasedBeforeTheLookup() {
        Response response = api.post("/api/auth/token", null,
                "{\"username\":\" \u00A0ALICE@acme.test\u3000\",\"password\":\"alice\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    @Test
    void aFieldOfTheWrongJsonTypeIs400NamingIt() {
        String tasks = "/api/projects/" + project + "/tasks";
        String before = snapshot();
        for (String title : new String[] {"123", "1.5", "true", "{}", "[\"x\"]"}) {
            assertThat(api.post(tasks, alice, "{\"title\":" + title + "}").error()).isEqualTo("title must be a string");
        }
        for (String done : new String[] {"\"yes\"", "\"true\"", "1", "0", "{}"}) {
            assertThat(api.post(tasks, alice, "{\"title\":\"t\",\"done\":" + done + "}").error())
                    .isEqualTo("done must be true or false");
        }
        for (String projectId : new String[] {"1.5", "1e2", "\"" + project + "\"", "99999999999999999999", "true"}) {
            assertThat(api.put("/api/tasks/" + task, alice, "{\"title\":\"t\",\"projectId\":" + projectId + "}")
                    .error()).isEqualTo("projectId must be an integer");
        }
        assertThat(api.post("/api/projects", alice, "{\"name\":\"n\",\"description\":42}").error())
                .isEqualTo("description must be a string");
        assertThat(api.post("/api/auth/token", null, "{\"username\":123,\"password\":\"alice\"}").error())
                .isEqualTo("username must be a string");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void missingFieldsAreRequiredOrLeftAsTheyAreAndUnknownOnesAreIgnored() {
        assertThat(api.post("/api/projects", alice, "{\"description\":\"d\"}").error()).isEqualTo("name is required");
        assertThat(api.put("/api/tasks/" + task, alice, "{\"done\":true}").error()).isEqualTo("title is required");
        Response created = api.post("/api/projects/" + project + "/tasks", alice,
                "{\"title\":\"Unknown fields\",\"id\":1,\"tenant_id\":\"x\",\"note\":\"\\u0000\\ud800\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("done").asBoolean()).isFalse();
        long id = created.json().path("id").asLong();
        assertThat(id).isNotEqualTo(1);
        Response renamed = api.put("/api/tasks/" + id, alice, "{\"title\":\"Renamed\"}");
        assertThat(renamed.text()).isEqualTo("{\"id\":" + id + ",\"projectId\":" + project
                + ",\"title\":\"Renamed\",\"done\":false}");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectOfTheFieldsIs400() {
        String before = snapshot();
        for (String body : new String[] {"", "not json", "{\"name\":", "null", "[]", "\"name\"", "42",
                "{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\",\"name\":\"b\"}",
                "{\"name\":\"a\u0000b\"}", "{\"name\":\"a\tb\"}", "{\"name\":\"\\x41\"}", "{'name':'a'}"}) {
            Response response = api.post("/api/projects", alice, body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.error()).as(body).isEqualTo("the request body is not valid JSON of the expected shape");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAndThoseJsonDecodesToBadTextTooButRawUtf8IsStoredExactly() {
        String tasks = "/api/projects/" + project + "/tasks";
        String before = snapshot();
        assertThat(api.sendBytes("POST", tasks, alice, title(0xFF)).error())
                .isEqualTo("the request body is not valid JSON of the expected shape");
        // UTF-8 of a surrogate, as CESU-8 would write it.
        assertThat(api.sendBytes("POST", tasks, alice, title(0xED, 0xA0, 0x80)).status()).isEqualTo(400);
        // An over-long encoding of U+0000, which the JSON parser decodes.
        assertThat(api.sendBytes("POST", tasks, alice, title(0xC0, 0x80)).error())
                .isEqualTo("title must not contain control characters (U+0000 at index 2)");
        // Past U+10FFFF: the parser makes unpaired surrogates of it.
        assertThat(api.sendBytes("POST", tasks, alice, title(0xF4, 0x90, 0x80, 0x80)).error())
                .startsWith("title must not contain unpaired surrogates (");
        // DEL and C1 controls may stand unescaped in JSON.
        assertThat(api.sendBytes("POST", tasks, alice, title(0x7F)).error())
                .isEqualTo("title must not contain control characters (U+007F at index 2)");
        assertThat(api.sendBytes("POST", tasks, alice, title(0xC2, 0x85)).error())
                .isEqualTo("title must not contain control characters (U+0085 at index 2)");
        assertThat(snapshot()).isEqualTo(before);

        Response created = api.sendBytes("POST", tasks, alice, title(0xF0, 0x9F, 0x9A, 0x80));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("title").asString()).isEqualTo("ab🚀cd");
        assertThat(superuser.sql("SELECT title FROM task WHERE id = ?").param(created.json().path("id").asLong())
                .query(String.class).single()).isEqualTo("ab🚀cd");
    }

    /** {@code {"title":"ab…cd"}} with {@code bytes} as they are in the middle. */
    private static byte[] title(int... bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"title\":\"ab".getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            body.write(b);
        }
        body.writeBytes("cd\"}".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    @Test
    void aBodyLongerThan64KibIs413AndOneJustShorterIsRead() {
        String before = snapshot();
        Response large = api.post("/api/projects", alice, "{\"name\":\"Large\",\"padding\":\"" + "x".repeat(1 << 20)
                + "\"}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.error()).isEqualTo("the request body exceeds the API's limits (at most 65536 bytes)");
        assertThat(snapshot()).isEqualTo(before);
        Response padded = api.post("/api/projects", alice, "{\"name\":\"Padded\",\"padding\":\"" + "x".repeat(60_000)
                + "\"}");
        assertThat(padded.status()).isEqualTo(201);
    }

    @Test
    void anIdThatIsNoLongIs400() {
        assertThat(api.get("/api/tasks/99999999999999999999", alice).error()).isEqualTo("id must be a number");
        assertThat(api.get("/api/projects/1.5", alice).error()).isEqualTo("id must be a number");
        assertThat(api.delete("/api/projects/%F0%9F%9A%80", alice).error()).isEqualTo("id must be a number");
    }

    /**
     * What validation lets through but the database refuses, here a check constraint and a cast in one, is a 400
     * saying nothing of the table or the constraint, whether the insert refuses it or the flush at commit.
     */
    @Test
    void aValueTheDatabaseRefusesIs400ThatNamesNoTableOrConstraint() {
        superuser.sql("ALTER TABLE project ADD CONSTRAINT secret_rule CHECK (name <> 'Refused'"
                + " AND (name NOT LIKE '#%' OR substr(name, 2)::int > 0))").update();
        try {
            String before = snapshot();
            List<Response> refused = List.of(
                    api.post("/api/projects", alice, "{\"name\":\"Refused\"}"),
                    api.post("/api/projects", alice, "{\"name\":\"#one\"}"),
                    api.put("/api/projects/" + project, alice, "{\"name\":\"Refused\"}"),
                    api.put("/api/projects/" + project, alice, "{\"name\":\"#one\"}"));
            for (Response response : refused) {
                assertThat(response.status()).as(response.text()).isEqualTo(400);
                assertThat(response.error()).isEqualTo("the database refused a value in the request");
            }
            assertThat(snapshot()).isEqualTo(before);
            assertThat(api.post("/api/projects", alice, "{\"name\":\"#1\"}").status()).isEqualTo(201);
        } finally {
            superuser.sql("ALTER TABLE project DROP CONSTRAINT secret_rule").update();
        }
    }

    /** Every row of the tables the API writes, as the superuser sees them. */
    private String snapshot() {
        return superuser.sql("SELECT (SELECT count(*) || ':' || md5(coalesce(string_agg(p::text, ',' ORDER BY id), ''))"
                + " FROM project p) || ' ' || (SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, ','"
                + " ORDER BY id), '')) FROM task t)").query(String.class).single();
    }

    /**
     * {@code value} as a JSON string that any JSON client might send: control characters and unpaired surrogates
     * escaped as {@code \}{@code uXXXX}, everything else as it is.
     */
    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
