package how.mana.ai.config;

import static how.mana.ai.config.ConfigInput.errorOf;
import static how.mana.ai.config.ConfigInput.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.testing.LogCapture;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every variable of the environment: its default, a valid value, and each error message. */
class ConfigTest {
    /** Planted in the service key and in the database password, then looked for wherever the settings are shown. */
    private static final String SECRET_MARKER = "planted-secret-4711";



    /** Whole-number variables: name, how to read it back as a number, default, min, max. */
    static Stream<Arguments> boundedNumbers() {
        Function<Config, Long> port = c -> (long) c.http().port();
        Function<Config, Long> poolSize = c -> (long) c.database().poolSize();
        Function<Config, Long> statementTimeout = c -> c.database().statementTimeout().toMillis();
        Function<Config, Long> maxResponse = c -> (long) c.llm().maxResponseBytes();
        Function<Config, Long> interval = c -> c.tick().interval().toMillis();
        Function<Config, Long> concurrency = c -> (long) c.tick().concurrency();
        Function<Config, Long> attempts = c -> (long) c.retry().maxAttempts();
        Function<Config, Long> steps = c -> (long) c.planner().maxPlanSteps();
        Function<Config, Long> rounds = c -> (long) c.planner().maxRounds();
        Function<Config, Long> missionsPerTick = c -> (long) c.tick().maxMissionsPerTick();
        Function<Config, Long> grace = c -> c.tick().shutdownGrace().toMillis();
        Function<Config, Long> lease = c -> c.tick().slotLease().toMillis();
        Function<Config, Long> researchWait = c -> c.research().deepMaxWait().toMillis();
        return Stream.of(
                Arguments.of("PORT", port, 3066L, 1L, 65535L),
                Arguments.of("MANA_AI_DB_POOL_SIZE", poolSize, 10L, 1L, 200L),
                Arguments.of("MANA_AI_DB_STATEMENT_TIMEOUT_MS", statementTimeout, 30_000L, 0L, 3_600_000L),
                Arguments.of("MANA_LLM_MAX_RESPONSE_BYTES", maxResponse, 1_048_576L, 1024L, 67_108_864L),
                Arguments.of("TICK_INTERVAL_MS", interval, 60_000L, 1_000L, 86_400_000L),
                Arguments.of("MANA_AI_CONCURRENCY", concurrency, 64L, 1L, 1024L),
                Arguments.of("MANA_AI_MAX_ATTEMPTS", attempts, 5L, 1L, 100L),
                Arguments.of("MANA_AI_MAX_PLAN_STEPS", steps, 10L, 1L, 100L),
                Arguments.of("MANA_AI_MAX_ROUNDS", rounds, 5L, 1L, 20L),
                Arguments.of("MANA_AI_MAX_MISSIONS_PER_TICK", missionsPerTick, 2000L, 1L, 1_000_000L),
                Arguments.of("MANA_AI_SHUTDOWN_GRACE_MS", grace, 30_000L, 0L, 600_000L),
                Arguments.of("MANA_AI_SLOT_LEASE_MS", lease, 20_000L, 2_000L, 3_600_000L),
                Arguments.of("MANA_AI_DEEP_RESEARCH_MAX_WAIT_MS", researchWait, 3_600_000L, 60_000L, 604_800_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundedNumbers")
    void wholeNumberDefaultsAndBounds(String name, Function<Config, Long> read, long fallback, long min, long max) {
        assertThat(read.apply(parse())).as("default").isEqualTo(fallback);
        assertThat(read.apply(parse(name, "  "))).as("blank means default").isEqualTo(fallback);
        assertThat(read.apply(parse(name, Long.toString(min)))).isEqualTo(min);
        assertThat(read.apply(parse(name, " " + max + " "))).isEqualTo(max);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundedNumbers")
    void wholeNumberErrorsNameTheVariableAndTheRange(
            String name, Function<Config, Long> read, long fallback, long min, long max) {
        String range = name + " must be an integer " + min + "-" + max + ", got ";
        for (String bad : new String[] {"abc", "1.5", Long.toString(min - 1), Long.toString(max + 1),
                "99999999999999999999"}) {
            assertThat(errorOf(name, bad)).isEqualTo(range + "\"" + bad + "\"");
        }
    }

    /** The timeout and the retry base are bounded by their partner too, so their own ranges are tested here. */
    @Test
    void llmTimeoutDefaultRangeAndErrors() {
        assertThat(parse().llm().timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("MANA_LLM_TIMEOUT_MS", "100").llm().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(errorOf("MANA_LLM_TIMEOUT_MS", "99"))
                .isEqualTo("MANA_LLM_TIMEOUT_MS must be an integer 100-3600000, got \"99\"");
        assertThat(errorOf("MANA_LLM_TIMEOUT_MS", "1m"))
                .isEqualTo("MANA_LLM_TIMEOUT_MS must be an integer 100-3600000, got \"1m\"");
        Config c = parse("MANA_LLM_TIMEOUT_MS", "3600000", "MANA_LLM_DEADLINE_MS", "3600000");
        assertThat(c.llm().timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(errorOf("MANA_LLM_TIMEOUT_MS", "3600001", "MANA_LLM_DEADLINE_MS", "3600000"))
                .isEqualTo("MANA_LLM_TIMEOUT_MS must be an integer 100-3600000, got \"3600001\"");
    }

    @Test
    void llmDeadlineDefaultsRangeAndMustCoverTheTimeout() {
        assertThat(parse().llm().deadline()).isEqualTo(Duration.ofMinutes(3));
        assertThat(parse("MANA_LLM_DEADLINE_MS", "600000").llm().deadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(errorOf("MANA_LLM_DEADLINE_MS", "soon"))
                .isEqualTo("MANA_LLM_DEADLINE_MS must be an integer 100-3600000, got \"soon\"");
        assertThat(errorOf("MANA_LLM_TIMEOUT_MS", "5000", "MANA_LLM_DEADLINE_MS", "4000"))
                .isEqualTo("MANA_LLM_DEADLINE_MS (4000) must not be shorter than MANA_LLM_TIMEOUT_MS (5000)");
    }

    @Test
    void retryBaseDefaultRangeAndErrors() {
        assertThat(parse().retry().base()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("MANA_AI_RETRY_BASE_MS", "0").retry().base()).isZero();
        assertThat(parse("MANA_AI_RETRY_BASE_MS", "86400000", "MANA_AI_RETRY_MAX_MS", "86400000").retry().base())
                .isEqualTo(Duration.ofDays(1));
        assertThat(errorOf("MANA_AI_RETRY_BASE_MS", "86400001", "MANA_AI_RETRY_MAX_MS", "604800000"))
                .isEqualTo("MANA_AI_RETRY_BASE_MS must be an integer 0-86400000, got \"86400001\"");
        assertThat(errorOf("MANA_AI_RETRY_BASE_MS", "-1"))
                .isEqualTo("MANA_AI_RETRY_BASE_MS must be an integer 0-86400000, got \"-1\"");
    }

    @Test
    void retryMaxDefaultsRangeAndMustCoverTheBase() {
        assertThat(parse().retry().max()).isEqualTo(Duration.ofHours(1));
        assertThat(parse("MANA_AI_RETRY_MAX_MS", "604800000").retry().max()).isEqualTo(Duration.ofDays(7));
        assertThat(errorOf("MANA_AI_RETRY_MAX_MS", "604800001"))
                .isEqualTo("MANA_AI_RETRY_MAX_MS must be an integer 0-604800000, got \"604800001\"");
        assertThat(errorOf("MANA_AI_RETRY_BASE_MS", "5000", "MANA_AI_RETRY_MAX_MS", "4000"))
                .isEqualTo("MANA_AI_RETRY_MAX_MS (4000) must not be smaller than MANA_AI_RETRY_BASE_MS (5000)");
    }

    @Test
    void portErrorReadsAsTheOperatorExpects() {
        assertThat(errorOf("PORT", "abc")).isEqualTo("PORT must be an integer 1-65535, got \"abc\"");
    }

    @Test
    void longBadValuesAreShortenedInTheMessage() {
        String message = errorOf("PORT", "x".repeat(200));
        assertThat(message).isEqualTo("PORT must be an integer 1-65535, got \"" + "x".repeat(80) + "…\"");
    }

    @Test
    void temperature() {
        assertThat(parse().llm().temperature()).isEqualTo(0.3);
        assertThat(parse("MANA_LLM_TEMPERATURE", "0").llm().temperature()).isEqualTo(0.0);
        assertThat(parse("MANA_LLM_TEMPERATURE", "1.25").llm().temperature()).isEqualTo(1.25);
        assertThat(parse("MANA_LLM_TEMPERATURE", "2").llm().temperature()).isEqualTo(2.0);
        for (String bad : new String[] {"warm", "-0.1", "2.01", "NaN", "Infinity"}) {
            assertThat(errorOf("MANA_LLM_TEMPERATURE", bad))
                    .isEqualTo("MANA_LLM_TEMPERATURE must be a number 0.0-2.0, got \"" + bad + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "yes", "on"})
    void tickEnabledTrueSpellings(String value) {
        assertThat(parse("TICK_ENABLED", value).tick().enabled()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "0", "no", "off"})
    void tickEnabledFalseSpellings(String value) {
        assertThat(parse("TICK_ENABLED", value).tick().enabled()).isFalse();
    }

    @Test
    void createSyncIndexDefaultsToTrueAndReadsLikeEveryFlag() {
        assertThat(parse().database().createSyncIndex()).isTrue();
        assertThat(parse("MANA_AI_CREATE_SYNC_INDEX", "false").database().createSyncIndex()).isFalse();
        assertThat(errorOf("MANA_AI_CREATE_SYNC_INDEX", "later"))
                .isEqualTo("MANA_AI_CREATE_SYNC_INDEX must be true or false, got \"later\"");
    }

    @Test
    void researchServicesDefaultAsUpstreamAndDeepResearchNeedsExactlyTrue() {
        ResearchConfig defaults = parse().research();
        assertThat(defaults.newsApiUrl()).isEqualTo(URI.create("http://localhost:3060"));
        assertThat(defaults.researchUrl()).isEqualTo(URI.create("http://localhost:3068"));
        assertThat(defaults.deepEnabled()).isFalse();
        assertThat(parse("MANA_API_URL", "https://api.mana.how/").research().newsApiUrl())
                .isEqualTo(URI.create("https://api.mana.how"));
        assertThat(errorOf("MANA_RESEARCH_URL", "research:3068"))
                .isEqualTo("MANA_RESEARCH_URL must be an absolute http(s) URL, got \"research:3068\"");
        assertThat(parse("MANA_AI_DEEP_RESEARCH_ENABLED", "true").research().deepEnabled()).isTrue();
        assertThat(parse("MANA_AI_DEEP_RESEARCH_ENABLED", "false").research().deepEnabled()).isFalse();
        // Upstream reads anything but "true" as off; here a spelling that looks like on stops start-up instead.
        for (String bad : new String[] {"TRUE", "1", "yes", "on", "ture"}) {
            assertThat(errorOf("MANA_AI_DEEP_RESEARCH_ENABLED", bad)).isEqualTo(
                    "MANA_AI_DEEP_RESEARCH_ENABLED must be exactly true or false, got \"" + bad + "\"");
        }
    }

    @Test
    void tickEnabledDefaultAndError() {
        assertThat(parse().tick().enabled()).isTrue();
        assertThat(errorOf("TICK_ENABLED", "maybe")).isEqualTo("TICK_ENABLED must be true or false, got \"maybe\"");
    }

    @Test
    void serviceKey() {
        assertThat(parse().http().serviceKey().value()).isEqualTo("dev-service-key");
        assertThat(parse("MANA_SERVICE_KEY", "s3cret").http().serviceKey().value()).isEqualTo("s3cret");
        assertThat(errorOf("MANA_SERVICE_KEY", " ")).isEqualTo("MANA_SERVICE_KEY is empty: set a key, or set"
                + " MANA_AI_ALLOW_EMPTY_SERVICE_KEY=true to run without one (local development only)");
        assertThat(parse("MANA_SERVICE_KEY", "", "MANA_AI_ALLOW_EMPTY_SERVICE_KEY", "true").http().serviceKey().value())
                .isEmpty();
        assertThat(parse("MANA_AI_ALLOW_EMPTY_SERVICE_KEY", "true").http().serviceKey().value())
                .as("allowing an empty key does not empty an unset one").isEqualTo("dev-service-key");
        assertThat(errorOf("MANA_AI_ALLOW_EMPTY_SERVICE_KEY", "sure"))
                .isEqualTo("MANA_AI_ALLOW_EMPTY_SERVICE_KEY must be true or false, got \"sure\"");
    }

    @Test
    void theServiceKeyShowsOnlyWhichKindOfKeyIsSet() {
        assertThat(parse().http().serviceKey()).hasToString("default");
        assertThat(parse("MANA_SERVICE_KEY", SECRET_MARKER).http().serviceKey()).hasToString("set");
        assertThat(parse("MANA_SERVICE_KEY", "", "MANA_AI_ALLOW_EMPTY_SERVICE_KEY", "true").http().serviceKey())
                .hasToString("empty");
    }

    static Stream<Config> configsWithPlantedSecrets() {
        return Stream.of(
                parse("MANA_SERVICE_KEY", SECRET_MARKER,
                        "SYNC_DATABASE_URL", "postgresql://mana:" + SECRET_MARKER + "@db:5432/mana_sync"),
                parse("MANA_SERVICE_KEY", SECRET_MARKER,
                        "SYNC_DATABASE_URL",
                        "jdbc:postgresql://db:5432/mana_sync?user=mana&password=" + SECRET_MARKER),
                parse("OTEL_EXPORTER_OTLP_ENDPOINT", "https://tracer:" + SECRET_MARKER + "@collector:4318",
                        "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer " + SECRET_MARKER));
    }

    @Test
    void tracingIsOffUntilAnEndpointIsSetAndSpeaksHttpProtobufByDefault() {
        TracingConfig off = parse().tracing();
        assertThat(off.enabled()).isFalse();
        assertThat(off).hasToString("TracingConfig[endpoint=off, protocol=http/protobuf, otelVariables=[]]");

        TracingConfig on = parse("OTEL_EXPORTER_OTLP_ENDPOINT", "http://tempo:4318/", "OTEL_TRACES_SAMPLER",
                "always_on", "MANA_LLM_MODEL", "m").tracing();
        assertThat(on.endpoint()).contains(URI.create("http://tempo:4318"));
        assertThat(on.protocol()).isEqualTo("http/protobuf");
        assertThat(on.otelVariables()).as("every OTEL_ variable, for the SDK").containsOnlyKeys(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER");
        assertThat(parse("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc").tracing().protocol()).isEqualTo("grpc");

        assertThat(errorOf("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"))
                .isEqualTo("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or grpc, got \"http/json\"");
        assertThat(errorOf("OTEL_EXPORTER_OTLP_ENDPOINT", "tempo:4318"))
                .isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL, got \"tempo:4318\"");
    }

    @ParameterizedTest
    @MethodSource("configsWithPlantedSecrets")
    void noToStringShowsASecret(Config config) {
        assertThat(config.toString()).doesNotContain(SECRET_MARKER);
        groupsOf(config).forEach((name, group) ->
                assertThat(group.toString()).as(name).doesNotContain(SECRET_MARKER));
    }

    @Test
    void toStringShowsEverySetting() {
        Config config = parse();
        String shown = config.toString();
        groupsOf(config).forEach((name, group) -> {
            assertThat(shown).contains(name + "=" + group);
            for (RecordComponent setting : group.getClass().getRecordComponents()) {
                assertThat(group.toString()).as(name).contains(setting.getName() + "=");
            }
        });
        assertThat(shown).contains("serviceKey=default", "url=jdbc:postgresql://localhost:5432/mana_sync (user mana)");
    }

    @ParameterizedTest
    @MethodSource("configsWithPlantedSecrets")
    void theEffectiveConfigurationIsOneInfoLineWithEveryGroupAndNoSecret(Config config) {
        try (LogCapture logs = new LogCapture()) {
            config.logEffective();
            List<String> lines = logs.lines().stream().filter(l -> l.contains("effective configuration")).toList();
            assertThat(lines).hasSize(1);
            String line = lines.get(0);
            assertThat(line).startsWith("INFO ").doesNotContain(SECRET_MARKER);
            groupsOf(config).forEach((name, group) -> assertThat(line).contains(" " + name + "=" + group));
        }
    }

    /** Each group of settings by its name in {@link Config}. */
    private static Map<String, Record> groupsOf(Config config) {
        Map<String, Record> groups = new LinkedHashMap<>();
        for (RecordComponent group : Config.class.getRecordComponents()) {
            try {
                groups.put(group.getName(), (Record) group.getAccessor().invoke(config));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return groups;
    }

    @Test
    void serviceRole() {
        assertThat(parse().database().serviceRole()).isEmpty();
        assertThat(parse("MANA_AI_SERVICE_ROLE", "mana_ai_svc").database().serviceRole()).contains("mana_ai_svc");
        assertThat(errorOf("MANA_AI_SERVICE_ROLE", "x; DROP TABLE sync_changes"))
                .isEqualTo("MANA_AI_SERVICE_ROLE must be a plain PostgreSQL role name (letters, digits, _;"
                        + " at most 63), got \"x; DROP TABLE sync_changes\"");
        assertThat(errorOf("MANA_AI_SERVICE_ROLE", "r".repeat(64))).startsWith("MANA_AI_SERVICE_ROLE must be");
    }

    @Test
    void llmUrl() {
        assertThat(parse().llm().url()).isEqualTo(URI.create("http://localhost:3020"));
        assertThat(parse("MANA_LLM_URL", "https://llm.mana.how/").llm().url())
                .as("trailing slashes dropped").isEqualTo(URI.create("https://llm.mana.how"));
        assertThat(parse("MANA_LLM_URL", "http://llm:3020/base//").llm().url())
                .isEqualTo(URI.create("http://llm:3020/base"));
        for (String bad : new String[] {"localhost:3020", "ftp://llm", "http://", "http://bad host", "/v1"}) {
            assertThat(errorOf("MANA_LLM_URL", bad))
                    .isEqualTo("MANA_LLM_URL must be an absolute http(s) URL, got \"" + bad + "\"");
        }
    }

    @Test
    void llmModel() {
        assertThat(parse().llm().model()).isEqualTo("mana/reasoning");
        assertThat(parse("MANA_LLM_MODEL", "gemma3:12b").llm().model()).isEqualTo("gemma3:12b");
    }

    @Test
    void defaultTimezone() {
        assertThat(parse().planner().defaultTimezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(parse("MANA_AI_DEFAULT_TIMEZONE", "Europe/Berlin").planner().defaultTimezone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(errorOf("MANA_AI_DEFAULT_TIMEZONE", "Mars/Olympus"))
                .isEqualTo("MANA_AI_DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Berlin,"
                        + " got \"Mars/Olympus\"");
    }

    @Test
    void plannerKind() {
        assertThat(parse().planner().kind()).isEqualTo(PlannerKind.TOOLS);
        assertThat(parse("MANA_AI_PLANNER", "json").planner().kind()).isEqualTo(PlannerKind.JSON);
        assertThat(parse("MANA_AI_PLANNER", "Tools").planner().kind()).isEqualTo(PlannerKind.TOOLS);
        assertThat(errorOf("MANA_AI_PLANNER", "text"))
                .isEqualTo("MANA_AI_PLANNER must be tools or json, got \"text\"");
    }

    @Test
    void policyMode() {
        assertThat(parse().planner().policyMode()).isEqualTo(PolicyMode.LOG_ONLY);
        assertThat(parse("POLICY_MODE", "ENFORCE").planner().policyMode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(parse("POLICY_MODE", "off").planner().policyMode()).isEqualTo(PolicyMode.OFF);
        assertThat(parse("POLICY_MODE", "Log-Only").planner().policyMode()).isEqualTo(PolicyMode.LOG_ONLY);
        assertThat(errorOf("POLICY_MODE", "log_only"))
                .isEqualTo("POLICY_MODE must be off or log-only or enforce, got \"log_only\"");
    }

    @Test
    void toolCatalogChoice() {
        assertThat(parse().planner().tools()).hasToString("current (62 tools)");
        assertThat(parse("MANA_AI_TOOL_CATALOG", "v0.3").planner().tools()).hasToString("v0.3 (4 tools)");
        assertThat(errorOf("MANA_AI_TOOL_CATALOG", "v0.4"))
                .isEqualTo("MANA_AI_TOOL_CATALOG must be current or v0.3, got \"v0.4\"");
    }

    @Test
    void toolsFile(@TempDir Path dir) throws Exception {
        Path tools = Files.writeString(dir.resolve("tools.json"), """
                [{"name":"create_note","module":"notes","description":"Notiz anlegen","defaultPolicy":"propose"}]
                """);
        assertThat(parse("MANA_AI_TOOLS_FILE", tools.toString()).planner().tools().find("create_note")).isPresent();
        assertThat(parse("MANA_AI_TOOLS_FILE", tools.toString(), "MANA_AI_TOOL_CATALOG", "v0.3").planner().tools())
                .as("the file replaces either built-in catalog").hasToString(tools + " (1 tools)");
        Path broken = Files.writeString(dir.resolve("broken.json"), """
                [{"name":"create_note","module":"notes","description":"Notiz anlegen",
                  "parameters":[{"name":"body","type":"text"}]}]
                """);
        assertThat(errorOf("MANA_AI_TOOLS_FILE", broken.toString())).as("a bad catalog stops start-up")
                .isEqualTo("MANA_AI_TOOLS_FILE: tool catalog " + broken + " is invalid at [0] (create_note)"
                        + ".parameters[0] (body).type: \"text\" is not a known type (known: string, number, integer,"
                        + " boolean, array, object)");
        String missing = dir.resolve("nope.json").toString();
        assertThat(errorOf("MANA_AI_TOOLS_FILE", missing))
                .isEqualTo("MANA_AI_TOOLS_FILE must name a readable file, got \"" + missing + "\"");
        assertThat(errorOf("MANA_AI_TOOLS_FILE", dir.toString()))
                .as("a directory is not a file").startsWith("MANA_AI_TOOLS_FILE must name a readable file");
    }

    @Test
    void promptLocale() {
        assertThat(parse().planner().promptLocale()).isEqualTo(PromptLocale.DE);
        assertThat(parse("MANA_AI_PROMPT_LOCALE", "en").planner().promptLocale()).isEqualTo(PromptLocale.EN);
        assertThat(parse("MANA_AI_PROMPT_LOCALE", "DE").planner().promptLocale()).isEqualTo(PromptLocale.DE);
        assertThat(errorOf("MANA_AI_PROMPT_LOCALE", "fr"))
                .isEqualTo("MANA_AI_PROMPT_LOCALE must be de or en, got \"fr\"");
    }

    @Test
    void logFormat() {
        assertThat(parse().logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(parse("LOG_FORMAT", "JSON").logging().format()).isEqualTo(LogFormat.JSON);
        assertThat(parse("LOG_FORMAT", "text").logging().format()).isEqualTo(LogFormat.TEXT);
        assertThat(errorOf("LOG_FORMAT", "xml")).isEqualTo("LOG_FORMAT must be text or json, got \"xml\"");
    }

    @Test
    void logLevel() {
        assertThat(parse().logging().level()).isEqualTo(Logging.Level.INFO);
        assertThat(parse("LOG_LEVEL", "debug").logging().level()).isEqualTo(Logging.Level.DEBUG);
        assertThat(parse("LOG_LEVEL", "WARN").logging().level()).isEqualTo(Logging.Level.WARN);
        // logback would read a typo as DEBUG, which logs prompts: it is refused instead.
        assertThat(errorOf("LOG_LEVEL", "INF0"))
                .isEqualTo("LOG_LEVEL must be trace or debug or info or warn or error or off, got \"INF0\"");
    }

    @Test
    void syncDatabaseUrl() {
        assertThat(parse().database().url()).isEqualTo(new DatabaseUrl(
                "jdbc:postgresql://localhost:5432/mana_sync", Optional.of("mana"), Optional.of("devpassword")));
        assertThat(parse("SYNC_DATABASE_URL", "jdbc:postgresql://db:5432/x").database().url().jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/x");
    }

    @Test
    void syncDatabaseUrlErrorsNeverEchoThePassword() {
        String message = errorOf("SYNC_DATABASE_URL", "mysql://root:hunter2@db/x");
        assertThat(message).isEqualTo("SYNC_DATABASE_URL is not a valid PostgreSQL URL:"
                + " must start with postgresql://, postgres:// or jdbc:postgresql:");
        assertThat(errorOf("SYNC_DATABASE_URL", "postgresql://u:hunter2@db:99999/x"))
                .isEqualTo("SYNC_DATABASE_URL is not a valid PostgreSQL URL:"
                        + " port of host \"db:99999\" must be 1-65535, got \"99999\"")
                .doesNotContain("hunter2");
    }

    @Test
    void pollIntervalDefaultsToASecondAndZeroTurnsContinuousPlanningOff() {
        assertThat(parse().tick().pollInterval()).contains(Duration.ofSeconds(1));
        assertThat(parse("MANA_AI_POLL_INTERVAL_MS", " ").tick().pollInterval()).contains(Duration.ofSeconds(1));
        assertThat(parse("MANA_AI_POLL_INTERVAL_MS", "0").tick().pollInterval()).isEmpty();
        assertThat(parse("MANA_AI_POLL_INTERVAL_MS", "50").tick().pollInterval()).contains(Duration.ofMillis(50));
        assertThat(parse("MANA_AI_POLL_INTERVAL_MS", "3600000").tick().pollInterval()).contains(Duration.ofHours(1));
    }

    @Test
    void pollIntervalErrorsNameTheVariableAndWhatIsAllowed() {
        assertThat(errorOf("MANA_AI_POLL_INTERVAL_MS", "49")).isEqualTo(
                "MANA_AI_POLL_INTERVAL_MS must be 0 (continuous planning off) or 50-3600000, got \"49\"");
        assertThat(errorOf("MANA_AI_POLL_INTERVAL_MS", "1"))
                .startsWith("MANA_AI_POLL_INTERVAL_MS must be 0 (continuous planning off) or 50-3600000");
        for (String bad : new String[] {"-1", "1s", "3600001"}) {
            assertThat(errorOf("MANA_AI_POLL_INTERVAL_MS", bad))
                    .isEqualTo("MANA_AI_POLL_INTERVAL_MS must be an integer 0-3600000, got \"" + bad + "\"");
        }
    }
}
