package io.testbed.plugins.compose;

import io.testbed.plugins.PositionedException;
import io.testbed.plugins.yaml.Source;
import io.testbed.plugins.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compose package's one exception. Its message is complete: {@code path:line:col: message},
 * then the source line with a caret under the column, then what to do. Positions are 1-based; a
 * problem without a place renders as {@code path: message}.
 */
public final class ComposeException extends PositionedException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is, for callers that react differently (e.g. retry a conflict). */
  public enum Kind {
    /** The input is not a valid compose file. */
    INVALID,
    /** Bad request: unknown service, bad variable name. */
    USAGE,
    /** The file changed on disk, or another process holds the edit lock. Re-reading may help. */
    CONFLICT,
    /** Reading or writing the file failed. */
    IO,
    /** A bug: the planned edit did not verify. Nothing was written. */
    INTERNAL
  }

  private final Kind kind;

  ComposeException(
      Kind kind, String label, int line, int column, String problem, String snippet, String hint,
      Throwable cause) {
    super(label, line, column, problem, snippet, hint, cause);
    this.kind = kind;
  }

  /** A problem of a whole file (or of no file: {@code label} null); public for the subpackages. */
  public static ComposeException of(Kind kind, String label, String problem, String hint) {
    return new ComposeException(kind, label, 0, 0, problem, null, hint, null);
  }

  public static ComposeException of(
      Kind kind, String label, String problem, String hint, Throwable cause) {
    return new ComposeException(kind, label, 0, 0, problem, null, hint, cause);
  }

  /** A problem at a place in a file's text. */
  public static ComposeException at(
      Source src, Kind kind, int offset, String problem, String hint) {
    return at(src, kind, offset, problem, hint, null);
  }

  public static ComposeException at(
      Source src, Kind kind, int offset, String problem, String hint, Throwable cause) {
    return new ComposeException(kind, src.label, src.displayLine(offset),
        src.displayColumn(offset), problem, src.snippet(offset), hint, cause);
  }

  /**
   * Reading or writing was refused on {@code denied} (the file, or the directory a temp or lock
   * file goes in): the message names its owner and the user this runs as; the fix is to run as
   * the owner ({@code docker run -u UID:GID} in a container) or as root.
   *
   * @param doing {@code read} or {@code write}
   */
  public static ComposeException permissionDenied(
      String label, Path denied, String doing, String unchanged, Throwable cause) {
    String owner = "";
    String fix = "its owner";
    try {
      Path p = Files.exists(denied) ? denied : denied.toAbsolutePath().getParent();
      String uid = Files.getAttribute(p, "unix:uid") + ":" + Files.getAttribute(p, "unix:gid");
      Path self = Path.of("/proc/self");
      owner = "; " + p + " belongs to " + uid + (Files.exists(self) ? ", and this runs as "
          + Files.getAttribute(self, "unix:uid") + ":" + Files.getAttribute(self, "unix:gid") : "");
      fix = "its owner (in a container: docker run -u " + uid + ")";
    } catch (IOException | RuntimeException e) {
      // no owner to name (not a POSIX file system)
    }
    return of(Kind.IO, label, "permission denied: cannot " + doing + " " + denied + owner,
        "Run as " + fix + " or as root; " + unchanged, cause);
  }

  /** The YAML layer's refusal of a file, with the same message: the file is not valid. */
  static ComposeException invalid(YamlException e) {
    return new ComposeException(Kind.INVALID, e.label().orElse(null), e.line(), e.column(),
        e.problem(), e.snippet(), e.hint(), e);
  }

  public Kind kind() {
    return kind;
  }
}
