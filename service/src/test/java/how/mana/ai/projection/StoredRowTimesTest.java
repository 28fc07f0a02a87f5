package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.sync.RecordState;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A field's row time decides ties, so the projection must store each row's created_at exactly: it is sent as
 * microseconds since the epoch and added up by PostgreSQL, which must stay exact far from 1970 too.
 */
class StoredRowTimesTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void rowTimesFarFromNowAreStoredToTheMicrosecond() throws Exception {
        String[] times = {"1969-12-31T23:59:59.999999Z", "1900-02-28T12:00:00.000001Z", "2262-04-11T23:47:16.854776Z",
                "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00.000001Z", "2026-04-15T06:00:00.123457Z"};
        for (int i = 0; i < times.length; i++) {
            db.insertMissionChange("u", "m" + i, "insert", "{\"title\":\"t\"}", null, Instant.parse(times[i]));
        }

        // Rows dated before the watermark are a rebuild's to read: a refresh reads by transaction start.
        db.projection().rebuild();
        Map<RecordKey, RecordState> stored = StoredFields.all(db.admin());

        for (int i = 0; i < times.length; i++) {
            assertThat(stored.get(new RecordKey("u", "m" + i)).fields().get("title").rowCreatedAt())
                    .as(times[i]).isEqualTo(Instant.parse(times[i]));
        }
    }
}
