package io.switchboard.core.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's own 256-bit HS256 secret, created on first start in the data directory with mode
 * 0600 and read back on every later start, so tokens survive restarts.
 */
public final class SecretFile {
  public static final String NAME = "jwt-secret";

  private SecretFile() {}

  public static byte[] loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        create(file, Base64.getEncoder().encodeToString(secret));
      }
      byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      if (secret.length < 32) {
        throw new IllegalStateException(file + " holds fewer than 256 bits");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void create(Path file, String content) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, content + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
