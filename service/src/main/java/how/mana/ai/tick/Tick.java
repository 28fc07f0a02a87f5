package how.mana.ai.tick;

/** One pass over every due mission. Callers guard against overlap; implementations may assume none. */
@FunctionalInterface
public interface Tick {
    TickStats run() throws Exception;
}
