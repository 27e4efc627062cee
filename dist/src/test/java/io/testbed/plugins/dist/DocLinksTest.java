package io.testbed.plugins.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads somewhere inside the repository: the file
 * or directory exists there (nothing beside the clone, which a reader who cloned it does not
 * have), and a {@code #fragment} names a heading of the target page (GitHub's anchors). Inline
 * links, images and reference definitions ({@code [name]: target}) are all checked.
 */
class DocLinksTest {
  private static final Path REPO = Path.of(System.getProperty("repo.dir")).toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (String target : links(page)) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto:
        }
        checked++;
        String problem = problem(page, target);
        if (problem != null) {
          broken.add(REPO.relativize(page) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(checked).as("links checked").isGreaterThan(10);
    assertThat(broken).isEmpty();
  }

  @Test
  void aLinkOutOfTheRepositoryIsReportedAndOneInsideIsNot() throws IOException {
    Path readme = REPO.resolve("README.md");
    assertThat(problem(readme, "../shared/seed/task-plugins-management.rst"))
        .startsWith("outside the repository: ");
    assertThat(problem(readme, "../" + REPO.getFileName() + "/docs/usage.md"))
        .as("out and back in").isNull();
    assertThat(problem(REPO.resolve("docs/usage.md"), "../README.md")).isNull();
    assertThat(problem(REPO.resolve("docs/usage.md"), "../../README.md"))
        .startsWith("outside the repository: ");
  }

  @Test
  void referenceDefinitionsAndImagesAreLinksToo() throws IOException {
    Path page = Files.createTempFile("links", ".md");
    try {
      Files.writeString(page, "See [the guide][g], ![a diagram](../x.png) and [text over\ntwo"
          + " lines](../z.md).\n\n[g]: <../y.md>\n"
          + "```\n[not]: ../in-a-fence.md\n```\n");
      assertThat(links(page)).containsExactly("../x.png", "../z.md", "../y.md");
    } finally {
      Files.delete(page);
    }
  }

  @Test
  void anchorsFollowGitHubsRules() {
    assertThat(anchors(List.of("## compose workers, compose set-env", "### `--dry-run` (and `--check`)", "## Exit codes", "## Exit codes")))
        .containsExactlyInAnyOrder("compose-workers-compose-set-env", "--dry-run-and---check", "exit-codes", "exit-codes-1");
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The link targets of a page, outside fenced code blocks. */
  private static List<String> links(Path page) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      String text = fenced ? "" : line.replaceAll("`[^`]*`(?!\\])", "``");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        targets.add(m.group(1));
      }
      Matcher d = DEFINITION.matcher(text);
      if (d.find()) {
        targets.add(d.group(1));
      }
    }
    return targets;
  }

  /** Null if {@code target}, linked from {@code page}, resolves; else what is wrong. */
  private static String problem(Path page, String target) throws IOException {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!file.startsWith(REPO)) {
      return "outside the repository: " + file;
    }
    if (!Files.exists(file)) {
      return "no such file: " + file;
    }
    if (hash < 0) {
      return null;
    }
    String fragment = target.substring(hash + 1);
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a page that is not Markdown";
    }
    Set<String> anchors = anchors(Files.readAllLines(file, StandardCharsets.UTF_8));
    return anchors.contains(fragment) ? null : "no heading with anchor #" + fragment + " in " + REPO.relativize(file);
  }

  /** GitHub's anchors for the headings among {@code lines}: lower case, punctuation dropped, spaces to '-'. */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String slug = m.group(1).toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }
}
