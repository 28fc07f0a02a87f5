package how.mana.ai.resolve;

import how.mana.ai.mission.Mission;

/** Opens the {@link MissionResolvers} of one mission, before its first input is resolved. */
@FunctionalInterface
public interface MissionResolverSource {
    /** A source that never has any. */
    MissionResolverSource NONE = mission -> MissionResolvers.NONE;

    /** Never throws: whatever keeps a mission from having such resolvers leaves it with {@link MissionResolvers#NONE}. */
    MissionResolvers open(Mission mission);
}
