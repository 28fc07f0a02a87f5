package how.mana.ai.resolve;

import java.util.Optional;

/**
 * Resolvers that exist only while one mission's inputs are resolved, because they hold something of that mission
 * alone (the key of its grant). Closing them forgets it.
 */
public interface MissionResolvers extends AutoCloseable {
    /** No resolvers, nothing held. */
    MissionResolvers NONE = new MissionResolvers() {
        @Override
        public Optional<InputResolver> forModule(String module) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    };

    /** The resolver for a ref of {@code module}, when this mission has one. */
    Optional<InputResolver> forModule(String module);

    /** Never throws. */
    @Override
    void close();
}
