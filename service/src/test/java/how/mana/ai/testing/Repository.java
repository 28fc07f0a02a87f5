package how.mana.ai.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's files (README, the ops/ directory) for tests that check them against the code. */
public final class Repository {
    private Repository() {
    }

    /** Surefire runs in {@code service/}; an IDE may run in the repository root: the nearest directory up with both. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("service"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no README.md with a service/ beside it above " + Path.of("").toAbsolutePath());
    }
}
