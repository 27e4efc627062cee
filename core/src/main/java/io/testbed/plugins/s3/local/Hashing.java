package io.testbed.plugins.s3.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Streaming content hashes: the local files' MD5s here, and in {@code s3} the MD5s an upload sends
 * (whole files, buffered content, multipart parts) and their Content-MD5 form.
 */
public final class Hashing {
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private Hashing() {}

  /** The MD5 of a file's content in lower-case hex, read in 64 KiB chunks. */
  public static String md5(Path file) throws IOException {
    MessageDigest md = newMd5();
    byte[] buf = BUFFER.get();
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The MD5 of {@code content} in lower-case hex. */
  public static String md5(byte[] content) {
    return HexFormat.of().formatHex(newMd5().digest(content));
  }

  /** A new MD5 digest. */
  public static MessageDigest newMd5() {
    return digest("MD5");
  }

  static MessageDigest newSha256() {
    return digest("SHA-256");
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hex MD5 as the base64 a Content-MD5 header carries. */
  public static String base64(String hexMd5) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexMd5));
  }
}
