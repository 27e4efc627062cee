package io.testbed.plugins.compose.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.testbed.plugins.compose.ComposeFile;
import io.testbed.plugins.compose.WorkerSelection;
import io.testbed.plugins.compose.WorkerSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a timed test: parse, select, plan (with verification) and diff an edit of
 * compose files of 1,000, 5,000 and 20,000 services in-process, to show the time grows linearly.
 * Run with {@code mvn -B -q -pl core -am verify -Dgroups=slow -DexcludedGroups=
 * -Dtest=ComposeBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; it prints the best and median
 * of 7 runs per size.
 */
@Tag("slow")
class ComposeBenchmark {

  static String bigFile(int services) {
    StringBuilder sb = new StringBuilder("# generated deployment\nservices:\n");
    for (int i = 0; i < services; i++) {
      boolean worker = i % 2 == 0;
      sb.append("  svc-").append(i).append(":\n")
          .append("    image: securing-ai/").append(worker ? "tensorflow2-cpu" : "restapi")
          .append(":latest\n")
          .append("    restart: always\n");
      switch (i % 4) {
        case 0 -> sb.append("    environment:\n      AI_RESTAPI_ENV: prod # mode\n")
            .append("      MLFLOW_TRACKING_URI: http://mlflow-tracking:5000\n");
        case 1 -> sb.append("    environment:\n      - A=1\n      - \"B=2\"\n");
        case 2 -> sb.append("    environment: {A: 1}\n");
        default -> {}
      }
      sb.append("    volumes:\n      - ./data:/data\n\n");
    }
    return sb.toString();
  }

  @Test
  void editsFilesOfOneFiveAndTwentyThousandServicesInTimeLinearInTheirSize() {
    Map<String, String> vars = Map.of("AI_PLUGINS_S3_URI", "s3://plugins/securingai_builtins");
    for (int services : new int[] {1_000, 5_000, 20_000}) {
      String text = bigFile(services);
      long[] times = new long[7];
      ComposePlan plan = null;
      for (int run = 0; run < times.length; run++) {
        long t0 = System.nanoTime();
        ComposeFile f = ComposeFile.parse("big.yml", text);
        List<String> workers =
            WorkerSelector.workers(WorkerSelector.select(f, WorkerSelection.defaults()));
        plan = EnvEdit.plan(f, workers, vars);
        plan.unifiedDiff(false);
        times[run] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(times);
      System.out.printf("benchmark: %,d services, %,d KiB, %,d edits: best %d ms, median %d ms"
              + " (%.1f us per service)%n", services, text.length() / 1024, plan.edits().size(),
          times[0] / 1_000_000, times[3] / 1_000_000, times[0] / 1_000.0 / services);
      assertThat(plan.changedServices()).hasSize(services / 2);
    }
  }
}
