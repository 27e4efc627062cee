package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing: fixtures with characters flipped, inserted and deleted (control characters and
 * YAML 1.1 line breaks among them), indentation broken, tabs, stray anchors and aliases, duplicated
 * lines (duplicate keys), long lines (runs of up to 300,000 characters, quoted or not), deep nesting
 * and alias bombs.
 * For every case: the only exception is {@link ComposeException}; a plan that is returned passes
 * the independent checks; on any error a file on disk is left byte for byte as it was. CI runs 300
 * cases; {@code -Dgroups=slow -DexcludedGroups= -Dfuzz.cases=10000} runs more.
 */
class MutationFuzzTest {
  private static final String[] INSERTS = {
    ":", "-", "- ", "\"", "'", "#", " #", "\t", "\n", "\r\n", " ", "  ", "&a ", "*a", "*b ",
    "{", "}", "[", "]", ",", "|", ">", "!reset ", "!override ", "<<: *a\n", "? ", "%", "@", "`",
    "\uFEFF", "\ud83d\ude80", "\u0000", "environment:", "environment: *a", "=", "$", "~", "\\",
    "---\n", "...\n", "&a", "!!str ", "!!binary ", "\u2028", "\u2029", "\u0085", "\u007f",
    "\u0001", "\u001b", "\u009f", "\ufffe", "\t#", " \t"
  };

  /** Long runs inserted whole: long lines of every kind a value, key or comment can hold. */
  private static final String[] LONG_RUNS = {"x", "ab ", " ", "\\", "\"", "'", "''", "#", "a: ",
    "A=b,", "[", "{a: ", "- "};

  @TempDir Path dir;

  private static final Map<String, Integer> REASONS = new java.util.concurrent.ConcurrentSkipListMap<>();

  @Test
  void mutatedInputsNeverCrashNorProduceAnUnverifiedEdit() throws IOException {
    run(Integer.getInteger("fuzz.cases", 300), 7);
  }

  @Test
  @Tag("slow")
  void manyMutatedInputsNeverCrash() throws IOException {
    run(Integer.getInteger("fuzz.cases", 10_000), Long.getLong("fuzz.seed", 1_000_003L));
  }

  @Test
  void aliasBombsAreHandledWithoutBlowingUp() {
    StringBuilder sb = new StringBuilder("x-0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (int i = 1; i <= 12; i++) {
      sb.append("x-").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    sb.append("x-env: &env\n  <<: [");
    sb.append("{A: 1}, ".repeat(3)).append("{B: 2}]\n");
    sb.append("services:\n  w:\n    image: securing-ai/tensorflow2-cpu\n    command: *a12\n")
        .append("    environment: *env\n  v:\n    image: x\n    labels: *a12\n");
    long t0 = System.nanoTime();
    ComposeFile f = ComposeFile.parse("bomb.yml", sb.toString());
    ComposePlan plan = EnvEdit.plan(f,
        WorkerSelector.workers(WorkerSelector.select(f, WorkerSelection.allServices())),
        Map.of("X", "1"));
    assertThat(plan.changed()).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
  }

  private void run(int cases, long seed) throws IOException {
    List<String> seeds = seedTexts();
    Random rnd = new Random(seed);
    List<String> problems = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < cases; i++) {
      String text = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
      String outcome;
      try {
        outcome = one(text, rnd, i % 10 == 0);
      } catch (ComposeException e) {
        outcome = "rejected " + e.kind();
        if (e.kind() == ComposeException.Kind.INTERNAL) {
          problems.add("internal error (verification caught a bad edit): " + e.getMessage()
              + "\n" + text);
        }
        if (!e.getMessage().startsWith(e.label().orElse("")) || e.getMessage().isBlank()) {
          problems.add("message without place: " + e.getMessage());
        }
      } catch (Throwable t) {
        outcome = "CRASH " + t.getClass().getSimpleName();
        problems.add(t + "\n" + text);
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    System.out.printf("fuzz: %d cases: %s%n", cases, outcomes);
    REASONS.forEach((r, n) -> System.out.println("  refusal " + n + "x: " + r));
    REASONS.clear();
    problems.stream().limit(5).forEach(p -> System.out.println("PROBLEM " + p));
    assertThat(problems).isEmpty();
  }

  /** Plans (and for some cases writes) one mutated text; returns what happened. */
  private String one(String text, Random rnd, boolean viaFile) throws IOException {
    ComposeFile f;
    Path p = null;
    byte[] before = text.getBytes(StandardCharsets.UTF_8);
    if (viaFile) {
      p = dir.resolve("docker-compose.yml");
      Files.write(p, before);
    }
    try {
      f = viaFile ? ComposeFile.read(p) : ComposeFile.parse("fuzz.yml", text);
      List<String> names = f.serviceNames();
      List<String> selected = new ArrayList<>();
      for (String n : names) {
        if (rnd.nextBoolean()) {
          selected.add(n);
        }
      }
      Map<String, String> vars = Map.of(rnd.nextBoolean() ? "AI_PLUGINS_S3_URI" : "A",
          rnd.nextBoolean() ? "s3://plugins/x" : "on: $x #");
      ComposePlan plan = EnvEdit.plan(f, selected, vars);
      List<String> issues;
      try {
        issues = EditChecks.check(f.text(), plan, selected, vars);
      } catch (RuntimeException independentFailure) {
        // The independent reader refuses some inputs the editor accepts (e.g. alias limits).
        issues = plan.changed() ? List.of("independent reading failed: " + independentFailure) : List.of();
      }
      if (!issues.isEmpty()) {
        throw new AssertionError(issues.toString());
      }
      if (viaFile) {
        ComposeWriter.write(plan, rnd.nextBoolean());
        assertThat(Files.readString(p)).isEqualTo(plan.newText());
      }
      plan.refusals().forEach(r -> REASONS.merge(
          r.reason().replaceAll("\\(.*|;.*", "").replaceAll("service[s]? \\S+", "service …"),
          1, Integer::sum));
      return plan.changed() ? "edited" : plan.refusals().isEmpty() ? "unchanged" : "refused";
    } catch (ComposeException e) {
      if (viaFile) {
        assertThat(Files.readAllBytes(p)).as("file unchanged after an error").isEqualTo(before);
      }
      throw e;
    }
  }

  static String mutate(String text, Random rnd) {
    StringBuilder sb = new StringBuilder(text);
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n; k++) {
      int len = sb.length();
      int at = len == 0 ? 0 : rnd.nextInt(len);
      switch (rnd.nextInt(10)) {
        case 0 -> { // flip a character
          if (len > 0) {
            sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << rnd.nextInt(7))));
          }
        }
        case 1, 2 -> sb.insert(at, INSERTS[rnd.nextInt(INSERTS.length)]);
        case 3 -> { // delete a range
          if (len > 0) {
            sb.delete(at, Math.min(len, at + 1 + rnd.nextInt(6)));
          }
        }
        case 4 -> { // break the indentation of a line
          int ls = sb.lastIndexOf("\n", at) + 1;
          if (rnd.nextBoolean()) {
            sb.insert(ls, rnd.nextBoolean() ? " " : "\t");
          } else if (ls < sb.length() && sb.charAt(ls) == ' ') {
            sb.deleteCharAt(ls);
          }
        }
        case 5 -> { // duplicate a line (duplicate keys)
          int ls = sb.lastIndexOf("\n", at) + 1;
          int le = sb.indexOf("\n", at);
          if (le > ls) {
            sb.insert(le + 1, sb.substring(ls, le + 1));
          }
        }
        case 6 -> { // deep nesting
          int d = 1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 400);
          sb.insert(at, "[".repeat(d) + "x" + "]".repeat(d));
        }
        case 7 -> { // stray anchor or alias before a value
          int colon = sb.indexOf(": ", at);
          if (colon > 0) {
            sb.insert(colon + 2, rnd.nextBoolean() ? "&a " : "*a ");
          }
        }
        case 8 -> { // a long line: a long run, maybe quoted or after a comment mark
          String unit = LONG_RUNS[rnd.nextInt(LONG_RUNS.length)];
          String run = unit.repeat((1_000 + rnd.nextInt(rnd.nextBoolean() ? 10_000 : 300_000))
              / unit.length());
          String[] wraps = {"", "\"", "'", " # "};
          String wrap = wraps[rnd.nextInt(wraps.length)];
          sb.insert(at, wrap + run + (wrap.startsWith(" ") ? "" : wrap));
        }
        default -> { // swap CRLF
          String s = sb.toString();
          sb.setLength(0);
          sb.append(s.contains("\r\n") ? s.replace("\r\n", "\n") : s.replace("\n", "\r\n"));
        }
      }
    }
    return sb.toString();
  }

  static List<String> seedTexts() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(GoldenCase.dir())) {
      for (Path p : files.filter(x -> x.toString().endsWith(".yml")).sorted().toList()) {
        out.add(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    try {
      out.add(Files.readString(SeedFixtureTest.fixture(), StandardCharsets.UTF_8));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    for (long s = 1; s <= 20; s++) {
      ComposeGenerator g = new ComposeGenerator(s);
      out.add(g.document(1 + g.random().nextInt(5)));
    }
    return out;
  }
}
