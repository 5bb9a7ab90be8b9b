package org.rlstenancy.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of the sample app's HTTP API, as a browser's script would call it. */
final class Api {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    /** A response: its status, headers and body, parsed when it is JSON. */
    record Response(int status, String text, Map<String, List<String>> headers) {
        JsonNode json() {
            return Api.json.readTree(text);
        }

        String error() {
            return json().path("error").asString();
        }
    }

    private final int port;

    Api(int port) {
        this.port = port;
    }

    /** The client of {@code app}'s web server, read as Spring Boot 3.5 and 4 both publish its port. */
    static Api of(ApplicationContext app) {
        return new Api(Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port")));
    }

    /** A token for {@code username} and {@code password}; fails unless the API gives one. */
    String login(String username, String password) {
        Response response = send("POST", "/api/auth/token", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (response.status() != 200) {
            throw new AssertionError("login of " + username + " gave " + response);
        }
        return response.json().path("token").asString();
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    Response put(String path, String token, String body) {
        return send("PUT", path, token, body);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Response send(String method, String path, String token, String body) {
        return sendBytes(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code body} as it is, so bytes that are not UTF-8 reach the app. */
    Response sendBytes(String method, String path, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
