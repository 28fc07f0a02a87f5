package how.mana.ai.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device of the soak: adds, edits, pauses, resumes and reschedules missions of its own users as sync rows, with
 * interval cadences of one to three minutes so slots keep coming due. Mission ids repeat across users on purpose.
 */
final class SoakWriter implements Runnable {
    private static final int MISSIONS_PER_USER = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManaSyncDatabase db;
    private final List<String> users = new ArrayList<>();
    private final Map<String, Integer> missionCount = new HashMap<>();
    private final AtomicBoolean writing;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    SoakWriter(ManaSyncDatabase db, int index, int writers, int userCount, AtomicBoolean writing) {
        this.db = db;
        this.writing = writing;
        for (int u = index; u < userCount; u += writers) {
            users.add("soak-user-" + u);
        }
    }

    long rows() {
        return rows.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (writing.get()) {
            String user = users.get(random.nextInt(users.size()));
            try {
                act(user, random);
                rows.incrementAndGet();
                Thread.sleep(random.nextInt(100, 400));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.incrementAndGet();
                System.err.println("soak writer: " + e);
            }
        }
    }

    private void act(String user, ThreadLocalRandom random) throws Exception {
        int count = missionCount.getOrDefault(user, 0);
        if (count == 0 || count < MISSIONS_PER_USER && random.nextInt(100) < 25) {
            add(user, "m-" + count, random);
            missionCount.put(user, count + 1);
            return;
        }
        String mission = "m-" + random.nextInt(count);
        int pick = random.nextInt(100);
        if (pick < 35) {
            update(user, mission, "{\"title\":\"Edited %d\",\"objective\":\"Ziel %d\"}"
                    .formatted(random.nextInt(1000), random.nextInt(1000)));
        } else if (pick < 50) {
            update(user, mission, "{\"state\":\"paused\"}");
        } else if (pick < 75) {
            update(user, mission, "{\"state\":\"active\",\"nextRunAt\":\"%s\"}".formatted(IsoTime.format(
                    Instant.now().minusSeconds(random.nextInt(0, 30)))));
        } else {
            update(user, mission, "{\"nextRunAt\":\"%s\"}".formatted(IsoTime.format(
                    Instant.now().plusSeconds(random.nextInt(-20, 90)))));
        }
    }

    private void add(String user, String mission, ThreadLocalRandom random) throws Exception {
        String now = IsoTime.format(Instant.now());
        String next = IsoTime.format(Instant.now().plus(Duration.ofSeconds(random.nextInt(0, 60))));
        db.insertMissionChange(user, mission, "insert", """
                {"id":"%s","createdAt":"%s","updatedAt":"%s","title":"Mission %s of %s","conceptMarkdown":"Konzept",
                 "objective":"Ziel","inputs":[],"cadence":{"kind":"interval","everyMinutes":%d},"state":"active",
                 "nextRunAt":"%s","iterations":[],"userId":"%s"}"""
                .formatted(mission, now, now, mission, user, random.nextInt(1, 4), next, user), null, null);
    }

    private void update(String user, String mission, String dataJson) throws Exception {
        String now = IsoTime.format(Instant.now());
        ObjectNode timestamps = JSON.createObjectNode();
        JSON.readTree(dataJson).fieldNames().forEachRemaining(field -> timestamps.put(field, now));
        db.insertMissionChange(user, mission, "update", dataJson, timestamps.toString(), null);
    }
}
