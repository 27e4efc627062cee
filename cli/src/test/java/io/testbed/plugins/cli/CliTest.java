package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every command shares: help, version, argument files, colour, usage errors. */
class CliTest {
  @TempDir Path tmp;


  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix) {
    List<List<String>> paths = new ArrayList<>();
    for (var e : cmd.getSubcommands().entrySet()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      paths.add(path);
      paths.addAll(commandPaths(e.getValue(), path));
    }
    return paths;
  }

  @Test
  void everyCommandHasHelpWithExamplesOrExitCodes() {
    List<List<String>> paths = commandPaths(Main.commandLine(), List.of());
    assertThat(paths).extracting(p -> String.join(" ", p))
        .contains("configure", "status", "compose workers", "compose set-env", "sync", "mb", "generate-completion");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: testbed-plugins " + String.join(" ", path));
      if (!path.get(0).equals("generate-completion") && !path.equals(List.of("compose"))) {
        assertThat(r.out()).as(String.join(" ", args)).contains("Examples:").contains("Exit codes");
      }
    }
  }

  @Test
  void aKnownSubcommandIsTheOnlyOneBuiltAndAnythingElseGetsThemAll() {
    assertThat(Main.commandLine("sync").getSubcommands()).containsOnlyKeys("sync");
    assertThat(Main.commandLine("status").getSubcommands()).containsOnlyKeys("status");
    for (String first : new String[] {"--help", "synk", "@args.txt"}) {
      assertThat(Main.commandLine(first).getSubcommands())
          .as(first)
          .containsOnlyKeys(Main.commandLine().getSubcommands().keySet());
    }
    assertThat(Main.commandLine().getSubcommands()).hasSize(7);
  }

  @Test
  void rootHelpListsTheExitCodes() {
    CliRun r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("0  done", "1  error", "2  usage", "3  changes pending");
  }

  @Test
  void versionComesFromTheBuildAndNamesTheRuntimeAndItsHome() {
    CliRun r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("testbed-plugins ").doesNotContain("unknown").doesNotContain("${")
        .contains("Java " + System.getProperty("java.version") + " (")
        .contains(") at " + System.getProperty("java.home") + System.lineSeparator());
  }

  @Test
  void argumentsCanBeReadFromAnArgFile() throws IOException {
    Path compose = tmp.resolve("docker-compose.yml");
    Files.writeString(compose, "services:\n  w:\n    image: dioptra/pytorch-cpu:1.0\n");
    Path argfile = tmp.resolve("args.txt");
    Files.writeString(argfile, "compose\nset-env\n--compose\n" + compose + "\n--set\nAI_PLUGINS_S3_URI=s3://plugins/x\n--dry-run\n");

    CliRun r = run("@" + argfile);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("+    environment:", "+      AI_PLUGINS_S3_URI: s3://plugins/x");
  }

  @Test
  void colourIsUsedWhenAskedForAndNeverWhenRefused() throws IOException {
    Path compose = tmp.resolve("docker-compose.yml");
    Files.writeString(compose, "services:\n  w:\n    image: dioptra/pytorch-cpu:1.0\n    environment:\n      A: b\n");
    String[] base = {"compose", "set-env", "--compose", compose.toString(), "--set", "X=value", "--dry-run"};

    CliRun always = run(concat(base, "--color=always"));
    CliRun never = run(concat(base, "--color=never"));

    assertThat(always.out()).contains("\u001b[");
    assertThat(never.out()).doesNotContain("\u001b[").contains("+      X: value");
  }

  @Test
  void generateCompletionPrintsABashScript() {
    CliRun r = run("generate-completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("complete -F").contains("configure").contains("set-env");
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithAPointerToHelp() {
    CliRun r = run("configure", "--plugin", "x");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--plugin").contains("--help").doesNotContain("\tat ");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
