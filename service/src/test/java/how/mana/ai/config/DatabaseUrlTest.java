package how.mana.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The libpq URL forms operators use, converted to what pgjdbc understands. */
class DatabaseUrlTest {

    @Test
    void libpqUrlWithUserPasswordHostPortDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mana:devpassword@localhost:5432/mana_sync");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/mana_sync");
        assertThat(url.user()).contains("mana");
        assertThat(url.password()).contains("devpassword");
    }

    @Test
    void postgresSchemeIsTheSame() {
        assertThat(DatabaseUrl.parse("postgres://mana:pw@db.internal/mana_sync"))
                .isEqualTo(DatabaseUrl.parse("postgresql://mana:pw@db.internal/mana_sync"));
    }

    @Test
    void percentEncodedPasswordIsDecoded() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mana:p%40ss%3Aw%2Fo%3Frd%25+x@db:5432/mana_sync");
        assertThat(url.password()).contains("p@ss:w/o?rd%+x");
        assertThat(url.jdbcUrl()).doesNotContain("p%40ss").doesNotContain("ss:w");
    }

    @Test
    void unencodedAtSignInThePasswordStillParses() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://mana:p@ss@db/mana_sync");
        assertThat(url.password()).contains("p@ss");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/mana_sync");
    }

    @Test
    void userWithoutPasswordAndNoUserAtAll() {
        DatabaseUrl userOnly = DatabaseUrl.parse("postgresql://mana@db/x");
        assertThat(userOnly.user()).contains("mana");
        assertThat(userOnly.password()).isEmpty();
        DatabaseUrl anonymous = DatabaseUrl.parse("postgresql://db/x");
        assertThat(anonymous.user()).isEmpty();
        assertThat(anonymous.password()).isEmpty();
    }

    @Test
    void missingHostMeansLocalhost() {
        assertThat(DatabaseUrl.parse("postgresql:///mana_sync").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/mana_sync");
        assertThat(DatabaseUrl.parse("postgresql://").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
    }

    @Test
    void multipleHostsAreKept() {
        assertThat(DatabaseUrl.parse("postgresql://u:p@db1:5432,db2:5433,db3/mana_sync").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db1:5432,db2:5433,db3/mana_sync");
    }

    @Test
    void ipv6HostsAreKeptInBrackets() {
        assertThat(DatabaseUrl.parse("postgresql://u:p@[::1]:5432/mana_sync").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/mana_sync");
        assertThat(DatabaseUrl.parse("postgresql://[2001:db8::2]/x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[2001:db8::2]/x");
        assertThat(DatabaseUrl.parse("postgresql://[::1]:5432,db2:5433/x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432,db2:5433/x");
    }

    @Test
    void queryParametersAreMappedToPgjdbcNames() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u@db/x?sslmode=require&application_name=mana%20ai"
                + "&connect_timeout=5&target_session_attrs=read-write&sslrootcert=%2Fetc%2Fca.pem");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/x?sslmode=require&ApplicationName=mana+ai"
                + "&connectTimeout=5&targetServerType=primary&sslrootcert=%2Fetc%2Fca.pem");
    }

    @ParameterizedTest
    @CsvSource({"any,any", "read-write,primary", "primary,primary", "read-only,secondary", "standby,secondary",
            "prefer-standby,preferSecondary"})
    void targetSessionAttrsValuesAreTranslated(String libpq, String pgjdbc) {
        assertThat(DatabaseUrl.parse("postgresql://db/x?target_session_attrs=" + libpq).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/x?targetServerType=" + pgjdbc);
    }

    @Test
    void unknownTargetSessionAttrsIsRefused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db/x?target_session_attrs=fastest"))
                .hasMessage("target_session_attrs must be one of any, prefer-standby, primary, read-only,"
                        + " read-write, standby, got \"fastest\"");
    }

    @Test
    void userAndPasswordInTheQueryAreCredentialsNotUrlParameters() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://db/x?user=mana&password=s%26cret&sslmode=disable");
        assertThat(url.user()).contains("mana");
        assertThat(url.password()).contains("s&cret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db/x?sslmode=disable");
    }

    @Test
    void databaseNameIsDecodedThenReEncoded() {
        assertThat(DatabaseUrl.parse("postgresql://db/mana%20sync").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/mana%20sync");
    }

    @Test
    void jdbcUrlsPassThroughUnchanged() {
        String jdbc = "jdbc:postgresql://db1:5432,db2/mana_sync?user=mana&password=pw&sslmode=require";
        DatabaseUrl url = DatabaseUrl.parse("  " + jdbc + " ");
        assertThat(url.jdbcUrl()).isEqualTo(jdbc);
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql://u:p@db:abc/x|port of host \"db:abc\" must be 1-65535, got \"abc\"",
            "postgresql://db:0/x|port of host \"db:0\" must be 1-65535, got \"0\"",
            "postgresql://db:65536/x|port of host \"db:65536\" must be 1-65535, got \"65536\"",
            "postgresql://[::1]:x/db|port of host \"[::1]:x\" must be 1-65535, got \"x\"",
            "postgresql://[::1/db|unterminated IPv6 address in host \"[::1\"",
            "postgresql://[::1]5432/db|bad host \"[::1]5432\"",
            "postgresql://db1,,db2/x|empty host name",
            "postgresql://:5432/x|empty host name",
            "postgresql://u:p%zz@db/x|bad percent-encoding in the password",
            "postgresql://db/x?host=%2Ftmp|the host query parameter (Unix sockets) is not supported;"
                    + " give host:port in the URL",
            "mysql://db/x|must start with postgresql://, postgres:// or jdbc:postgresql:",
            "jdbc:mysql://db/x|must start with postgresql://, postgres:// or jdbc:postgresql:",
    })
    void malformedUrlsAreRefusedWithAReason(String url, String reason) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://mana:hunter2@db/x").toString())
                .isEqualTo("jdbc:postgresql://db/x (user mana)");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/x?user=mana&password=hunter2&ssl=true").toString())
                .isEqualTo("jdbc:postgresql://db/x?user=mana&password=***&ssl=true");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/x?PASSWORD=hunter2").toString())
                .doesNotContain("hunter2");
        assertThat(DatabaseUrl.parse("postgresql://mana@db/x?sslmode=verify-full&sslpassword=hunter2").toString())
                .isEqualTo("jdbc:postgresql://db/x?sslmode=verify-full&sslpassword=*** (user mana)");
    }

    @Test
    void withDatabaseKeepsHostsQueryAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@db1,db2:5433/x?sslmode=require");
        assertThat(url.withDatabase("other db")).isEqualTo(new DatabaseUrl(
                "jdbc:postgresql://db1,db2:5433/other%20db?sslmode=require", Optional.of("u"), Optional.of("p")));
    }

    @Test
    void withUserReplacesTheCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@db/x").withUser("svc", Optional.empty());
        assertThat(url.user()).contains("svc");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void theRecordRefusesNonPostgresJdbcUrls() {
        assertThatThrownBy(() -> new DatabaseUrl("jdbc:mysql://db/x", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
