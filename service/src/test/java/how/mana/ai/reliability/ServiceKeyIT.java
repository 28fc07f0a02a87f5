package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import how.mana.ai.JarProcess;
import how.mana.ai.testing.ManaSyncDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service key at the process level: the jar refuses an empty key, and never prints the real one. */
class ServiceKeyIT {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void anEmptyKeyStopsStartUpUnlessAllowedForLocalDevelopment() throws Exception {
        Map<String, String> env = ServiceEnv.soakService(db, ServiceEnv.freePort(), URI.create("http://127.0.0.1:9"));
        env.put("MANA_SERVICE_KEY", "");
        try (JarProcess refused = JarProcess.start(env, "serve")) {
            assertThat(refused.waitFor()).isNotZero();
            assertThat(refused.stderr()).contains("MANA_SERVICE_KEY");
        }
        env.put("MANA_AI_ALLOW_EMPTY_SERVICE_KEY", "true");
        env.put("TICK_ENABLED", "false");
        try (JarProcess allowed = JarProcess.start(env, "serve")) {
            ServiceProbe probe = new ServiceProbe("allowed", allowed.pid(), Integer.parseInt(env.get("PORT")));
            probe.awaitReady();
            allowed.terminate();
            assertThat(allowed.waitFor()).isIn(0, 143);
            assertThat(allowed.stdout() + allowed.stderr()).contains("MANA_SERVICE_KEY is empty");
        }
    }

    @Test
    void aServingProcessNeverPrintsTheKey() throws Exception {
        int port = ServiceEnv.freePort();
        Map<String, String> env = ServiceEnv.soakService(db, port, URI.create("http://127.0.0.1:9"));
        env.put("TICK_ENABLED", "false");
        try (JarProcess service = JarProcess.start(env, "serve");
             HttpClient http = HttpClient.newHttpClient()) {
            new ServiceProbe("service", service.pid(), port).awaitReady();
            for (String key : new String[] {"wrong", ServiceEnv.KEY + "x", ServiceEnv.KEY}) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/internal/missions/user-1"))
                        .header("X-Service-Key", key).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(key.equals(ServiceEnv.KEY) ? 200 : 401);
                assertThat(answer.body()).doesNotContain(ServiceEnv.KEY);
            }
            service.terminate();
            service.waitFor();
            await().atMost(Duration.ofSeconds(5)).until(() -> !service.isAlive());
            assertThat(service.stdout() + service.stderr()).contains("mana-ai serving", "effective configuration")
                    .doesNotContain(ServiceEnv.KEY);
        }
    }
}
