package how.mana.ai.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Whatever the credentials hold, percent-encoding them into the URL gives them back unchanged. */
class DatabaseUrlProperties {

    @Property
    void percentEncodedCredentialsRoundTrip(@ForAll @StringLength(min = 1, max = 40) String user,
                                            @ForAll @StringLength(max = 40) String password,
                                            @ForAll @IntRange(min = 1, max = 65535) int port) {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://" + encode(user) + ":" + encode(password)
                + "@db.example:" + port + "/mana_sync");
        assertThat(url.user()).contains(user);
        assertThat(url.password()).contains(password);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:" + port + "/mana_sync");
    }

    @Property
    void theShownUrlNeverContainsTheJdbcPassword(@ForAll @StringLength(min = 8, max = 30) String password) {
        String encoded = encode(password);
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db/x?password=" + encoded + "&ssl=true");
        assertThat(url.toString()).doesNotContain("password=" + encoded);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
