package io.testbed.plugins.compose.edit;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a {@link ProjectPlan}: each changed file with {@link ComposeWriter}'s lock, unchanged-bytes
 * check and atomic rename, then reads it back; env files first, then the override file, the base
 * last. Files cannot change together atomically; a run stopped half-way leaves files that a re-run
 * plans around (a file already written reads as up to date).
 */
public final class ProjectWriter {

  /**
   * The plan finally applied (after any re-planning), the files written and their backups, and
   * what the writes have to tell the user ({@link ComposeWriter.Result#warnings}).
   */
  public record Written(
      ProjectPlan plan, List<Path> files, List<Path> backups, List<String> warnings) {
    public Written {
      files = List.copyOf(files);
      backups = List.copyOf(backups);
      warnings = List.copyOf(warnings);
    }

    public boolean written() {
      return !files.isEmpty();
    }
  }

  private ProjectWriter() {}

  /** The directory of a file to be created (e.g. {@code envs/} of a template not yet set up). */
  private static void createParent(FileEdit edit) {
    Path dir = edit.path().toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ComposeException.of(Kind.IO, edit.label(), "cannot create the directory " + dir
          + ": " + e, "Create it, or check its permissions, then run the command again.", e);
    }
  }

  /** The file as written must read back as the planned text. */
  private static void readBack(FileEdit edit) {
    String now;
    try {
      now = Files.readString(edit.path(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ComposeException.of(Kind.IO, edit.label(), "cannot read the file back: " + e,
          "Check the file, then run the command again.", e);
    }
    if (!now.equals(edit.after())) {
      throw ComposeException.of(Kind.IO, edit.label(),
          "the file does not read back as written (another process changed it?)",
          "Check the file, then run the command again.");
    }
  }

  /**
   * Applies the plan. When a file changed since it was read, or another process holds its lock,
   * asks {@code replan} for a plan against the files as they are now and goes on (up to {@value
   * ComposeWriter#CONFLICT_ATTEMPTS} attempts in all). Writes nothing when the plan refuses a
   * service.
   *
   * @param backup keep each previous file as {@code FILE.bak}
   * @throws ComposeException CONFLICT when files keep changing; IO on file system errors
   */
  public static Written write(ProjectPlan plan, boolean backup, Supplier<ProjectPlan> replan) {
    ProjectPlan current = plan;
    List<Path> files = new ArrayList<>();
    List<Path> backups = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Path permissions = plan.project().base().path().orElse(null);
    for (int attempt = 1; ; attempt++) {
      if (!current.changed() || !current.refusals().isEmpty()) {
        return new Written(current, files, backups, warnings);
      }
      try {
        for (FileEdit edit : current.files()) {
          if (edit.creates()) {
            createParent(edit);
          }
          ComposeWriter.Result r = ComposeWriter.write(edit.path(),
              edit.before().getBytes(StandardCharsets.UTF_8),
              edit.after(), backup, permissions == null ? edit.path() : permissions);
          readBack(edit);
          files.add(edit.path());
          r.backup().ifPresent(backups::add);
          warnings.addAll(r.warnings());
        }
        return new Written(current, files, backups, warnings);
      } catch (ComposeException e) {
        if (e.kind() != Kind.CONFLICT || attempt >= ComposeWriter.CONFLICT_ATTEMPTS) {
          throw e;
        }
        ComposeWriter.pause(attempt);
        current = replan.get();
      }
    }
  }
}
