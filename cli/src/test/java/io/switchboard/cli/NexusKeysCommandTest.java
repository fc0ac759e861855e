package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.auth.ApiKeys;
import io.switchboard.core.auth.Ed25519Keys;
import io.switchboard.testing.NexusDriver;
import io.switchboard.testing.TestServer;
import io.switchboard.testing.WsProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard keys} and {@code switchboard kb} against the store and index a running server uses. */
class NexusKeysCommandTest {
  @TempDir
  Path dataDir;
  @TempDir
  Path docs;

  private record Result(int code, String out, String err) {}

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = Stream.concat(Stream.of(args), Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Result(code, out.toString().strip(), err.toString().strip());
  }

  @Test
  void anApiKeyIsPrintedOnceStoredAsAHashAndOpensANexusSocket() throws Exception {
    try (TestServer server = TestServer.start(dataDir)) {
      Result created = cli("keys", "create-api-key", "--sub", "reporting", "--name", "nightly report");
      assertThat(created.code()).as(created.err()).isZero();
      String key = created.out();
      assertThat(key).startsWith("sbk_").hasSize(4 + 43);
      assertThat(created.err()).contains("shown only this once");

      Result list = cli("keys", "list");
      assertThat(list.out()).contains("reporting").contains("nightly report").doesNotContain(key);
      String hash = server.server().serviceKeys().list().toCompletionStage().toCompletableFuture().join().get(0).keyHash();
      assertThat(hash).isEqualTo(ApiKeys.hash(key)).hasSize(64);

      NexusDriver nexus = new NexusDriver(server);
      try (WsProbe ws = nexus.connectWithKey(key)) {
        assertThat(ws.seen().get(0).path("payload").path("user").asText()).isEqualTo("reporting");
      }
      String keyId = list.out().split("\\s+")[1];
      assertThat(cli("keys", "revoke", keyId).code()).isZero();
      try (WsProbe ws = WsProbe.connectWithHeader(nexus.url(), "x-api-key", key)) {
        assertThat(ws.await("auth").path("payload").path("code").asText()).isEqualTo("INVALID_API_KEY");
      }
    }
  }

  @Test
  void aRegisteredPublicKeyPassesTheChallengeAndCannotBeRegisteredTwice() {
    KeyPair pair = NexusDriver.newKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
    try (TestServer server = TestServer.start(dataDir)) {
      Result added = cli("keys", "add", "--sub", "laptop-7", "--pubkey", pem, "--team", "default");
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.out()).contains("laptop-7").contains("teams default");
      String hex = Ed25519Keys.canonical(Ed25519Keys.raw(pair.getPublic()));
      Result again = cli("keys", "add", "--sub", "someone-else", "--pubkey", hex);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.out()).isEqualTo("error: this public key is already registered");

      try (WsProbe ws = WsProbe.connect(new NexusDriver(server).url())) {
        String challenge = ws.await("auth_challenge").path("payload").path("challenge").asText();
        ws.send(NexusDriver.challengeAnswer("a-1", hex, NexusDriver.sign(pair.getPrivate(), challenge), challenge));
        JsonNode auth = ws.await("auth");
        assertThat(auth.path("payload").path("status").asText()).isEqualTo("success");
        assertThat(auth.path("payload").path("user").asText()).isEqualTo("laptop-7");
      }
    }
  }

  @Test
  void kbAddLoadsATeamThatARunningServerAnswersFrom() throws Exception {
    Files.createDirectories(docs.resolve("guides"));
    Files.writeString(docs.resolve("guides/tape.md"), "# Tape machines\n\n## Bias\n\nCalibrate the bias of the "
        + "quarzite tape deck before every session.\n");
    Files.writeString(docs.resolve("notes.txt"), "The quarzite deck lives in room B.");
    Files.writeString(docs.resolve("image.png"), "not a document");
    try (TestServer server = TestServer.start(dataDir)) {
      Result added = cli("kb", "add", "--team", "studio-b", docs.toString());
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.out()).startsWith("loaded 2 document(s) into team studio-b");
      assertThat(cli("kb", "list").out()).contains("studio-b").contains("default");

      NexusDriver nexus = new NexusDriver(server);
      try (WsProbe ws = nexus.connectWithKey(nexus.apiKey("svc"))) {
        ws.send(NexusDriver.message("ask", "q-1", io.switchboard.protocol.Json.object()
            .put("query", "quarzite bias").put("team_id", "studio-b")));
        JsonNode p = ws.await("response").path("payload");
        assertThat(p.path("answer").asText()).contains("Calibrate the bias").contains("guides/tape.md");
      }
      assertThat(cli("kb", "remove", "--team", "studio-b").out()).startsWith("removed 2 passages");
    }
    assertThat(cli("kb", "add", "--team", "bad team!", docs.toString()).code()).isNotZero();
  }
}
