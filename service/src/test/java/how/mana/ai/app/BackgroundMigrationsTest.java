package how.mana.ai.app;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.app.BackgroundMigrations;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundMigrationsTest {
    private static final Duration TINY = Duration.ofMillis(1);

    @Test
    void failedAttemptsAreRetriedUntilOneSucceedsThenTheCallbackRunsOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger callbacks = new AtomicInteger();
        CountDownLatch migrated = new CountDownLatch(1);
        BackgroundMigrations migrations = new BackgroundMigrations(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new SQLException("Connection refused");
            }
        }, () -> {
            callbacks.incrementAndGet();
            migrated.countDown();
        }, TINY, Duration.ofMillis(4));

        migrations.start();
        assertThat(migrated.await(30, TimeUnit.SECONDS)).isTrue();
        migrations.stop();
        assertThat(attempts).hasValue(4);
        assertThat(callbacks).hasValue(1);
    }

    @Test
    void stopEndsTheRetries() throws Exception {
        CountDownLatch twoAttempts = new CountDownLatch(2);
        AtomicInteger callbacks = new AtomicInteger();
        BackgroundMigrations migrations = new BackgroundMigrations(() -> {
            twoAttempts.countDown();
            throw new SQLException("Connection refused");
        }, callbacks::incrementAndGet, TINY, TINY);

        migrations.start();
        assertThat(twoAttempts.await(30, TimeUnit.SECONDS)).isTrue();
        migrations.stop();
        assertThat(callbacks).hasValue(0);
    }
}
