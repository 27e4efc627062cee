package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded random compose documents (mixed forms, comments, indents, CRLF, BOM) edited and checked by
 * an independent reading. CI runs 400 cases; {@code -Dgenerated.cases=N} runs more.
 */
class GeneratedInputTest {

  @Test
  void randomDocumentsAreEditedCorrectlyAndIdempotently() {
    run(Integer.getInteger("generated.cases", 400), 1);
  }

  @Test
  @Tag("slow")
  void manyRandomDocumentsAreEditedCorrectly() {
    run(Integer.getInteger("generated.cases", 20_000), 1_000_000);
  }

  private static void run(int cases, long firstSeed) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> refusals = new TreeMap<>();
    int edited = 0;
    for (long seed = firstSeed; seed < firstSeed + cases; seed++) {
      ComposeGenerator g = new ComposeGenerator(seed);
      String text = g.document(1 + g.random().nextInt(6));
      try {
        ComposeFile f = ComposeFile.parse("gen-" + seed + ".yml", text);
        List<String> selected = g.pickServices(f.serviceNames());
        Map<String, String> vars = g.vars();
        ComposePlan plan = EnvEdit.plan(f, selected, vars);
        if (plan.changed()) {
          edited++;
        }
        plan.refusals().forEach(r -> refusals.merge(r.reason().replaceAll("s\\d+", "sN"), 1, Integer::sum));
        for (String p : EditChecks.check(text, plan, selected, vars)) {
          problems.add("seed " + seed + ": " + p + "\n" + text);
        }
      } catch (RuntimeException e) {
        problems.add("seed " + seed + ": " + e + "\n" + text);
      }
    }
    System.out.printf("generated: %d cases, %d edited, refusals %s%n", cases, edited, refusals);
    problems.stream().limit(5).forEach(System.out::println);
    assertThat(problems).isEmpty();
    assertThat(edited).isGreaterThan(cases / 2);
  }
}
