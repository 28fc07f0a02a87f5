package how.mana.ai.http;

import how.mana.ai.auth.TokenCheck;
import how.mana.ai.auth.UserTokens;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code GET /api/v1/me/ai-audit} (SPEC §17.3): the decrypt audit for the user's own devices. The user is the
 * {@code sub} of a mana-auth token ({@code Authorization: Bearer …}); the service key grants nothing here, and no
 * token reads another user's rows. Refusals are 401 in plain text, as upstream answers them.
 */
final class AiAuditRoute {
    static final String PATH = "/api/v1/me/ai-audit";
    private static final String BEARER = "Bearer ";

    private final UserTokens tokens;
    private final AuditRows rows;

    AiAuditRoute(UserTokens tokens, AuditRows rows) {
        this.tokens = tokens;
        this.rows = rows;
    }

    void answer(Context ctx) throws Exception {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.startsWith(BEARER)) {
            refuse(ctx, "Missing authorization header");
            return;
        }
        switch (tokens.check(authorization.substring(BEARER.length()))) {
            case TokenCheck.Invalid invalid -> refuse(ctx, "Invalid or expired token");
            case TokenCheck.NoSubject noSubject -> refuse(ctx, "Token missing subject claim");
            case TokenCheck.Verified user -> ctx.json(rows.rowsOf(user.userId(),
                    Optional.ofNullable(ctx.queryParam("missionId")).filter(m -> !m.isEmpty()),
                    AuditLimit.parse(ctx.queryParam("limit"))));
        }
    }

    private static void refuse(Context ctx, String message) {
        ctx.status(401).contentType("text/plain; charset=utf-8").result(message);
    }
}
