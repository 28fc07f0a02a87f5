package how.mana.ai.resolve;

import static how.mana.ai.planner.TestMissions.mission;
import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.mission.Mission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputResolverRegistryTest {

    private static final InputResolver ECHO = (userId, ref) -> Optional.of(new ResolvedInput(
            ref.get("module").textValue(), ref.path("table").asText(), ref.path("id").asText(),
            "title of " + ref.path("id").asText(), List.of("owner " + userId)));

    @Test
    void resolvesEachRefWithItsModulesResolverInOrder() {
        InputResolverRegistry registry = new InputResolverRegistry(Map.of("goals", ECHO, "habits", ECHO));

        List<ResolvedInput> inputs = registry.resolveAll(mission("""
                {"inputs":[{"module":"habits","table":"habits","id":"h1"},{"module":"goals","table":"goals","id":"g1"}]}
                """));

        assertThat(inputs).extracting(ResolvedInput::id).containsExactly("h1", "g1");
        assertThat(inputs.getFirst().details()).containsExactly("owner user-1");
    }

    @Test
    void skipsRefsWithoutAResolverOrOfTheWrongShape() {
        InputResolverRegistry registry = new InputResolverRegistry(Map.of("goals", ECHO));

        List<ResolvedInput> inputs = registry.resolveAll(mission("""
                {"inputs":[{"module":"notes","table":"notes","id":"n1"}, "goals", 7, null, {"table":"goals","id":"x"},
                           {"module":5,"id":"y"}, {"module":"goals","table":"goals","id":"g1"}]}
                """));

        assertThat(inputs).extracting(ResolvedInput::id).containsExactly("g1");
    }

    @Test
    void failingResolverIsSkippedAndTheOthersStillResolve() {
        List<String> asked = new ArrayList<>();
        InputResolver failing = (userId, ref) -> {
            asked.add(ref.get("id").textValue());
            throw new IllegalStateException("database down");
        };
        InputResolver nullAnswering = (userId, ref) -> null;
        InputResolverRegistry registry =
                new InputResolverRegistry(Map.of("broken", failing, "goals", ECHO, "odd", nullAnswering));

        List<ResolvedInput> inputs = registry.resolveAll(mission("""
                {"inputs":[{"module":"broken","id":"b1"},{"module":"odd","id":"o1"},{"module":"goals","id":"g1"}]}
                """));

        assertThat(asked).containsExactly("b1");
        assertThat(inputs).extracting(ResolvedInput::id).containsExactly("g1");
    }

    @Test
    void ciphertextNeverLeavesTheRegistry() {
        InputResolver leaky = (userId, ref) -> Optional.of(switch (ref.get("id").textValue()) {
            case "encrypted-title" -> new ResolvedInput("goals", "goals", "g1", "enc:AAECAwQ=", List.of("1 / 2 (week)"));
            case "encrypted-detail" -> new ResolvedInput("goals", "goals", "g2", "Run", List.of(
                    "12 / 40 (week)", "enc:9f8e7d", "12 / 40 (enc:c2VjcmV0)", "note: enc:zz"));
            default -> new ResolvedInput("goals", "goals", "g3", "Encore: enchanting", List.of("encoder:x"));
        });
        InputResolverRegistry registry = new InputResolverRegistry(Map.of("goals", leaky));

        List<ResolvedInput> inputs = registry.resolveAll(mission("""
                {"inputs":[{"module":"goals","id":"encrypted-title"},{"module":"goals","id":"encrypted-detail"},
                           {"module":"goals","id":"plain"}]}
                """));

        assertThat(inputs).extracting(ResolvedInput::id).containsExactly("g2", "g3");
        assertThat(inputs.get(0).details()).containsExactly("12 / 40 (week)");
        assertThat(inputs.get(1).title()).isEqualTo("Encore: enchanting");
        assertThat(inputs.get(1).details()).containsExactly("encoder:x");
        assertThat(inputs.toString()).doesNotContain("enc:");
    }

    @Test
    void aMissionsOwnResolversAreOpenedOnceForItAndClosedAfterItsLastRef() {
        List<String> events = new ArrayList<>();
        MissionResolverSource perMission = mission -> {
            events.add("open " + mission.id());
            return new MissionResolvers() {
                @Override
                public Optional<InputResolver> forModule(String module) {
                    return module.equals("notes") ? Optional.of((userId, ref) -> {
                        events.add("resolve " + ref.get("id").textValue());
                        if (ref.get("id").textValue().equals("broken")) {
                            throw new IllegalStateException("fails");
                        }
                        return ECHO.resolve(userId, ref);
                    }) : Optional.empty();
                }

                @Override
                public void close() {
                    events.add("close " + mission.id());
                }
            };
        };
        InputResolverRegistry registry = new InputResolverRegistry(Map.of("goals", ECHO), perMission);

        List<ResolvedInput> inputs = registry.resolveAll(mission("""
                {"id":"m-7","inputs":[{"module":"notes","id":"n1"},{"module":"goals","id":"g1"},
                                      {"module":"notes","id":"broken"},{"module":"calendar","id":"e1"}]}
                """));

        assertThat(inputs).extracting(ResolvedInput::id).containsExactly("n1", "g1");
        assertThat(events).containsExactly("open m-7", "resolve n1", "resolve broken", "close m-7");
    }

    @Test
    void aModuleWithAPlaintextResolverNeverReachesTheMissionsOwn() {
        MissionResolverSource perMission = mission -> new MissionResolvers() {
            @Override
            public Optional<InputResolver> forModule(String module) {
                throw new AssertionError("asked for " + module);
            }

            @Override
            public void close() {
            }
        };
        InputResolverRegistry registry = new InputResolverRegistry(Map.of("goals", ECHO), perMission);

        assertThat(registry.resolveAll(mission("{\"inputs\":[{\"module\":\"goals\",\"id\":\"g1\"}]}")))
                .extracting(ResolvedInput::id).containsExactly("g1");
    }

    @Test
    void missionWithoutInputsResolvesToNothing() {
        Mission empty = mission("{\"title\":\"t\"}");
        assertThat(new InputResolverRegistry(Map.of("goals", ECHO)).resolveAll(empty)).isEmpty();
    }
}
