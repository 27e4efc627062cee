package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Diffs;
import io.testbed.plugins.yaml.TextEdit;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffsTest {
  @Test
  void secretValuesAreMaskedInEveryForm() {
    assertThat(Diffs.mask("      DB_PASSWORD: hunter2  # note")).isEqualTo("      DB_PASSWORD: ***  # note");
    assertThat(Diffs.mask("      - AWS_SECRET_ACCESS_KEY=abc")).isEqualTo("      - AWS_SECRET_ACCESS_KEY=***");
    assertThat(Diffs.mask("      - \"API_TOKEN=abc def\"")).isEqualTo("      - \"API_TOKEN=***\"");
    assertThat(Diffs.mask("    environment: {A: 1, MY_SECRET: 's', B: 2}"))
        .isEqualTo("    environment: {A: 1, MY_SECRET: ***, B: 2}");
    assertThat(Diffs.mask("      AWS_ACCESS_KEY_ID: # Replace with desired username"))
        .isEqualTo("      AWS_ACCESS_KEY_ID: # Replace with desired username");
    assertThat(Diffs.mask("      AI_PLUGINS_S3_URI: s3://x")).isEqualTo("      AI_PLUGINS_S3_URI: s3://x");
  }

  @Test
  void wholeValuesAreMaskedInBlockContextIncludingBracesAndCommas() {
    assertThat(Diffs.mask("      AWS_SECRET_ACCESS_KEY: ${MINIO_ROOT_PASSWORD}"))
        .isEqualTo("      AWS_SECRET_ACCESS_KEY: ***");
    assertThat(Diffs.mask("      DB_PASSWORD: a,b}c]d # note"))
        .isEqualTo("      DB_PASSWORD: *** # note");
    assertThat(Diffs.mask("      - MY_TOKEN=${T:-x},y"))
        .isEqualTo("      - MY_TOKEN=***");
    assertThat(Diffs.mask("    environment: {MY_SECRET: ${S}, B: 2}"))
        .isEqualTo("    environment: {MY_SECRET: ***, B: 2}");
  }

  @Test
  void linesAreSplitOnLfCrlfAndCr() {
    assertThat(Diffs.lines("a\r\nb\nc\rd")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void composedEditsDoWhatBothStepsDo() {
    java.util.Random rnd = new java.util.Random(11);
    for (int n = 0; n < 5_000; n++) {
      String text = randomText(rnd, rnd.nextInt(30));
      List<TextEdit> first = randomEdits(rnd, text);
      String middle = TextEdit.apply(text, first);
      List<TextEdit> then = randomEdits(rnd, middle);
      String result = TextEdit.apply(middle, then);
      List<TextEdit> both = TextEdit.compose(first, then, result);
      assertThat(TextEdit.apply(text, both)).as("%s then %s on '%s'", first, then, text)
          .isEqualTo(result);
    }
  }

  @Test
  void hunksFromTheEditsEqualThoseOfALineDiffOnEveryGoldenCase() throws Exception {
    for (GoldenCase c : GoldenCase.all().toList()) {
      if (c.invalid() != null) {
        continue;
      }
      ComposePlan plan = c.plan(ComposeFile.read(c.input()));
      List<String> a = Diffs.lines(plan.file().text());
      List<String> b = Diffs.lines(plan.newText());
      String name = c.input().toString().replaceFirst("^/+", "");
      List<String> expected = a.equals(b) ? List.of() : UnifiedDiffUtils.generateUnifiedDiff(
          "a/" + name, "b/" + name, a, DiffUtils.diff(a, b), Diffs.CONTEXT);
      assertThat(plan.unifiedDiff(true).lines().toList()).as(c.name()).isEqualTo(expected);
    }
  }

  private static String randomText(java.util.Random rnd, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append("ab\nc"
          .charAt(rnd.nextInt(4)));
    }
    return sb.toString();
  }

  private static List<TextEdit> randomEdits(java.util.Random rnd, String text) {
    List<TextEdit> edits = new java.util.ArrayList<>();
    int pos = 0;
    while (pos <= text.length() && rnd.nextInt(3) > 0) {
      int start = pos + rnd.nextInt(Math.max(1, Math.min(4, text.length() - pos + 1)));
      if (start > text.length()) {
        break;
      }
      int end = start + rnd.nextInt(Math.min(3, text.length() - start) + 1);
      edits.add(new TextEdit(start, end, randomText(rnd, rnd.nextInt(3))));
      pos = end + 1;
    }
    return edits;
  }
}
