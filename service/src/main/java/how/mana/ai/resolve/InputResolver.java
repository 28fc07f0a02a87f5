package how.mana.ai.resolve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Resolves one mission input ref ({@code {module, table, id}}) of the mission's owner into text for the prompt.
 * Registered per {@code module}. Implementations read only the owner's rows (RLS-scoped) and may throw: the
 * registry logs and skips a failing resolver, it never fails the mission.
 */
@FunctionalInterface
public interface InputResolver {

    /** The resolved input, or empty when the referenced record does not exist (or is deleted). */
    Optional<ResolvedInput> resolve(String userId, ObjectNode ref) throws Exception;
}
