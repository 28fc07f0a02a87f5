package how.mana.ai.http;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class ServiceKeyGuardProperties {

    @Property
    void onlyTheExactKeyPasses(@ForAll @StringLength(min = 1, max = 64) String key, @ForAll String presented) {
        ServiceKeyGuard guard = ServiceKeyGuard.forKey(key);
        assertThat(guard.permits(key)).isTrue();
        assertThat(guard.permits(presented)).isEqualTo(presented.equals(key));
    }

    @Property
    void keysDifferingOnlyInLengthAreRefused(@ForAll @StringLength(min = 1, max = 64) String key) {
        ServiceKeyGuard guard = ServiceKeyGuard.forKey(key);
        assertThat(guard.permits(key + "x")).isFalse();
        assertThat(guard.permits(key.substring(0, key.length() - 1))).isFalse();
    }

    @Example
    void aMissingHeaderNeverPassesAConfiguredKey() {
        assertThat(ServiceKeyGuard.forKey("k").permits(null)).isFalse();
        assertThat(ServiceKeyGuard.forKey("k").isOpen()).isFalse();
    }

    @Property
    void anEmptyConfiguredKeyLetsEverythingThrough(@ForAll String presented) {
        ServiceKeyGuard open = ServiceKeyGuard.forKey("");
        assertThat(open.isOpen()).isTrue();
        assertThat(open.permits(presented)).isTrue();
        assertThat(open.permits(null)).isTrue();
    }

    @Example
    void toStringNeverShowsTheKey() {
        assertThat(ServiceKeyGuard.forKey("super-secret").toString()).doesNotContain("super-secret");
    }
}
