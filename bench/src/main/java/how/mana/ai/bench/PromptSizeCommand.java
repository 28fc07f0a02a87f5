package how.mana.ai.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import how.mana.ai.demo.DemoCommand;
import how.mana.ai.demo.OfflinePlanner;
import how.mana.ai.localllm.ChatExchange;
import how.mana.ai.localllm.LocalChatServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Command;

/**
 * {@code ./mana-ai bench prompt-size}: what the planner sends per mission, in bytes and cl100k tokens, for each
 * planner and catalog. Runs the demo (its missions, its offline planner) once per configuration, with a recording
 * relay between the service and the offline planner, and prints one Markdown table per configuration plus the
 * parts of the first tool-calling request. The demo's database is the scratch database {@value ScratchDatabase#NAME}.
 */
@Command(name = "prompt-size", mixinStandardHelpOptions = true,
        description = "Measures the planner's requests on the demo missions in bytes and cl100k tokens.")
final class PromptSizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    /** Upstream's first request for a demo-like mission (issue 14): 37 KB, about 9,200 cl100k tokens. */
    private static final int UPSTREAM_TOKENS = 9_200;

    /** A planner and catalog as the service is configured with them. */
    private record Configuration(String planner, String catalog) {
        String label() {
            return "MANA_AI_PLANNER=" + planner + ", MANA_AI_TOOL_CATALOG=" + catalog;
        }
    }

    @Override
    public Integer call() throws Exception {
        for (Configuration configuration : List.of(new Configuration("tools", "current"),
                new Configuration("json", "current"), new Configuration("json", "v0.3"),
                new Configuration("tools", "v0.3"))) {
            List<JsonNode> requests = record(configuration);
            System.out.println("### " + configuration.label());
            System.out.println();
            System.out.println(table(requests));
            if (configuration.planner().equals("tools") && configuration.catalog().equals("current")) {
                System.out.println(parts(requests));
            }
        }
        return 0;
    }

    /** Every request the service sent to the offline planner during one demo tick. */
    private static List<JsonNode> record(Configuration configuration) throws IOException {
        ConcurrentLinkedQueue<JsonNode> received = new ConcurrentLinkedQueue<>();
        try (OfflinePlanner planner = OfflinePlanner.start(Clock.systemUTC());
             HttpClient http = HttpClient.newHttpClient();
             LocalChatServer relay = LocalChatServer.start("relay", exchange -> {
                 received.add(exchange.request().body());
                 forward(http, planner.url(), exchange);
             })) {
            Map<String, String> env = new HashMap<>(System.getenv());
            Optional.ofNullable(System.getenv(ScratchDatabase.URL_VARIABLE))
                    .ifPresent(url -> env.put("MANA_AI_DEMO_DATABASE_URL", url));
            env.put("MANA_LLM_URL", relay.url().toString());
            env.put("MANA_AI_PLANNER", configuration.planner());
            env.put("MANA_AI_TOOL_CATALOG", configuration.catalog());
            env.remove("MANA_AI_TOOLS_FILE");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            OptionalInt exit = DemoCommand.run(new String[0], env, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err), ScratchDatabase.NAME, ScratchDatabase.ROLE);
            if (exit.orElse(1) != 0) {
                throw new IllegalStateException("the demo failed: " + err.toString(StandardCharsets.UTF_8));
            }
        }
        return new ArrayList<>(received);
    }

    private static void forward(HttpClient http, URI planner, ChatExchange exchange) throws IOException,
            InterruptedException {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(planner.resolve(LocalChatServer.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(exchange.request().body())))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        exchange.send(answer.statusCode(), Map.of("Content-Type", "application/json"), answer.body());
    }

    /** Per mission: rounds, the first request's bytes and tokens, the largest request, all rounds' tokens. */
    private static String table(List<JsonNode> requests) throws IOException {
        Map<String, List<JsonNode>> byMission = new LinkedHashMap<>();
        for (JsonNode request : requests) {
            byMission.computeIfAbsent(title(request), t -> new ArrayList<>()).add(request);
        }
        StringBuilder out = new StringBuilder("| mission | requests | first request bytes | first request tokens "
                + "| % of upstream | largest request tokens | tokens over all requests |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (var mission : byMission.entrySet()) {
            List<JsonNode> rounds = mission.getValue();
            rounds.sort((a, b) -> Integer.compare(a.path("messages").size(), b.path("messages").size()));
            String first = JSON.writeValueAsString(rounds.getFirst());
            int firstTokens = tokens(first);
            int largest = 0;
            long total = 0;
            for (JsonNode round : rounds) {
                int t = tokens(JSON.writeValueAsString(round));
                largest = Math.max(largest, t);
                total += t;
            }
            out.append("| ").append(mission.getKey()).append(" | ").append(rounds.size()).append(" | ")
                    .append(String.format("%,d", first.getBytes(StandardCharsets.UTF_8).length)).append(" | ")
                    .append(String.format("%,d", firstTokens)).append(" | ")
                    .append(Math.round(100.0 * firstTokens / UPSTREAM_TOKENS)).append(" % | ")
                    .append(String.format("%,d", largest)).append(" | ").append(String.format("%,d", total))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** Where the first tool-calling requests' tokens go, and whether their prefix is the same for every mission. */
    private static String parts(List<JsonNode> requests) throws IOException {
        List<JsonNode> firsts = requests.stream().filter(r -> r.path("messages").size() == 2).toList();
        JsonNode first = firsts.getFirst();
        String tools = JSON.writeValueAsString(first.get("tools"));
        String system = first.at("/messages/0/content").asText();
        boolean samePrefix = firsts.stream().allMatch(r -> r.get("tools").equals(first.get("tools"))
                && r.at("/messages/0/content").asText().equals(system));
        StringBuilder out = new StringBuilder("| part of the first request | bytes | tokens |\n|---|---:|---:|\n");
        out.append(row("`tools` (62 function specs)", tools));
        out.append(row("system message", system));
        for (JsonNode r : firsts) {
            out.append(row("user message: " + title(r), r.at("/messages/1/content").asText()));
        }
        out.append("\nfunction specs and system message identical for every mission: ").append(samePrefix)
                .append('\n');
        return out.toString();
    }

    private static String row(String what, String text) {
        return "| " + what + " | " + String.format("%,d", text.getBytes(StandardCharsets.UTF_8).length) + " | "
                + String.format("%,d", tokens(text)) + " |\n";
    }

    private static int tokens(String text) {
        return CL100K.countTokens(text);
    }

    /** The mission's title, read from the user message ({@code Titel: "…"}). */
    private static String title(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                for (String line : message.path("content").asText().split("\n")) {
                    if (line.startsWith("Titel: ") || line.startsWith("Title: ")) {
                        return line.substring(7).replace("\"", "");
                    }
                }
            }
        }
        return "?";
    }
}
