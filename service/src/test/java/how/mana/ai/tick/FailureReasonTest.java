package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureReasonTest {

    @Test
    void anExceptionWithoutCauseIsItsClassAndTheFirstLineOfItsMessage() {
        assertThat(FailureReason.of(new IOException("  database unreachable\n---\nSQL State: 08001")))
                .isEqualTo("IOException: database unreachable");
        assertThat(FailureReason.of(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(FailureReason.of(new IllegalStateException(" "))).isEqualTo("IllegalStateException");
    }

    @Test
    void theRootCauseIsNamedToo() {
        Exception e = new IllegalStateException("snapshot refresh failed",
                new UncheckedIOException(new IOException("wrapped", new SQLException("Connection refused"))));
        assertThat(FailureReason.of(e))
                .isEqualTo("IllegalStateException: snapshot refresh failed; cause: SQLException: Connection refused");
    }

    @Test
    void aLongWrapperMessageIsCutButTheRootCauseStaysVisible() {
        Exception e = new IllegalStateException("x".repeat(500), new SQLException("Connection refused"));
        String reason = FailureReason.of(e);
        assertThat(reason).startsWith("IllegalStateException: xxx")
                .endsWith("…; cause: SQLException: Connection refused")
                .hasSize(FailureReason.MAX_PART_LENGTH + "…; cause: SQLException: Connection refused".length());
    }
}
