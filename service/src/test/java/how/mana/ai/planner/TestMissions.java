package how.mana.ai.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.Mission;

/** Missions and agents for planner tests, read through the real factories so they have production shape. */
public final class TestMissions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestMissions() {
    }

    /** An agent of {@code user-1} from a record written as JSON, read through the real {@link Agent#from}. */
    public static Agent agent(String agentId, String recordJson) {
        try {
            return Agent.from("user-1", agentId, (ObjectNode) JSON.readTree(recordJson), false).orElseThrow();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A mission from a record written as JSON. */
    public static Mission mission(String recordJson) {
        try {
            ObjectNode record = (ObjectNode) JSON.readTree(recordJson);
            Mission.Parse parse = Mission.from("user-1", record.path("id").asText("m-1"), record, false);
            return ((Mission.Valid) parse).mission();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
