package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What of a decrypted record enters the prompt, module by module (SPEC §16.6). */
class EncryptedModuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void eachModuleReadsTheRowsOfItsApp() {
        assertThat(EncryptedModule.values()).extracting(EncryptedModule::module, EncryptedModule::appId)
                .containsExactly(tuple("notes", "notes"),
                        tuple("tasks", "todo"),
                        tuple("todo", "todo"),
                        tuple("calendar", "calendar"),
                        tuple("journal", "journal"),
                        tuple("kontext", "kontext"),
                        tuple("profile", "profile"));
        assertThat(EncryptedModule.of("goals")).isEmpty();
        assertThat(EncryptedModule.of("Notes")).isEmpty();
    }

    @Test
    void aNoteShowsItsContentOrItsJson() throws Exception {
        assertThat(EncryptedModule.NOTES.content(record("{\"content\":\"Belege\"}"))).isEqualTo("Belege");
        assertThat(EncryptedModule.NOTES.content(record("{\"content\":{\"blocks\":[1]}}")))
                .isEqualTo("{\"blocks\":[1]}");
        assertThat(EncryptedModule.NOTES.content(record("{}"))).isEqualTo("\"\"");
        assertThat(EncryptedModule.NOTES.content(record("{\"content\":null}"))).isEqualTo("null");
    }

    @Test
    void theTitleIsFixedOrTheRecordsOrTheLabel() throws Exception {
        assertThat(EncryptedModule.NOTES.title(record("{\"title\":\"Belege\"}"))).isEqualTo("Belege");
        assertThat(EncryptedModule.NOTES.title(record("{\"title\":7}"))).isEqualTo("Notiz");
        assertThat(EncryptedModule.TASKS.title(record("{}"))).isEqualTo("Task");
        assertThat(EncryptedModule.CALENDAR.title(record("{}"))).isEqualTo("Termin");
        assertThat(EncryptedModule.JOURNAL.title(record("{}"))).isEqualTo("Journal-Eintrag");
        assertThat(EncryptedModule.KONTEXT.title(record("{\"title\":\"x\"}"))).isEqualTo("Mana-Kontext");
        assertThat(EncryptedModule.PROFILE.title(record("{\"title\":\"x\"}"))).isEqualTo("Nutzerprofil");
    }

    @Test
    void aTaskJoinsStatusTitleDescriptionAndDueDateLeavingOutEmptyParts() throws Exception {
        assertThat(EncryptedModule.TASKS.content(record("""
                {"status":"open","title":"Steuer","description":"über ELSTER","dueDate":"2026-07-31"}""")))
                .isEqualTo("[open] Steuer — über ELSTER (faellig: 2026-07-31)");
        assertThat(EncryptedModule.TODO.content(record("{\"status\":\"\",\"description\":5}")))
                .isEqualTo("(ohne Titel)");
    }

    @Test
    void anEventJoinsTitleStartAndLocation() throws Exception {
        assertThat(EncryptedModule.CALENDAR.content(record("""
                {"title":"Chor","startDate":"2026-05-04T18:00:00.000Z","location":"Aula"}""")))
                .isEqualTo("Chor @ 2026-05-04T18:00:00.000Z in Aula");
        assertThat(EncryptedModule.CALENDAR.content(record("{}"))).isEqualTo("(ohne Titel)");
    }

    @Test
    void aJournalEntryShowsItsTextOnly() throws Exception {
        assertThat(EncryptedModule.JOURNAL.content(record("{\"content\":\"Heute\"}"))).isEqualTo("Heute");
        assertThat(EncryptedModule.JOURNAL.content(record("{\"content\":{\"x\":1}}"))).isEmpty();
    }

    @Test
    void aProfileListsItsFieldsInOrderOneALine() throws Exception {
        assertThat(EncryptedModule.PROFILE.content(record("""
                {"freeform":"  frei  ","about":"Anna","interests":["Laufen","Chor"],"routine":"   ","nutrition":7,
                 "goals":{"run":"21 km"},"social":null,"other":"left out"}""")))
                .isEqualTo("Anna\n[\"Laufen\",\"Chor\"]\n{\"run\":\"21 km\"}\nfrei");
    }

    @Test
    void contentIsCutToTheModulesLimitWithAnEllipsis() throws Exception {
        String long2000 = "x".repeat(2000);
        ObjectNode note = JSON.createObjectNode().put("content", long2000);
        assertThat(EncryptedModule.NOTES.content(note)).hasSize(501).endsWith("x…");
        assertThat(EncryptedModule.KONTEXT.content(note)).hasSize(1501);
        assertThat(EncryptedModule.PROFILE.content(JSON.createObjectNode().put("about", long2000 + "y")))
                .hasSize(2001);
        assertThat(EncryptedModule.NOTES.content(JSON.createObjectNode().put("content", "x".repeat(500))))
                .hasSize(500);
    }
}
