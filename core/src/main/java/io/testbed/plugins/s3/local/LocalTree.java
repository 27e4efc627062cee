package io.testbed.plugins.s3.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The regular files under a local directory, sorted by relative path.
 *
 * <p>Symbolic links are followed when they point inside the root; links that leave the root,
 * dangling links, link loops and names that are not valid UTF-8 are skipped with a warning.
 *
 * @param root the directory
 * @param exists whether the directory exists
 * @param files the files that passed the filters
 * @param warnings what was skipped, one message each
 */
public record LocalTree(Path root, boolean exists, List<LocalFile> files, List<String> warnings) {

  public LocalTree {
    files = files.stream().sorted(Comparator.comparing(LocalFile::path)).toList();
    warnings = List.copyOf(warnings);
  }

  /** A tree built in memory (planner tests). */
  public static LocalTree of(Path root, List<LocalFile> files) {
    return new LocalTree(root, true, files, List.of());
  }

  public long totalBytes() {
    return files.stream().mapToLong(LocalFile::size).sum();
  }

  /**
   * Lists the files under {@code root}. A missing root lists as empty with {@code exists} false.
   *
   * @throws LocalException when the root is not a directory or a directory cannot be read
   */
  public static LocalTree scan(Path root, Filters filters) {
    Path absRoot = root.toAbsolutePath().normalize();
    if (!Files.exists(absRoot)) {
      return new LocalTree(absRoot, false, List.of(), List.of());
    }
    if (!Files.isDirectory(absRoot)) {
      throw new LocalException(
          absRoot + " is a file, not a directory; give the plugin directory itself");
    }
    Path realRoot;
    try {
      realRoot = absRoot.toRealPath();
    } catch (IOException e) {
      throw new LocalException("cannot read " + absRoot + ": " + e.getMessage(), e);
    }
    return walk(absRoot, realRoot, absRoot, filters);
  }

  /**
   * Lists the files at or under {@code under} (a relative file or directory, or a path that is
   * gone) as a scan of the whole {@code root} lists them there.
   */
  public static LocalTree scan(Path root, Filters filters, String under) {
    Path absRoot = root.toAbsolutePath().normalize();
    Path start = absRoot.resolve(under).normalize();
    try {
      return start.startsWith(absRoot) && Files.exists(start)
          ? walk(absRoot, absRoot.toRealPath(), start, filters)
          : new LocalTree(absRoot, Files.isDirectory(absRoot), List.of(), List.of());
    } catch (NoSuchFileException e) {
      return new LocalTree(absRoot, Files.isDirectory(absRoot), List.of(), List.of());
    } catch (IOException e) {
      throw new LocalException("cannot read " + start + ": " + e.getMessage(), e);
    }
  }

  private static LocalTree walk(Path absRoot, Path realRoot, Path start, Filters filters) {
    Walker walker = new Walker(absRoot, realRoot, filters.matcher(), !filters.includes().isEmpty());
    try {
      Files.walkFileTree(
          start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walker);
    } catch (AccessDeniedException e) {
      throw new LocalException(
          "cannot read " + e.getFile() + ": permission denied; check the directory's permissions",
          e);
    } catch (IOException e) {
      throw new LocalException("cannot read " + absRoot + ": " + e, e);
    }
    return new LocalTree(absRoot, true, walker.files, walker.warnings);
  }

  /** The {@code /}-separated path of {@code file} relative to {@code root}. */
  public static String relative(Path root, Path file) {
    String rel = root.relativize(file).toString();
    return file.getFileSystem().getSeparator().equals("/")
        ? rel
        : rel.replace(file.getFileSystem().getSeparator(), "/");
  }

  private static final class Walker extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Path realRoot;
    private final Filters.Matcher matcher;
    private final boolean hasIncludes;
    final List<LocalFile> files = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Walker(Path root, Path realRoot, Filters.Matcher matcher, boolean hasIncludes) {
      this.root = root;
      this.realRoot = realRoot;
      this.matcher = matcher;
      this.hasIncludes = hasIncludes;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      if (dir.equals(root)) {
        if (!Files.isReadable(dir)) {
          throw new AccessDeniedException(dir.toString());
        }
        return FileVisitResult.CONTINUE;
      }
      String rel = relative(root, dir);
      if (!hasIncludes && !matcher.accepts(rel + "/")) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (!insideRoot(dir, rel)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (rel.indexOf('\uFFFD') >= 0) {
        warnings.add(undecodable(rel));
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      String rel = relative(root, file);
      if (!attrs.isRegularFile()) {
        if (attrs.isSymbolicLink()) {
          warnings.add("skipped " + rel + ": dangling symbolic link");
        } else if (!attrs.isDirectory()) {
          warnings.add("skipped " + rel + ": not a regular file");
        }
        return FileVisitResult.CONTINUE;
      }
      if (!matcher.accepts(rel)) {
        return FileVisitResult.CONTINUE;
      }
      if (rel.indexOf('\uFFFD') >= 0) {
        warnings.add(undecodable(rel));
        return FileVisitResult.CONTINUE;
      }
      if (!insideRoot(file, rel)) {
        return FileVisitResult.CONTINUE;
      }
      files.add(new LocalFile(rel, attrs.size(), attrs.lastModifiedTime().toMillis(), null));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      String rel = relative(root, file);
      if (e instanceof FileSystemLoopException) {
        warnings.add("skipped " + rel + ": symbolic link loop");
        return FileVisitResult.CONTINUE;
      }
      if (e instanceof NoSuchFileException && Files.isSymbolicLink(file)) {
        warnings.add("skipped " + rel + ": dangling symbolic link");
        return FileVisitResult.CONTINUE;
      }
      if (e instanceof NoSuchFileException) {
        return FileVisitResult.CONTINUE; // deleted while the tree was walked: not there any more
      }
      throw e;
    }

    /** False (with a warning) for a symbolic link whose target is outside the root. */
    private boolean insideRoot(Path p, String rel) {
      if (!Files.isSymbolicLink(p)) {
        return true;
      }
      try {
        Path target = p.toRealPath();
        if (target.startsWith(realRoot)) {
          return true;
        }
        warnings.add(
            "skipped " + rel + ": symbolic link to " + target + ", outside " + root);
      } catch (IOException e) {
        warnings.add("skipped " + rel + ": cannot resolve symbolic link: " + e.getMessage());
      }
      return false;
    }

    private static String undecodable(String rel) {
      return "skipped "
          + rel
          + ": the file name is not valid UTF-8 (or the JVM's file name encoding is not UTF-8:"
          + " run with LANG=C.UTF-8); rename it";
    }
  }
}
