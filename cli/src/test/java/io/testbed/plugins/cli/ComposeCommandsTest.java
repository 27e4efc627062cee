package io.testbed.plugins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ComposeCommandsTest {
  static final String COMPOSE = """
      services:
        redis:
          image: redis:latest
        restapi:
          image: securing-ai/restapi:latest
          environment:
            AWS_SECRET_ACCESS_KEY: hunter2 # keep secret
        tfcpu-01:
          image: securing-ai/tensorflow2-cpu:latest
          environment:
            AI_RESTAPI_ENV: prod
        pytorchgpu-01:
          image: securing-ai/pytorch-gpu:latest
          environment:
            - AI_PLUGINS_S3_URI=s3://old
      """;

  @TempDir Path dir;


  private CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path compose(String text) throws Exception {
    Path p = dir.resolve("docker-compose.yml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void parsesSelectionAndSetOptions() {
    ComposeSetEnvCommand c = CommandLine.populateCommand(new ComposeSetEnvCommand(),
        "--compose", "x.yml", "--set", "A=1", "--set", "B=x=y", "--service", "s1",
        "--service", "s2", "--exclude-service", "s3", "--image-pattern", "*/w:*", "--all-services",
        "--dry-run", "--backup", "--show-secrets", "--json");
    assertThat(c.compose.file).isEqualTo(Path.of("x.yml"));
    assertThat(c.vars).containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("B", "x=y"));
    assertThat(c.selection.toSelection().services()).containsExactly("s1", "s2");
    assertThat(c.selection.toSelection().excludeServices()).containsExactly("s3");
    assertThat(c.selection.toSelection().imagePatterns()).containsExactly("*/w:*");
    assertThat(c.selection.toSelection().all()).isTrue();
    assertThat(c.dryRun && c.backup && c.showSecrets && c.json).isTrue();
    ComposeWorkersCommand w = CommandLine.populateCommand(new ComposeWorkersCommand());
    assertThat(w.var).isEqualTo("AI_PLUGINS_S3_URI");
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
  void longLinesAreEditedAndTheirDryRunDiffIsPrinted() throws Exception {
    String five = "Ab0+".repeat(5 * 1024 * 1024 / 4);
    String cert = "Zz9/".repeat(300 * 1024 / 4);
    String text = "# " + five + "\nservices:\n  tfcpu-01:\n    image: securing-ai/tensorflow2-cpu\n"
        + "    environment:\n      A_LONG: " + five + "\n      TLS_KEY_PASSWORD: \"" + cert + "\"\n";
    Path p = compose(text);
    CliRun dry = run("compose", "set-env", "--compose", p.toString(), "--set", "K=v", "--dry-run");
    assertThat(dry.exitCode()).isEqualTo(0);
    List<String> lines = dry.out().lines().toList();
    assertThat(lines.subList(2, 5)).containsExactly("@@ -4,4 +4,5 @@",
        "     image: securing-ai/tensorflow2-cpu", "     environment:");
    assertThat(lines.get(5).equals("       A_LONG: " + five)).as("the 5 MB line").isTrue();
    assertThat(lines.subList(6, 8)).containsExactly("+      K: v", "       TLS_KEY_PASSWORD: ***");
    assertThat(Files.readString(p).equals(text)).as("a dry run writes nothing").isTrue();
    CliRun real = run("compose", "set-env", "--compose", p.toString(), "--set", "K=v");
    assertThat(real.exitCode()).isEqualTo(0);
    assertThat(Files.readString(p).equals(text.replace("      TLS_", "      K: v\n      TLS_")))
        .as("edited").isTrue();
  }

  @Test
  void setEnvAsRootKeepsTheOwnerGroupAndModeOfTheFileAndItsBackup() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")));
    Path p = compose(COMPOSE);
    var users = p.getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(p, users.lookupPrincipalByName("nobody"));
    Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(users.lookupPrincipalByGroupName("nogroup"));
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "K=v", "--backup");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEmpty();
    for (Path f : List.of(p, dir.resolve("docker-compose.yml.bak"))) {
      var a = Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class);
      assertThat(a.owner().getName() + ":" + a.group().getName() + " "
          + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions()))
          .as(f.toString()).isEqualTo("nobody:nogroup rw-r-----");
    }
  }

  @Test
  void severalDefaultsBlocksWithUnanchoredEnvironmentsGetAnchorsOfTheirOwn() throws Exception {
    String text = """
        x-app-defaults: &app_defaults
          restart: unless-stopped
          environment:
            APP_MODE: web

        x-jobs-defaults: &jobs_defaults
          restart: unless-stopped
          environment:
            JOBS_MODE: batch

        services:
          web:
            <<: *app_defaults
            image: example/app:1.0
          cron:
            <<: *app_defaults
            image: example/app:1.0
          jobs-api:
            <<: *jobs_defaults
            image: example/jobs:1.0
          jobs-consumer:
            <<: *jobs_defaults
            image: example/jobs:1.0
        """;
    Path p = compose(text);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set",
        "AI_PLUGINS_S3_URI=s3://plugins/x", "--service", "web", "--service", "jobs-api");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    String after = Files.readString(p);
    assertThat(after).contains("  environment: &app_defaults-env\n",
        "  environment: &jobs_defaults-env\n",
        "    environment:\n      <<: *app_defaults-env\n      AI_PLUGINS_S3_URI: s3://plugins/x\n",
        "    environment:\n      <<: *jobs_defaults-env\n      AI_PLUGINS_S3_URI: s3://plugins/x\n");
    CliRun workers = run("compose", "workers", "--compose", p.toString(), "--all-services");
    assertThat(workers.out()).containsPattern("web\\s+yes\\s+s3://plugins/x")
        .containsPattern("jobs-api\\s+yes\\s+s3://plugins/x")
        .containsPattern("cron\\s+yes\\s+\\(not set\\)")
        .containsPattern("jobs-consumer\\s+yes\\s+\\(not set\\)");
  }

  @Test
  void setEnvRemovesATempFileLeftByAKilledRunAndSaysSo() throws Exception {
    Path p = compose(COMPOSE);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path stale = dir.resolve(".docker-compose.yml." + gone.pid() + ".42.tmp");
    Files.writeString(stale, "half a compose fi");
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "K=v");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("warning: removed " + stale
        + ", left behind by an interrupted run (process " + gone.pid() + ")\n");
    assertThat(Files.exists(stale)).isFalse();
  }

  @Test
  void aControlCharacterDockerComposeRefusesIsASyntaxErrorAndNothingIsWritten() throws Exception {
    String text = COMPOSE.replace("AI_RESTAPI_ENV: prod", "AI_RESTAPI_ENV: pr\u007fod");
    Path p = compose(text);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "K=v");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(p + ":11:25: control character U+007F (DEL) is not allowed")
        .contains("\n          AI_RESTAPI_ENV: pr\uFFFDod\n                            ^\n")
        .doesNotContain("Exception");
    assertThat(Files.readString(p)).isEqualTo(text);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(p);
    }
  }

  @Test
  void workersListsEveryServiceWithDecisionReasonAndValue() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "workers", "--compose", p.toString());
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).contains("SERVICE", "WORKER", "AI_PLUGINS_S3_URI", "REASON");
    assertThat(r.out()).containsPattern("redis\\s+no\\s+\\(not set\\)\\s+infrastructure");
    assertThat(r.out()).containsPattern("tfcpu-01\\s+yes\\s+\\(not set\\)\\s+image");
    assertThat(r.out()).containsPattern("pytorchgpu-01\\s+yes\\s+s3://old");
    assertThat(r.out()).contains("2 of 4 services are workers");
  }

  @Test
  void workersJsonHasAServicesArray() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "workers", "--compose", p.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).contains("\"services\":[{\"name\":\"redis\",\"worker\":false,\"reason\":")
        .contains("{\"name\":\"pytorchgpu-01\",\"worker\":true,\"reason\":")
        .contains("\"value\":\"s3://old\",\"source\":\"" + p + ":").contains("\"value\":null");
  }

  @Test
  void setEnvWritesThenReportsUpToDateWithoutTouchingTheFile() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set",
        "AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("Updated " + p, "2 service(s) changed");
    String text = Files.readString(p);
    assertThat(text).contains("      AI_RESTAPI_ENV: prod\n"
        + "      AI_PLUGINS_S3_URI: s3://plugins/securingai_builtins\n",
        "- AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins\n");
    FileTime t = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(p, t);
    CliRun again = run("compose", "set-env", "--compose", p.toString(), "--set",
        "AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins");
    assertThat(again.exitCode()).isEqualTo(0);
    assertThat(again.out()).contains("up to date");
    assertThat(Files.getLastModifiedTime(p)).isEqualTo(t);
    assertThat(Files.readString(p)).isEqualTo(text);
  }

  @Test
  void dryRunPrintsTheDiffAndWritesNothing() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1", "--dry-run",
        "--color", "never");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).contains("--- a/" + p.toString().substring(1), "+++ b/" + p.toString().substring(1), "@@", "+      X: \"1\"",
        "+      - X=1", "nothing written");
    assertThat(Files.readString(p)).isEqualTo(COMPOSE);
  }

  @Test
  void checkExitsThreeWhenChangesArePendingAndZeroWhenNot() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1", "--check");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(Files.readString(p)).isEqualTo(COMPOSE);
    run("compose", "set-env", "--compose", p.toString(), "--set", "X=1");
    assertThat(run("compose", "set-env", "--compose", p.toString(), "--set", "X=1", "--check")
        .exitCode()).isEqualTo(0);
  }

  @Test
  void malformedFileIsReportedAtFileLineColumnWithoutAStackTrace() throws Exception {
    Path p = compose("services:\n  a:\n    image: [x\n  b: 1\n");
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(p.toString()) + ":\\d+:\\d+: ")
        .contains("^").doesNotContain("Exception", "\tat ");
    CliRun w = run("compose", "workers", "--compose", p.toString());
    assertThat(w.exitCode()).isEqualTo(1);
    assertThat(w.err()).doesNotContain("Exception");
  }

  @Test
  void refusedServicesFailWithTheReasonAndNothingIsWritten() throws Exception {
    String shared = """
        x-env: &env
          A: "1"
        services:
          tfcpu-01:
            image: securing-ai/tensorflow2-cpu
            environment: &own
              B: "2"
          restapi:
            image: securing-ai/restapi
            labels: *own
          tfcpu-02:
            image: securing-ai/tensorflow2-cpu
        """;
    Path p = compose(shared);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("refused service tfcpu-01", "used outside", "To fix:",
        "nothing written");
    assertThat(Files.readString(p)).isEqualTo(shared);
    CliRun excluded = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1",
        "--exclude-service", "tfcpu-01");
    assertThat(excluded.exitCode()).isEqualTo(0);
    assertThat(Files.readString(p)).contains("      X: \"1\"");
  }

  @Test
  void unknownServiceListsTheKnownOnesAndBadSetIsAUsageError() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1", "--service", "nope");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no service named 'nope'", "Known services: redis, restapi");
    CliRun bad = run("compose", "set-env", "--compose", p.toString(), "--set", "1X=1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(run("compose", "set-env", "--compose", p.toString(), "--set", "NOVALUE").exitCode())
        .isEqualTo(2);
    assertThat(run("compose").exitCode()).isEqualTo(2);
  }

  @Test
  void jsonAndDiffMaskSecretsUnlessAsked() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "DB_PASSWORD=pw1",
        "--all-services", "--dry-run", "--json");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).startsWith("{\"file\":").contains("\"changed\":true", "\"written\":false",
        "\"new\":\"***\"").doesNotContain("pw1", "hunter2");
    CliRun shown = run("compose", "set-env", "--compose", p.toString(), "--set", "DB_PASSWORD=pw1",
        "--all-services", "--dry-run", "--show-secrets");
    assertThat(shown.out()).contains("pw1", "hunter2");
  }

  @Test
  void concurrentSetEnvRunsOnTheSameFileNeverLoseAnUpdate() throws Exception {
    for (int round = 0; round < 10; round++) {
      Path p = compose(COMPOSE);
      int n = 4;
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<CliRun>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String var = "VAR_" + i + "=v";
        runs.add(pool.submit(() -> {
          go.await();
          return run("compose", "set-env", "--compose", p.toString(), "--set", var);
        }));
      }
      go.countDown();
      for (var f : runs) {
        CliRun r = f.get();
        // Each run either succeeded (possibly after re-reading) or says clearly why not.
        assertThat(r.exitCode() == 0 || r.err().contains("another process is editing")
            || r.err().contains("changed on disk")).as(r.err()).isTrue();
      }
      pool.shutdown();
      String text = Files.readString(p);
      for (int i = 0; i < n; i++) {
        if (runs.get(i).get().exitCode() == 0) {
          assertThat(text).as("update of run " + i + " kept").contains("VAR_" + i);
        }
      }
    }
  }

  @Test
  void backupKeepsThePreviousVersionBesideTheFile() throws Exception {
    Path p = compose(COMPOSE);
    CliRun r = run("compose", "set-env", "--compose", p.toString(), "--set", "X=1", "--backup");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).contains("previous version saved as " + p + ".bak");
    assertThat(Files.readString(dir.resolve("docker-compose.yml.bak"))).isEqualTo(COMPOSE);
  }

  @Test
  void withoutComposeTheFileIsFoundThroughComposeFileOrTheDefaultNames() throws Exception {
    ComposeFileOption none = CommandLine.populateCommand(new ComposeSetEnvCommand(), "--set", "A=1")
        .compose;
    Path p = compose(COMPOSE);
    assertThat(none.resolve(dir, java.util.Map.of())).isEqualTo(p);
    Files.writeString(dir.resolve("prod.yml"), COMPOSE);
    assertThat(none.resolve(dir, java.util.Map.of("COMPOSE_FILE", "prod.yml")))
        .isEqualTo(dir.resolve("prod.yml"));
  }

  @Test
  void rootHelpListsTheComposeCommands() {
    assertThat(run("--help").out()).contains("compose");
    assertThat(run("compose", "--help").out()).contains("workers", "set-env");
  }

  @Test
  void helpMentionsDollarEscapingAndExamples() {
    CliRun r = run("compose", "set-env", "--help");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.out()).contains("'$' is written as '$$'", "K: a$$b", "Examples:", "--dry-run", "--check");
  }
}
