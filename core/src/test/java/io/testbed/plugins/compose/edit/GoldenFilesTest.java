package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.testbed.plugins.compose.ComposeException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.yaml.TextEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case: the edit produces exactly the expected bytes (or the expected refusals),
 * and planning again on the result changes nothing. Run with {@code -Dgolden.update=true} to
 * (re)write missing expected files for review.
 */
class GoldenFilesTest {

  static Stream<GoldenCase> cases() throws IOException {
    return GoldenCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void editProducesTheExpectedBytesAndIsIdempotent(GoldenCase c) throws IOException {
    if (c.invalid() != null) {
      refusedAsAWhole(c);
      return;
    }
    ComposeFile file = ComposeFile.read(c.input());
    ComposePlan plan = c.plan(file);

    assertThat(plan.refusals()).extracting(Refusal::service)
        .containsExactlyInAnyOrderElementsOf(c.refusals().keySet());
    for (Refusal r : plan.refusals()) {
      assertThat(r.reason()).contains(c.refusals().get(r.service()));
      assertThat(r.remedy()).isNotBlank();
    }
    if (!c.refusals().isEmpty() && !Files.exists(c.expected())) {
      assertThat(plan.newText()).isEqualTo(file.text());
      return;
    }
    if (!Files.exists(c.expected()) && Boolean.getBoolean("golden.update")) {
      Files.write(srcPath(c.expected()), plan.newText().getBytes(StandardCharsets.UTF_8));
      Files.write(c.expected(), plan.newText().getBytes(StandardCharsets.UTF_8));
    }
    String expected = Files.readString(c.expected(), StandardCharsets.UTF_8);
    assertThat(plan.newText()).isEqualTo(expected);
    assertThat(TextEdit.apply(file.text(), plan.edits())).isEqualTo(expected);
    assertThat(plan.changed()).isTrue();

    ComposePlan again = c.plan(ComposeFile.parse(c.name(), plan.newText()));
    assertThat(again.changed()).as("second run plans no edit").isFalse();
    assertThat(again.edits()).isEmpty();
    assertThat(again.changes()).isEmpty();
  }

  /** Refused like a syntax error: {@code file:line:col: problem}, the line and a caret. */
  private static void refusedAsAWhole(GoldenCase c) {
    String[] where = c.invalid().split("\\s+", 2);
    assertThatThrownBy(() -> ComposeFile.read(c.input()))
        .isInstanceOfSatisfying(ComposeException.class, e -> {
          assertThat(e.kind()).isEqualTo(ComposeException.Kind.INVALID);
          assertThat(e.line() + ":" + e.column()).isEqualTo(where[0]);
          assertThat(e.problem()).contains(where[1]);
          assertThat(e.getMessage()).startsWith(c.input() + ":" + where[0] + ": ");
          List<String> lines = e.getMessage().lines().toList();
          assertThat(lines.get(2).strip()).as("caret line").endsWith("^");
          assertThat(e.hint()).isNotBlank();
        });
    assertThat(Files.exists(c.expected())).as("no expected output for a refused file").isFalse();
  }

  private static Path srcPath(Path testClasses) {
    return Path.of("src/test/resources/compose/golden").resolve(testClasses.getFileName());
  }
}
