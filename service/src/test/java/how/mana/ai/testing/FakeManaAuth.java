package how.mana.ai.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * mana-auth as the audit endpoint meets it: a JWKS at {@code /api/v1/auth/jwks} on a free local port, serving the
 * Ed25519 keys it signs user tokens with. Tokens are signed with the JDK's own EdDSA, independent of the library
 * that verifies them.
 */
public final class FakeManaAuth implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();

    /** An Ed25519 key pair under a {@code kid}. */
    public record SigningKey(String kid, KeyPair pair) {
        /** The raw 32-byte public key: the end of its X.509 encoding. */
        byte[] rawPublicKey() {
            byte[] spki = pair.getPublic().getEncoded();
            return Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        }
    }

    private FakeManaAuth(HttpServer server) {
        this.server = server;
    }

    public static FakeManaAuth start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeManaAuth auth = new FakeManaAuth(server);
        server.createContext("/api/v1/auth/jwks", auth::serveKeys);
        server.start();
        return auth;
    }

    /** The base URL, as {@code MANA_AUTH_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI jwksUrl() {
        return URI.create(url() + "/api/v1/auth/jwks");
    }

    /** How often the JWKS was fetched. */
    public int fetches() {
        return fetches.get();
    }

    public static SigningKey newKey(String kid) {
        try {
            return new SigningKey(kid, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves exactly these keys from now on. */
    public void publish(SigningKey... keys) {
        published.clear();
        published.addAll(List.of(keys));
    }

    /** A compact JWS: {@code alg: EdDSA} with the key's {@code kid}, the claims as given, signed by {@code key}. */
    public static String token(SigningKey key, Map<String, Object> claims) {
        return token(key, Map.of("alg", "EdDSA", "typ", "JWT", "kid", key.kid()), claims);
    }

    /** A compact JWS with the given header, signed by {@code key} whatever the header says. */
    public static String token(SigningKey key, Map<String, Object> header, Map<String, Object> claims) {
        String signingInput = part(header) + "." + part(claims);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key.pair().getPrivate());
            ed25519.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT ({@code alg: none}, empty signature). */
    public static String unsignedToken(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + ".";
    }

    private static String part(Map<String, Object> json) {
        try {
            return URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serveKeys(HttpExchange exchange) throws IOException {
        try (exchange) {
            fetches.incrementAndGet();
            ObjectNode jwks = JSON.createObjectNode();
            ArrayNode keys = jwks.putArray("keys");
            for (SigningKey key : published) {
                keys.addObject().put("kty", "OKP").put("crv", "Ed25519").put("alg", "EdDSA").put("use", "sig")
                        .put("kid", key.kid()).put("x", URL.encodeToString(key.rawPublicKey()));
            }
            byte[] body = JSON.writeValueAsBytes(jwks);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
