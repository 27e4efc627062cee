package io.testbed.plugins.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which relative paths take part in a sync. A path is excluded when it matches an exclude pattern
 * (the defaults, then the user's) and no include pattern; includes win over excludes.
 *
 * <p>Glob syntax (relative paths use {@code /}): {@code *} matches within one path segment, {@code
 * **} across segments, {@code ?} one character. A pattern without {@code /} matches a file or
 * directory name at any depth ({@code *.pyc}); a pattern ending in {@code /} matches a directory
 * and everything beneath it ({@code __pycache__/}).
 *
 * @param excludes user exclude globs
 * @param includes user include globs
 * @param defaultExcludes whether {@link #DEFAULT_EXCLUDES} apply
 */
public record Filters(List<String> excludes, List<String> includes, boolean defaultExcludes) {

  /** Python's caches, git's directory, macOS's folder files, and editors' swap and backup files. */
  public static final List<String> DEFAULT_EXCLUDES =
      List.of("__pycache__/", "*.pyc", ".git/", ".DS_Store", "*.swp", "*.swx", "*~", ".#*");

  public Filters {
    excludes = List.copyOf(excludes);
    includes = List.copyOf(includes);
  }

  /** The default excludes only. */
  public static Filters defaults() {
    return new Filters(List.of(), List.of(), true);
  }

  /** No filtering at all. */
  public static Filters none() {
    return new Filters(List.of(), List.of(), false);
  }

  /** A compiled matcher. */
  public Matcher matcher() {
    List<Pattern> ex = new ArrayList<>();
    if (defaultExcludes) {
      DEFAULT_EXCLUDES.forEach(g -> ex.add(compile(g)));
    }
    excludes.forEach(g -> ex.add(compile(g)));
    List<Pattern> in = includes.stream().map(Filters::compile).toList();
    return new Matcher(ex, in);
  }

  /** Whether the file at this relative path takes part. */
  public boolean accepts(String relativePath) {
    return matcher().accepts(relativePath);
  }

  /** The filters compiled, for testing many paths. */
  public static final class Matcher {
    private final List<Pattern> excludes;
    private final List<Pattern> includes;

    Matcher(List<Pattern> excludes, List<Pattern> includes) {
      this.excludes = excludes;
      this.includes = includes;
    }

    /** Whether the file at this relative path takes part. */
    public boolean accepts(String relativePath) {
      for (Pattern p : includes) {
        if (p.matcher(relativePath).matches()) {
          return true;
        }
      }
      for (Pattern p : excludes) {
        if (p.matcher(relativePath).matches()) {
          return false;
        }
      }
      return true;
    }
  }

  /** A glob as a regex over the whole relative path. */
  static Pattern compile(String glob) {
    String g = glob.replace('\\', '/');
    boolean dirOnly = g.endsWith("/");
    if (dirOnly) {
      g = g.substring(0, g.length() - 1);
    }
    boolean anchored = g.startsWith("/") || g.contains("/");
    if (g.startsWith("/")) {
      g = g.substring(1);
    }
    StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    // a name pattern also matches everything beneath a matching directory
    re.append(dirOnly ? "/.*" : "(?:/.*)?");
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
