package io.testbed.plugins.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static final Map<String, String> VARS = Map.of("HOST", "minio", "EMPTY", "", "PORT", "9000");

  private static String interpolate(String text) {
    return Interpolation.interpolate(text, name -> Optional.ofNullable(VARS.get(name)));
  }

  @Test
  void bracedAndBareReferencesAreSubstituted() {
    assertThat(interpolate("http://${HOST}:$PORT/x")).isEqualTo("http://minio:9000/x");
  }

  @Test
  void anUnsetVariableWithoutDefaultBecomesEmptyAsInCompose() {
    assertThat(interpolate("a${NOPE}b$NOPE")).isEqualTo("ab");
  }

  @Test
  void colonDashDefaultsCoverUnsetAndEmptyWhileDashCoversOnlyUnset() {
    assertThat(interpolate("${NOPE:-d}|${EMPTY:-d}|${HOST:-d}")).isEqualTo("d|d|minio");
    assertThat(interpolate("${NOPE-d}|${EMPTY-d}|${HOST-d}")).isEqualTo("d||minio");
  }

  @Test
  void alternativesApplyOnlyWhenSet() {
    assertThat(interpolate("${HOST:+yes}|${EMPTY:+yes}|${EMPTY+yes}|${NOPE+yes}"))
        .isEqualTo("yes||yes|");
  }

  @Test
  void defaultsNest() {
    assertThat(interpolate("${NOPE:-http://${HOST}:${NOPE2:-9001}}")).isEqualTo("http://minio:9001");
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    assertThat(interpolate("pa$$word $${HOST}")).isEqualTo("pa$word ${HOST}");
  }

  @Test
  void aDollarNotFollowedByANameIsKept() {
    assertThat(interpolate("cost: 5$ and $-x and $")).isEqualTo("cost: 5$ and $-x and $");
  }

  @Test
  void requiredVariablesFailWithTheirMessage() {
    assertThatThrownBy(() -> interpolate("x${NOPE:?set NOPE first}"))
        .isInstanceOf(Interpolation.Failure.class)
        .hasMessage("required variable NOPE is missing a value: set NOPE first")
        .extracting(e -> ((Interpolation.Failure) e).offset()).isEqualTo(1);
    assertThatThrownBy(() -> interpolate("${EMPTY:?}")).hasMessageContaining("EMPTY is empty");
    assertThat(interpolate("${EMPTY?}")).isEmpty();
  }

  @Test
  void malformedReferencesAreRejected() {
    assertThatThrownBy(() -> interpolate("${HOST")).isInstanceOf(Interpolation.Failure.class)
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> interpolate("${1X}")).hasMessageContaining("invalid interpolation");
    assertThatThrownBy(() -> interpolate("${HOST%x}")).hasMessageContaining("invalid interpolation");
  }

  @Test
  void referencesListEveryVariableAndWhetherADefaultCoversIt() {
    assertThat(Interpolation.references("$A ${B} ${C:-x} ${D:?e} $$E ${F:-${G}}"))
        .extracting(Interpolation.Reference::name, Interpolation.Reference::hasDefault)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", false),
            org.assertj.core.groups.Tuple.tuple("B", false),
            org.assertj.core.groups.Tuple.tuple("C", true),
            org.assertj.core.groups.Tuple.tuple("D", false),
            org.assertj.core.groups.Tuple.tuple("F", true),
            org.assertj.core.groups.Tuple.tuple("G", false));
  }

  @Test
  void longTextIsLinear() {
    String text = "$$".repeat(500_000) + "${HOST}".repeat(100_000);
    assertThat(interpolate(text)).hasSize(500_000 + 5 * 100_000);
  }
}
