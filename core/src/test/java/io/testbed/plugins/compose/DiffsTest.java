package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;

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
  void linesAreSplitOnLfCrlfAndCr() {
    assertThat(Diffs.lines("a\r\nb\nc\rd")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void lineEditsReproduceTheNewText() {
    String a = "x\r\ny\nz";
    String b = "x\r\nnew\ny\nz\n";
    assertThat(TextEdit.apply(a, Diffs.edits(a, b))).isEqualTo(b);
  }
}
