package io.testbed.plugins.configure;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.PluginsException;
import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.ComposeProject;
import io.testbed.plugins.compose.ServiceNetwork;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.s3.S3Settings;
import java.io.IOException;
import io.testbed.plugins.testing.Corpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The deployment's S3 settings over the real-world corpus ({@code shared/corpus/compose}), every
 * service taken as a worker: each file either resolves or fails with a message (a {@link
 * PluginsException}), never with anything else; and every {@code ports:} entry of every service
 * reads as a port mapping (the exceptions: podman-compose test files that give {@code ports} as a
 * string, which docker compose rejects too).
 */
class DeploymentS3CorpusTest {
  /** What a refusal is about, for the summary. */
  private static final List<String> REASONS = List.of("does not exist", "required variable",
      "not a port mapping", "ports must be a list", "disagree", "is empty", "only half",
      "reachable only inside", "publishes port", "interpolates to nothing", "not an http");

  @Test
  void everyCorpusFileResolvesOrSaysWhyAndEveryPortEntryReads() throws IOException {
    Path dir = Corpus.dir();
    List<String> crashes = new ArrayList<>();
    List<String> badPorts = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    int files = 0;
    int ports = 0;
    for (String rel : Corpus.files()) {
      Path file = dir.resolve(rel);
      try {
        ComposeFile.read(file);
      } catch (PluginsException e) {
        continue; // not a compose file this project accepts: CorpusTest covers those
      }
      files++;
      String outcome;
      try {
        DeploymentS3 s3 = DeploymentS3.resolve(S3Settings.builder().region("us-east-1"), file,
            WorkerSelection.allServices(), Map.of(), Optional.empty());
        outcome = s3.fromDeployment() ? "endpoint from the deployment" : "no endpoint: AWS";
      } catch (PluginsException e) {
        String message = e.getMessage();
        outcome = "refused: " + REASONS.stream().filter(message::contains).findFirst()
            .orElse(message.lines().findFirst().orElse(""));
      } catch (RuntimeException e) {
        crashes.add(rel + ": " + e);
        continue;
      }
      outcomes.merge(outcome, 1, Integer::sum);
      try {
        ComposeProject project = ComposeProject.load(file, Map.of());
        ServiceNetwork net = ServiceNetwork.of(project);
        for (String service : project.serviceNames()) {
          try {
            ports += net.ports(service).size();
          } catch (PluginsException e) {
            badPorts.add(rel + " " + service + ": " + e.getMessage().lines().findFirst().orElse(""));
          }
        }
      } catch (PluginsException e) {
        // an env file or .env the corpus lacks: counted above
      }
    }
    System.out.printf("DeploymentS3 corpus: %d files, %d port entries; %s; bad ports: %s%n",
        files, ports, outcomes, badPorts);
    assertThat(crashes).isEmpty();
    assertThat(files).isGreaterThan(300);
    assertThat(ports).isGreaterThan(200);
    assertThat(badPorts.size()).as("port entries that do not read: %s", badPorts)
        .isLessThanOrEqualTo(files / 100);
  }
}
