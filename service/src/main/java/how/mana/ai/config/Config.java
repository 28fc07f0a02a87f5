package how.mana.ai.config;

import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Everything the service reads from its environment, parsed and checked once at start-up, in groups that each
 * parse and check their own variables. The README's configuration table lists the same variables; ConfigReadmeTest
 * keeps the two in step. Secrets are typed so that no {@code toString} here can show them.
 */
public record Config(
        HttpConfig http,
        DatabaseConfig database,
        LlmConfig llm,
        TickConfig tick,
        RetryConfig retry,
        PlannerConfig planner,
        GrantConfig grants,
        TracingConfig tracing,
        ResearchConfig research,
        Logging logging) {

    /**
     * Parses and checks the given variables.
     *
     * @throws ConfigException naming the first variable that is wrong
     */
    public static Config from(Map<String, String> env) {
        return from(new EnvReader(env));
    }

    static Config from(EnvReader r) {
        return new Config(HttpConfig.from(r), DatabaseConfig.from(r), LlmConfig.from(r), TickConfig.from(r),
                RetryConfig.from(r), PlannerConfig.from(r), GrantConfig.from(r), TracingConfig.from(r),
                ResearchConfig.from(r), Logging.from(r, Logging.Level.INFO));
    }

    /** Logs every setting as one line, a key per group (secrets masked). Call it after {@link Logging#install}. */
    public void logEffective() {
        // Looked up here, not held in a static field: loading Config must not start logback before install().
        LoggerFactory.getLogger(Config.class).atInfo()
                .addKeyValue("http", http)
                .addKeyValue("database", database)
                .addKeyValue("llm", llm)
                .addKeyValue("tick", tick)
                .addKeyValue("retry", retry)
                .addKeyValue("planner", planner)
                .addKeyValue("grants", grants)
                .addKeyValue("tracing", tracing)
                .addKeyValue("research", research)
                .addKeyValue("logging", logging)
                .log("effective configuration");
    }
}
