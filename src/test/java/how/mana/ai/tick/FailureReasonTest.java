package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureReasonTest {

    @Test
    void anExceptionWithoutCauseIsItsClassAndMessage() {
        assertThat(FailureReason.of(new IOException("database\n  unreachable"))).isEqualTo("IOException: database unreachable");
        assertThat(FailureReason.of(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void theRootCauseIsNamedToo() {
        Exception e = new IllegalStateException("snapshot refresh failed",
                new UncheckedIOException(new IOException("wrapped", new SQLException("Connection refused"))));
        assertThat(FailureReason.of(e))
                .isEqualTo("IllegalStateException: snapshot refresh failed; cause: SQLException: Connection refused");
    }

    @Test
    void longReasonsAreCut() {
        String reason = FailureReason.of(new IllegalStateException("x".repeat(500)));
        assertThat(reason).hasSize(FailureReason.MAX_LENGTH + 1).startsWith("IllegalStateException: xxx").endsWith("…");
    }
}
