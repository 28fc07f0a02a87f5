package how.mana.ai.runs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class SlotKeyTest {

    @Property
    void theIterationIdIsAFunctionOfTheSlot(@ForAll String user, @ForAll String mission, @ForAll String slot) {
        assertThat(new SlotKey(user, mission, slot).iterationId())
                .isEqualTo(new SlotKey(user, mission, slot).iterationId());
    }

    @Property
    void differentSlotsGetDifferentIterationIds(@ForAll String user, @ForAll String mission, @ForAll String slot) {
        SlotKey key = new SlotKey(user, mission, slot);
        assertThat(new SlotKey(user, mission, slot + "x").iterationId()).isNotEqualTo(key.iterationId());
        assertThat(new SlotKey(user + "x", mission, slot).iterationId()).isNotEqualTo(key.iterationId());
    }

    @org.junit.jupiter.api.Test
    void fieldBoundariesMatter() {
        assertThat(new SlotKey("ab", "c", "s").iterationId()).isNotEqualTo(new SlotKey("a", "bc", "s").iterationId());
    }
}
