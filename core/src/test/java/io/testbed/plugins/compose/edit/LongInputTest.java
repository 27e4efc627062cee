package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.Diffs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long and deep input: every step (parse, select, plan, verify, diff, mask, write) is linear in the
 * input, so megabyte lines edit in well under the timeouts (which only catch quadratic blow-ups),
 * and nothing ends in a StackOverflowError.
 */
class LongInputTest {
  static final Map<String, String> VARS = Map.of("AI_PLUGINS_S3_URI", "s3://plugins/x");

  @TempDir Path dir;

  /** {@code count} chars of base64-like text. */
  static String filler(int count) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append(alphabet.charAt((i * 31 + i / 64) % alphabet.length()));
    }
    return sb.toString();
  }

  private ComposePlan editAndWrite(String text) throws Exception {
    Path p = dir.resolve("docker-compose.yml");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    ComposeFile f = ComposeFile.read(p);
    ComposePlan plan = EnvEdit.plan(f, List.of("tfcpu-01"), VARS);
    assertThat(plan.changedServices()).containsExactly("tfcpu-01");
    assertThat(ComposeWriter.write(plan, true).written()).isTrue();
    assertThat(Files.readString(p, StandardCharsets.UTF_8)).isEqualTo(plan.newText());
    return plan;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFiveMegabyteLineInATenMegabyteFileIsEditedAndItsDiffPrinted() throws Exception {
    String longValue = filler(5 * 1024 * 1024);
    String text = "# " + filler(5 * 1024 * 1024) + "\n"
        + "services:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu:latest\n"
        + "    environment:\n      A_LONG: " + longValue + "\n      ZZ: last\n";
    ComposePlan plan = editAndWrite(text);
    String diff = plan.unifiedDiff(false);
    String[] lines = diff.split("\n");
    assertThat(lines).hasSize(9);
    assertThat(lines[2]).isEqualTo("@@ -3,5 +3,6 @@");
    assertThat(lines[6]).isEqualTo("+      AI_PLUGINS_S3_URI: s3://plugins/x");
    assertThat(lines[7].equals("       A_LONG: " + longValue)).as("the 5 MB line as context").isTrue();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aThreeHundredKilobyteQuotedValueInTheEditedEnvironmentIsEditedAndMasked() throws Exception {
    String cert = filler(300 * 1024);
    String text = "services:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu:latest\n"
        + "    environment:\n      TLS_PRIVATE_KEY: \"" + cert + "\"\n"
        + "      TLS_CERT: '" + cert + "'\n";
    ComposePlan plan = editAndWrite(text);
    List<String> masked = plan.unifiedDiff(false).lines().toList();
    assertThat(masked).hasSize(7);
    assertThat(masked.subList(2, 5)).containsExactly("@@ -4,3 +4,4 @@", "     environment:",
        "       TLS_PRIVATE_KEY: ***");
    assertThat(masked.get(6)).isEqualTo("+      AI_PLUGINS_S3_URI: s3://plugins/x");
    assertThat(plan.unifiedDiff(false).contains("\n       TLS_PRIVATE_KEY: ***\n")).isTrue();
    assertThat(plan.unifiedDiff(false).contains("\n       TLS_CERT: '" + cert + "'\n")).isTrue();
    assertThat(plan.unifiedDiff(true).contains("TLS_PRIVATE_KEY: \"" + cert + "\"")).isTrue();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void maskingOfLongLinesOfEveryShapeIsLinear() {
    String five = filler(5 * 1024 * 1024);
    assertThat(Diffs.mask("DB_PASSWORD: \"" + five)).isEqualTo("DB_PASSWORD: ***");
    assertThat(Diffs.mask(" ".repeat(5_000_000) + "x")).hasSize(5_000_001);
    assertThat(Diffs.mask("TOKEN: a" + " ".repeat(5_000_000) + "b")).isEqualTo("TOKEN: ***");
    assertThat(Diffs.mask("K: \"a\\".repeat(1_000_000))).hasSize(6_000_000);
    assertThat(Diffs.mask("{" + "SECRET: x, ".repeat(500_000) + "}"))
        .isEqualTo("{" + "SECRET: ***, ".repeat(500_000) + "}");
    assertThat(Diffs.mask("- SECRET=x, ".repeat(500_000))).isEqualTo("- SECRET=*** ");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void deepInputGetsAClearMessageNotAStackOverflow() {
    String flow = "services: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    StringBuilder block = new StringBuilder("services:\n");
    for (int d = 1; d <= 5_000; d++) {
      block.append(" ".repeat(d)).append("k").append(d).append(":\n");
    }
    StringBuilder aliases = new StringBuilder("x-0: &a0 {k: v}\n");
    for (int i = 1; i < 5_000; i++) {
      aliases.append("x-").append(i).append(": &a").append(i).append(" {<<: *a").append(i - 1)
          .append("}\n");
    }
    aliases.append("services:\n  w:\n    <<: *a4999\n    image: x\n");
    for (String text : List.of(flow, block.toString(), aliases.toString())) {
      assertThatThrownBy(() -> ComposeFile.parse("deep.yml", text))
          .isInstanceOf(ComposeException.class).hasMessageContaining("deep.yml:")
          .hasMessageContaining("nesting deeper than");
    }
    StringBuilder chain = new StringBuilder("x-0: &a0 {k: v}\n");
    for (int i = 1; i < 150; i++) {
      chain.append("x-").append(i).append(": &a").append(i).append(" {<<: *a").append(i - 1)
          .append("}\n");
    }
    chain.append("services:\n  w:\n    <<: *a149\n    environment: {A: '1'}\n");
    ComposeFile f = ComposeFile.parse("chain.yml", chain.toString());
    ComposePlan plan = EnvEdit.plan(f, List.of("w"), VARS);
    assertThat(plan.changedServices()).containsExactly("w");
  }
}
