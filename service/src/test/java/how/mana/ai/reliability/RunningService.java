package how.mana.ai.reliability;

import how.mana.ai.app.App;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The whole service in-process ({@code serve} as {@code Main} wires it), with an HTTP client to talk to it. */
final class RunningService implements AutoCloseable {
    private final Services services;
    private final App app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningService(Services services, App app) {
        this.services = services;
        this.app = app;
    }

    static RunningService start(Map<String, String> env) {
        Services services = Services.open(Config.from(env));
        return new RunningService(services,
                App.start(services, Wiring.tick(services), Wiring.userMissions(services)));
    }

    Services services() {
        return services;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, Map.of());
    }

    /** {@code POST /internal/tick} with the given key ({@code null}: no key header). */
    HttpResponse<String> tick(String key) throws Exception {
        return send("POST", "/internal/tick", key);
    }

    HttpResponse<String> send(String method, String path, String key) throws Exception {
        return send(method, path, key == null ? Map.of() : Map.of("X-Service-Key", key));
    }

    /** A {@code GET} with the given request headers. */
    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.shutdown();
        http.close();
    }
}
